"""Proposals remember what in their text may identify a person, for the moderators' queue

Revision ID: 0014
Revises: 0013

Proposals sent before this revision are not scanned; they are flagged when next edited.
"""
import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('personal_data', sa.String(length=40), server_default='',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_column('personal_data')
