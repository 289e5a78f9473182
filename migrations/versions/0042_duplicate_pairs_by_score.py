"""The likely duplicate pairs are read by process and score, likeliest first, from an
index: the duplicates queue no longer sorts a process's every pair

Revision ID: 0042_duplicate_pairs_by_score
Revises: 0041_distinct_pairs
Create Date: 2026-12-06 00:30:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0042_duplicate_pairs_by_score'
down_revision = '0041_distinct_pairs'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('insight_duplicate_pairs', schema=None) as batch_op:
        batch_op.create_index('ix_insight_duplicate_pairs_by_score',
                              ['process_id', 'score', 'id'], unique=False)
        batch_op.drop_index('ix_insight_duplicate_pairs_process_id')


def downgrade():
    with op.batch_alter_table('insight_duplicate_pairs', schema=None) as batch_op:
        batch_op.create_index('ix_insight_duplicate_pairs_process_id', ['process_id'],
                              unique=False)
        batch_op.drop_index('ix_insight_duplicate_pairs_by_score')
