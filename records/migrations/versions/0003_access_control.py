"""access control: sessions, login throttling, case handlers, retrieval slips, the access log

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-25 10:55:41.175014

The access log refuses UPDATE and DELETE through triggers on both backends:
that stops mistakes and application bugs; deliberate tampering by someone who
drops the triggers is what the hash chain and signed checkpoints detect.
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0001'
branch_labels = None
depends_on = None

GENESIS = '0' * 64  # prev_hash of the first entry; access_control.audit.GENESIS


def upgrade() -> None:
    op.create_table('access_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=24), nullable=False),
    sa.Column('outcome', sa.String(length=8), nullable=False),
    sa.Column('slip_no', sa.String(length=40), nullable=True),
    sa.Column('purpose', sa.Text(), nullable=True),
    sa.Column('record_kind', sa.String(length=16), nullable=True),
    sa.Column('record_id', sa.Integer(), nullable=True),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=True),
    sa.Column('address', sa.String(length=64), nullable=True),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.Column('algorithm', sa.String(length=8), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('seq')
    )
    with op.batch_alter_table('access_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_access_log_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_access_log_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_access_log_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_access_log_slip_no'), ['slip_no'], unique=False)
        batch_op.create_index(batch_op.f('ix_access_log_user_id'), ['user_id'], unique=False)

    op.create_table('access_log_head',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.bulk_insert(sa.table('access_log_head', sa.column('id', sa.Integer()), sa.column('seq', sa.BigInteger()),
                            sa.column('hash', sa.String())), [{'id': 1, 'seq': 0, 'hash': GENESIS}])
    op.create_table('login_throttle',
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('last_failure_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('blocked_until', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('case_handler',
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ),
    sa.PrimaryKeyConstraint('case_id', 'user_id')
    )
    with op.batch_alter_table('case_handler', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_handler_user_id'), ['user_id'], unique=False)

    op.create_table('retrieval_slip',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slip_no', sa.String(length=40), nullable=True),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('mode', sa.String(length=8), nullable=False),
    sa.Column('purpose', sa.Text(), nullable=False),
    sa.Column('delivery', sa.String(length=12), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('applicant_user_id', sa.Integer(), nullable=True),
    sa.Column('applicant_name', sa.String(length=100), nullable=False),
    sa.Column('applicant_id_number', sa.String(length=18), nullable=True),
    sa.Column('relation', sa.String(length=12), nullable=False),
    sa.Column('party_name', sa.String(length=200), nullable=True),
    sa.Column('authorisation_sha256', sa.String(length=64), nullable=True),
    sa.Column('authorisation_name', sa.String(length=300), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decision_comment', sa.Text(), nullable=True),
    sa.Column('valid_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('downloads_allowed', sa.Integer(), nullable=False),
    sa.Column('downloads_used', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], ),
    sa.ForeignKeyConstraint(['applicant_user_id'], ['user_account.id'], ),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'], ),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], ),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('slip_no')
    )
    with op.batch_alter_table('retrieval_slip', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_retrieval_slip_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_retrieval_slip_applicant_user_id'), ['applicant_user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_retrieval_slip_case_id'), ['case_id'], unique=False)

    op.create_table('user_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_sha256', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('end_reason', sa.String(length=20), nullable=True),
    sa.Column('address', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_sha256')
    )
    with op.batch_alter_table('user_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_session_user_id'), ['user_id'], unique=False)

    op.create_table('slip_item',
    sa.Column('slip_id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('approved', sa.Boolean(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], ),
    sa.ForeignKeyConstraint(['slip_id'], ['retrieval_slip.id'], ),
    sa.PrimaryKeyConstraint('slip_id', 'document_id')
    )
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.add_column(sa.Column('secrecy', sa.JSON(), nullable=False, server_default='[]'))

    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('disabled_at', sa.DateTime(timezone=True), nullable=True))
    _create_append_only_triggers()



def _create_append_only_triggers() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("CREATE FUNCTION access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                   "RAISE EXCEPTION 'access_log is append-only'; END $$")
        op.execute("CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log "
                   "FOR EACH ROW EXECUTE FUNCTION access_log_append_only()")
    else:
        for event in ('UPDATE', 'DELETE'):
            op.execute(f"CREATE TRIGGER access_log_no_{event.lower()} BEFORE {event} ON access_log "
                       f"BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END")


def _drop_append_only_triggers() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP TRIGGER IF EXISTS access_log_append_only ON access_log")
        op.execute("DROP FUNCTION IF EXISTS access_log_append_only()")
    else:
        for event in ('update', 'delete'):
            op.execute(f"DROP TRIGGER IF EXISTS access_log_no_{event}")


def downgrade() -> None:
    _drop_append_only_triggers()
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('disabled_at')

    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.drop_column('secrecy')

    op.drop_table('slip_item')
    with op.batch_alter_table('user_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_session_user_id'))

    op.drop_table('user_session')
    with op.batch_alter_table('retrieval_slip', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_retrieval_slip_case_id'))
        batch_op.drop_index(batch_op.f('ix_retrieval_slip_applicant_user_id'))
        batch_op.drop_index(batch_op.f('ix_retrieval_slip_agency_id'))

    op.drop_table('retrieval_slip')
    with op.batch_alter_table('case_handler', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_handler_user_id'))

    op.drop_table('case_handler')
    op.drop_table('login_throttle')
    op.drop_table('access_log_head')
    with op.batch_alter_table('access_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_access_log_user_id'))
        batch_op.drop_index(batch_op.f('ix_access_log_slip_no'))
        batch_op.drop_index(batch_op.f('ix_access_log_case_id'))
        batch_op.drop_index(batch_op.f('ix_access_log_at'))
        batch_op.drop_index(batch_op.f('ix_access_log_action'))

    op.drop_table('access_log')
