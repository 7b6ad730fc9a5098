"""classification: extracted fields, corrections, entity links, case files

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 11:20:00

Only new tables: documents, cases, parties, officers and devices keep the
columns 0001 gave them, so this branch merges cleanly with 0003.
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('document_classification',
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('doc_type_confidence', sa.Float(), nullable=False),
    sa.Column('doc_date', sa.Date(), nullable=True),
    sa.Column('case_link', sa.String(length=16), nullable=True),
    sa.Column('needs_review', sa.Boolean(), nullable=False),
    sa.Column('review_reasons', sa.JSON(), nullable=False),
    sa.Column('classifier_version', sa.String(length=16), nullable=False),
    sa.Column('classified_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ),
    sa.PrimaryKeyConstraint('document_id')
    )
    with op.batch_alter_table('document_classification', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_classification_doc_date'), ['doc_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_document_classification_needs_review'), ['needs_review'], unique=False)

    op.create_table('extracted_field',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('attr', sa.String(length=24), nullable=False),
    sa.Column('entity', sa.String(length=200), nullable=True),
    sa.Column('value', sa.Text(), nullable=True),
    sa.Column('machine_value', sa.Text(), nullable=True),
    sa.Column('raw', sa.Text(), nullable=True),
    sa.Column('confidence', sa.Float(), nullable=False),
    sa.Column('page_no', sa.Integer(), nullable=True),
    sa.Column('boxes', sa.JSON(), nullable=False),
    sa.Column('problems', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('document_id', 'key')
    )
    with op.batch_alter_table('extracted_field', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_extracted_field_document_id'), ['document_id'], unique=False)

    op.create_table('field_correction',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('field_id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=12), nullable=False),
    sa.Column('old_value', sa.Text(), nullable=True),
    sa.Column('new_value', sa.Text(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ),
    sa.ForeignKeyConstraint(['field_id'], ['extracted_field.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('field_correction', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_field_correction_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_field_correction_field_id'), ['field_id'], unique=False)

    op.create_table('document_party',
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('party_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ),
    sa.ForeignKeyConstraint(['party_id'], ['party.id'], ),
    sa.PrimaryKeyConstraint('document_id', 'party_id', 'role')
    )
    with op.batch_alter_table('document_party', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_party_party_id'), ['party_id'], unique=False)

    op.create_table('document_officer',
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=False),
    sa.Column('roles', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ),
    sa.ForeignKeyConstraint(['officer_id'], ['officer.id'], ),
    sa.PrimaryKeyConstraint('document_id', 'officer_id')
    )
    with op.batch_alter_table('document_officer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_officer_officer_id'), ['officer_id'], unique=False)

    op.create_table('document_device',
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['device_id'], ['device.id'], ),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ),
    sa.PrimaryKeyConstraint('document_id', 'device_id')
    )
    with op.batch_alter_table('document_device', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_device_device_id'), ['device_id'], unique=False)

    op.create_table('case_file',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('archive_no', sa.String(length=100), nullable=True),
    sa.Column('retention', sa.String(length=12), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('archived_by', sa.String(length=64), nullable=True),
    sa.Column('page_count', sa.Integer(), nullable=False),
    sa.Column('assembled_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('archive_no'),
    sa.UniqueConstraint('case_id')
    )
    op.create_table('case_file_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_file_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('doc_date', sa.Date(), nullable=True),
    sa.Column('first_page', sa.Integer(), nullable=False),
    sa.Column('last_page', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['case_file_id'], ['case_file.id'], ),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('case_file_id', 'position')
    )
    with op.batch_alter_table('case_file_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_file_entry_case_file_id'), ['case_file_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('case_file_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_file_entry_case_file_id'))
    op.drop_table('case_file_entry')
    op.drop_table('case_file')
    for table, column in (('document_device', 'device_id'), ('document_officer', 'officer_id'),
                          ('document_party', 'party_id')):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f'ix_{table}_{column}'))
        op.drop_table(table)
    with op.batch_alter_table('field_correction', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_field_correction_field_id'))
        batch_op.drop_index(batch_op.f('ix_field_correction_document_id'))
    op.drop_table('field_correction')
    with op.batch_alter_table('extracted_field', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_extracted_field_document_id'))
    op.drop_table('extracted_field')
    with op.batch_alter_table('document_classification', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_classification_needs_review'))
        batch_op.drop_index(batch_op.f('ix_document_classification_doc_date'))
    op.drop_table('document_classification')
