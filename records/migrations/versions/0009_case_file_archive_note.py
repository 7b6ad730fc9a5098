"""case_file.archive_note and archive_exceptions: why an incomplete or vetoed case file was archived all the same (#13)

Revision ID: 0009
Revises: 0008
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('case_file', schema=None) as batch_op:
        batch_op.add_column(sa.Column('archive_note', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('archive_exceptions', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('case_file', schema=None) as batch_op:
        batch_op.drop_column('archive_exceptions')
        batch_op.drop_column('archive_note')
