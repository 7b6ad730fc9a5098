"""document_party.represents_id: the organisation a party's representative, agent or staff member acts for (#13)

A document names a company and, beside it, the person who stands for it (法定代表人, 委托代理人, the employee
interviewed). document_party already holds each party's role in the document (当事人, 法定代表人, 委托代理人,
被询问人, 见证人, 受送达人, 第三人); this adds which organisation a person in such a role represents, so
that the company and its representative are two parties (a person with a 身份证号, an organisation with a
统一社会信用代码) linked to each other, not one party with the other's number.

Revision ID: 0010
Revises: 0009
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('document_party', schema=None) as batch_op:
        batch_op.add_column(sa.Column('represents_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_document_party_represents_id_party', 'party', ['represents_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('document_party', schema=None) as batch_op:
        batch_op.drop_constraint('fk_document_party_represents_id_party', type_='foreignkey')
        batch_op.drop_column('represents_id')
