"""media: discs, items, disc files, device registry, case links, fixity runs (#15)

Revision ID: 0012
Revises: 0011

Nothing here is ever deleted by the application (002 记录办法:28); downgrade exists for development only.
"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('fixity_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('trigger', sa.String(length=12), nullable=False),
    sa.Column('since', sa.Date(), nullable=True),
    sa.Column('checked', sa.Integer(), nullable=False),
    sa.Column('bytes_checked', sa.BigInteger(), nullable=False),
    sa.Column('changed', sa.Integer(), nullable=False),
    sa.Column('missing', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('media_disc',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_kind', sa.String(length=12), nullable=False),
    sa.Column('source_name', sa.String(length=500), nullable=False),
    sa.Column('source_path', sa.String(length=2000), nullable=False),
    sa.Column('volume_label', sa.String(length=200), nullable=True),
    sa.Column('burned_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('readme', sa.Text(), nullable=True),
    sa.Column('case_nos', sa.JSON(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('manifest', sa.JSON(), nullable=False),
    sa.Column('problems', sa.JSON(), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=True),
    sa.Column('ingested_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('media_device_issuance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.Integer(), nullable=False),
    sa.Column('officer_no', sa.String(length=64), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('valid_from', sa.DateTime(timezone=True), nullable=False),
    sa.Column('valid_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by', sa.String(length=100), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['device_id'], ['device.id'], ),
    sa.ForeignKeyConstraint(['officer_id'], ['officer.id'], ),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('media_device_issuance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_media_device_issuance_device_id'), ['device_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_media_device_issuance_officer_no'), ['officer_no'], unique=False)

    op.create_table('media_device_record',
    sa.Column('device_id', sa.Integer(), nullable=False),
    sa.Column('model', sa.String(length=100), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('keeper', sa.String(length=100), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['device_id'], ['device.id'], ),
    sa.PrimaryKeyConstraint('device_id')
    )
    op.create_table('media_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('container', sa.String(length=12), nullable=False),
    sa.Column('size_bytes', sa.BigInteger(), nullable=False),
    sa.Column('source_name', sa.String(length=500), nullable=False),
    sa.Column('path_on_disc', sa.String(length=2000), nullable=False),
    sa.Column('disc_id', sa.Integer(), nullable=False),
    sa.Column('device_no', sa.String(length=64), nullable=True),
    sa.Column('officer_no', sa.String(length=64), nullable=True),
    sa.Column('officer_source', sa.String(length=12), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('recorded_at_source', sa.String(length=12), nullable=True),
    sa.Column('utc_offset_min', sa.Integer(), nullable=True),
    sa.Column('embedded_time', sa.DateTime(timezone=True), nullable=True),
    sa.Column('naming_pattern', sa.String(length=64), nullable=True),
    sa.Column('duration_s', sa.Float(), nullable=True),
    sa.Column('codecs', sa.JSON(), nullable=False),
    sa.Column('width', sa.Integer(), nullable=True),
    sa.Column('height', sa.Integer(), nullable=True),
    sa.Column('probe', sa.JSON(), nullable=False),
    sa.Column('flags', sa.JSON(), nullable=False),
    sa.Column('named_case_nos', sa.JSON(), nullable=False),
    sa.Column('retention_class', sa.String(length=12), nullable=False),
    sa.Column('retention_basis', sa.String(length=200), nullable=True),
    sa.Column('dispose_after', sa.Date(), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('stored_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['disc_id'], ['media_disc.id'], ),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('sha256')
    )
    with op.batch_alter_table('media_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_media_item_device_no'), ['device_no'], unique=False)
        batch_op.create_index(batch_op.f('ix_media_item_disc_id'), ['disc_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_media_item_officer_no'), ['officer_no'], unique=False)
        batch_op.create_index(batch_op.f('ix_media_item_recorded_at'), ['recorded_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_media_item_unit_id'), ['unit_id'], unique=False)

    op.create_table('media_case_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('how', sa.String(length=16), nullable=False),
    sa.Column('evidence', sa.String(length=500), nullable=True),
    sa.Column('created_by', sa.String(length=100), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], ),
    sa.ForeignKeyConstraint(['item_id'], ['media_item.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('item_id', 'case_id')
    )
    with op.batch_alter_table('media_case_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_media_case_link_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_media_case_link_item_id'), ['item_id'], unique=False)

    op.create_table('media_disc_file',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('disc_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('path_on_disc', sa.String(length=2000), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.ForeignKeyConstraint(['disc_id'], ['media_disc.id'], ),
    sa.ForeignKeyConstraint(['item_id'], ['media_item.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('disc_id', 'path_on_disc')
    )
    with op.batch_alter_table('media_disc_file', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_media_disc_file_disc_id'), ['disc_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_media_disc_file_item_id'), ['item_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('media_disc_file', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_media_disc_file_item_id'))
        batch_op.drop_index(batch_op.f('ix_media_disc_file_disc_id'))

    op.drop_table('media_disc_file')
    with op.batch_alter_table('media_case_link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_media_case_link_item_id'))
        batch_op.drop_index(batch_op.f('ix_media_case_link_case_id'))

    op.drop_table('media_case_link')
    with op.batch_alter_table('media_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_media_item_unit_id'))
        batch_op.drop_index(batch_op.f('ix_media_item_recorded_at'))
        batch_op.drop_index(batch_op.f('ix_media_item_officer_no'))
        batch_op.drop_index(batch_op.f('ix_media_item_disc_id'))
        batch_op.drop_index(batch_op.f('ix_media_item_device_no'))

    op.drop_table('media_item')
    op.drop_table('media_device_record')
    with op.batch_alter_table('media_device_issuance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_media_device_issuance_officer_no'))
        batch_op.drop_index(batch_op.f('ix_media_device_issuance_device_id'))

    op.drop_table('media_device_issuance')
    op.drop_table('media_disc')
    op.drop_table('fixity_run')
