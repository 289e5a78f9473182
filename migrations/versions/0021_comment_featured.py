"""Moderators pick a comment as its side's argument for KSAU, over the most helpful one

Revision ID: 0021_comment_featured
Revises: 0020_comments
"""
import sqlalchemy as sa
from alembic import op

revision = '0021_comment_featured'
down_revision = '0020_comments'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('featured_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_column('featured_at')
