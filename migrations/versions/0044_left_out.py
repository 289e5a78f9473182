"""Proposals a moderator left out of the emerging themes, which no group's keyword tags
and no refresh groups again

Revision ID: 0044_left_out
Revises: 0043_suggested_first
Create Date: 2026-12-06 04:42:31.984518

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0044_left_out'
down_revision = '0043_suggested_first'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('insight_left_out',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('process_id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('group_name', sa.String(length=80), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_insight_left_out_decided_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['process_id'], ['processes.id'], name=op.f('fk_insight_left_out_process_id_processes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_insight_left_out_proposal_id_proposals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_insight_left_out')),
    sa.UniqueConstraint('proposal_id', name=op.f('uq_insight_left_out_proposal_id'))
    )
    with op.batch_alter_table('insight_left_out', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_insight_left_out_process_id'), ['process_id'], unique=False)



def downgrade():
    with op.batch_alter_table('insight_left_out', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_insight_left_out_process_id'))

    op.drop_table('insight_left_out')
