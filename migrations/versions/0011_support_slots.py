"""Supports take numbered slots, unique per resident and process, so the support limit
holds however many supports arrive at once

Revision ID: 0011
Revises: 0010
"""
import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('supports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('slot', sa.Integer(), nullable=True))
    # Each resident's supports in a process numbered 1, 2, 3... in the order given.
    op.execute("UPDATE supports SET slot = (SELECT count(*) FROM supports AS earlier "
               "WHERE earlier.process_id = supports.process_id "
               "AND earlier.user_id = supports.user_id AND earlier.id <= supports.id) "
               "WHERE user_id IS NOT NULL")
    with op.batch_alter_table('supports', schema=None) as batch_op:
        batch_op.drop_index('ix_supports_by_process')
        batch_op.create_unique_constraint(batch_op.f('uq_supports_process_id_user_id_slot'),
                                          ['process_id', 'user_id', 'slot'])
        batch_op.create_check_constraint('slot_positive', 'slot >= 1')


def downgrade():
    with op.batch_alter_table('supports', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_supports_slot_positive'), type_='check')
        batch_op.drop_constraint(batch_op.f('uq_supports_process_id_user_id_slot'),
                                 type_='unique')
        batch_op.create_index('ix_supports_by_process', ['process_id', 'user_id'], unique=False)
        batch_op.drop_column('slot')
