"""pending_change: account, password and document-marking changes awaiting a second person's approval

Revision ID: 0007
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('pending_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=True),
    sa.Column('target_kind', sa.String(length=12), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=True),
    sa.Column('approvers', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('requested_by', sa.String(length=64), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], ),
    sa.ForeignKeyConstraint(['requested_by_id'], ['user_account.id'], ),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('pending_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pending_change_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pending_change_status'), ['status'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('pending_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pending_change_status'))
        batch_op.drop_index(batch_op.f('ix_pending_change_agency_id'))
    op.drop_table('pending_change')
