"""media access: an item's 密级, and media items named on retrieval slips (#15 §6)

Revision ID: 0013
Revises: 0012

A media item is decided on like a document: its unit, its level (default internal) and its cases.
An applicant sees a clip only where an approved slip names it: slip_media_item is SlipItem's twin
for media items (a clip cannot be redacted yet, so it is never implied by "the whole case").
"""
from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('media_item', schema=None) as batch_op:
        batch_op.add_column(sa.Column('classification', sa.String(length=20), nullable=False,
                                      server_default='internal'))
    op.create_table('slip_media_item',
    sa.Column('slip_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('approved', sa.Boolean(), nullable=True),
    sa.ForeignKeyConstraint(['item_id'], ['media_item.id'], ),
    sa.ForeignKeyConstraint(['slip_id'], ['retrieval_slip.id'], ),
    sa.PrimaryKeyConstraint('slip_id', 'item_id')
    )


def downgrade() -> None:
    op.drop_table('slip_media_item')
    with op.batch_alter_table('media_item', schema=None) as batch_op:
        batch_op.drop_column('classification')
