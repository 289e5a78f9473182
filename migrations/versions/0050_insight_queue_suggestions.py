"""Each proposal's suggested keywords as the last `flask insight refresh` found them, for
the moderation queue's list

Revision ID: 0050_insight_queue_suggestions
Revises: 0030_insight
"""
import sqlalchemy as sa
from alembic import op

revision = '0050_insight_queue_suggestions'
down_revision = '0030_insight'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('insight_keyword_suggestions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('process_id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('keyword_ids', sa.JSON(), nullable=False),
    sa.Column('reasons', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['process_id'], ['processes.id'], name=op.f('fk_insight_keyword_suggestions_process_id_processes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_insight_keyword_suggestions_proposal_id_proposals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_insight_keyword_suggestions')),
    sa.UniqueConstraint('proposal_id', name=op.f('uq_insight_keyword_suggestions_proposal_id'))
    )
    with op.batch_alter_table('insight_keyword_suggestions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_insight_keyword_suggestions_process_id'), ['process_id'], unique=False)


def downgrade():
    with op.batch_alter_table('insight_keyword_suggestions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_insight_keyword_suggestions_process_id'))

    op.drop_table('insight_keyword_suggestions')
