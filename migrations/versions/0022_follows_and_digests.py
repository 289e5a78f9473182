"""Residents follow proposals and choose a daily digest of new comments, or none

Revision ID: 0022_follows_and_digests
Revises: 0021_comment_featured
"""
import sqlalchemy as sa
from alembic import op

revision = '0022_follows_and_digests'
down_revision = '0021_comment_featured'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('comment_digests',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('choice', sa.Enum('daily', 'none', name='digestchoice', native_enum=False, length=20), nullable=False),
    sa.Column('covered_until', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_comment_digests_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_comment_digests'))
    )
    op.create_table('follows',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_follows_proposal_id_proposals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_follows_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follows')),
    sa.UniqueConstraint('user_id', 'proposal_id', name=op.f('uq_follows_user_id_proposal_id'))
    )
    with op.batch_alter_table('follows', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_follows_proposal_id'), ['proposal_id'], unique=False)



def downgrade():
    with op.batch_alter_table('follows', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_follows_proposal_id'))

    op.drop_table('follows')
    op.drop_table('comment_digests')
