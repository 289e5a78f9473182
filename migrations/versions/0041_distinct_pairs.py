"""Pairs of proposals a moderator decided are not duplicates, so that no refresh suggests
them again

Revision ID: 0041_distinct_pairs
Revises: 0040_reach
Create Date: 2026-12-05 21:36:58.760140

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0041_distinct_pairs'
down_revision = '0040_reach'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('insight_distinct_pairs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('process_id', sa.Integer(), nullable=False),
    sa.Column('first_id', sa.Integer(), nullable=False),
    sa.Column('second_id', sa.Integer(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('first_id < second_id', name=op.f('ck_insight_distinct_pairs_ordered')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_insight_distinct_pairs_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['first_id'], ['proposals.id'], name=op.f('fk_insight_distinct_pairs_first_id_proposals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['process_id'], ['processes.id'], name=op.f('fk_insight_distinct_pairs_process_id_processes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['second_id'], ['proposals.id'], name=op.f('fk_insight_distinct_pairs_second_id_proposals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_insight_distinct_pairs')),
    sa.UniqueConstraint('first_id', 'second_id', name=op.f('uq_insight_distinct_pairs_first_id_second_id'))
    )
    with op.batch_alter_table('insight_distinct_pairs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_insight_distinct_pairs_process_id'), ['process_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_insight_distinct_pairs_second_id'), ['second_id'], unique=False)



def downgrade():
    with op.batch_alter_table('insight_distinct_pairs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_insight_distinct_pairs_second_id'))
        batch_op.drop_index(batch_op.f('ix_insight_distinct_pairs_process_id'))

    op.drop_table('insight_distinct_pairs')
