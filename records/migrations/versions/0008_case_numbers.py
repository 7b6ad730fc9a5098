"""case_number and case_merge: a case is one matter with many numbers; merges are recorded and undoable (#13)

Every number seen for a case gets a case_number row (seeded here from each filed document's case
number); two cases found to be one are merged with a case_merge row that says what moved.

Revision ID: 0008
Revises: 0007
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('case_number',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=100), nullable=False),
    sa.Column('source', sa.String(length=12), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('first_seen', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], ),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('case_number', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_number_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_number_document_id'), ['document_id'], unique=False)
        batch_op.create_index('ix_case_number_unit_number', ['unit_id', 'number'], unique=False)
    op.create_table('case_merge',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('survivor_id', sa.Integer(), nullable=False),
    sa.Column('absorbed_id', sa.Integer(), nullable=False),
    sa.Column('absorbed', sa.JSON(), nullable=False),
    sa.Column('moved', sa.JSON(), nullable=False),
    sa.Column('reason', sa.String(length=24), nullable=False),
    sa.Column('evidence', sa.JSON(), nullable=False),
    sa.Column('merged_by', sa.String(length=64), nullable=False),
    sa.Column('merged_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('reviewed_by', sa.String(length=64), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('undone_by', sa.String(length=64), nullable=True),
    sa.Column('undone_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('undo_reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('case_merge', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_merge_unit_id'), ['unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_merge_survivor_id'), ['survivor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_merge_absorbed_id'), ['absorbed_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_merge_status'), ['status'], unique=False)
    # Existing filings: each filed document's case number is one number of its case.
    op.execute(
        "INSERT INTO case_number (case_id, unit_id, number, source, document_id, first_seen) "
        "SELECT d.case_id, c.unit_id, c.case_no, 'own', d.id, CURRENT_TIMESTAMP "
        "FROM document d JOIN \"case\" c ON c.id = d.case_id")


def downgrade() -> None:
    with op.batch_alter_table('case_merge', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_merge_status'))
        batch_op.drop_index(batch_op.f('ix_case_merge_absorbed_id'))
        batch_op.drop_index(batch_op.f('ix_case_merge_survivor_id'))
        batch_op.drop_index(batch_op.f('ix_case_merge_unit_id'))
    op.drop_table('case_merge')
    with op.batch_alter_table('case_number', schema=None) as batch_op:
        batch_op.drop_index('ix_case_number_unit_number')
        batch_op.drop_index(batch_op.f('ix_case_number_document_id'))
        batch_op.drop_index(batch_op.f('ix_case_number_case_id'))
    op.drop_table('case_number')
