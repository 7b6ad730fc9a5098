"""redaction: plans (entries, withholdings), trade-secret terms per case, and releases (#14)

Revision ID: 0011
Revises: 0010
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('trade_secret_term',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('term', sa.String(length=200), nullable=False),
    sa.Column('added_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('case_id', 'term')
    )
    with op.batch_alter_table('trade_secret_term', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trade_secret_term_case_id'), ['case_id'], unique=False)

    op.create_table('redaction_plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=12), nullable=False),
    sa.Column('slip_id', sa.Integer(), nullable=True),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('mask_names', sa.Boolean(), nullable=False),
    sa.Column('detector_version', sa.String(length=16), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reviewed_by', sa.String(length=64), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ),
    sa.ForeignKeyConstraint(['slip_id'], ['retrieval_slip.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('slip_id')
    )
    with op.batch_alter_table('redaction_plan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_redaction_plan_document_id'), ['document_id'], unique=False)

    op.create_table('redaction_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=16), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('page_no', sa.Integer(), nullable=True),
    sa.Column('box', sa.JSON(), nullable=True),
    sa.Column('start_s', sa.Float(), nullable=True),
    sa.Column('end_s', sa.Float(), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.String(length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('subject', sa.String(length=120), nullable=True),
    sa.Column('source', sa.String(length=8), nullable=False),
    sa.Column('grp', sa.String(length=16), nullable=True),
    sa.Column('removed', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ),
    sa.ForeignKeyConstraint(['plan_id'], ['redaction_plan.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('plan_id', 'key')
    )
    with op.batch_alter_table('redaction_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_redaction_entry_plan_id'), ['plan_id'], unique=False)

    op.create_table('redaction_release',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=12), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=True),
    sa.Column('slip_id', sa.Integer(), nullable=True),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('page_count', sa.Integer(), nullable=False),
    sa.Column('entry_count', sa.Integer(), nullable=False),
    sa.Column('verified', sa.JSON(), nullable=False),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ),
    sa.ForeignKeyConstraint(['plan_id'], ['redaction_plan.id'], ),
    sa.ForeignKeyConstraint(['slip_id'], ['retrieval_slip.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('redaction_release', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_redaction_release_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_redaction_release_purpose'), ['purpose'], unique=False)
        batch_op.create_index(batch_op.f('ix_redaction_release_slip_id'), ['slip_id'], unique=False)

    op.create_table('redaction_withholding',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('page_no', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=16), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ),
    sa.ForeignKeyConstraint(['plan_id'], ['redaction_plan.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('redaction_withholding', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_redaction_withholding_plan_id'), ['plan_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('redaction_withholding', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_redaction_withholding_plan_id'))

    op.drop_table('redaction_withholding')
    with op.batch_alter_table('redaction_release', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_redaction_release_slip_id'))
        batch_op.drop_index(batch_op.f('ix_redaction_release_purpose'))
        batch_op.drop_index(batch_op.f('ix_redaction_release_document_id'))

    op.drop_table('redaction_release')
    with op.batch_alter_table('redaction_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_redaction_entry_plan_id'))

    op.drop_table('redaction_entry')
    with op.batch_alter_table('redaction_plan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_redaction_plan_document_id'))

    op.drop_table('redaction_plan')
    with op.batch_alter_table('trade_secret_term', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trade_secret_term_case_id'))

    op.drop_table('trade_secret_term')
