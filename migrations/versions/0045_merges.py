"""Merges recorded with what they changed (supports moved and gone, paper supports, tags
added, proposals led on), so a moderator can take one back

Revision ID: 0045_merges
Revises: 0044_left_out
Create Date: 2026-12-06 07:13:20.855792

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0045_merges'
down_revision = '0044_left_out'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('proposal_merges',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('source_status', sa.Enum('draft', 'pending', 'published', 'withdrawn', 'hidden', 'merged', name='proposalstatus', native_enum=False, length=20), nullable=False),
    sa.Column('moved_user_ids', sa.JSON(), nullable=False),
    sa.Column('moved_support_ids', sa.JSON(), nullable=False),
    sa.Column('paper_support_ids', sa.JSON(), nullable=False),
    sa.Column('added_tags', sa.JSON(), nullable=False),
    sa.Column('redirected_ids', sa.JSON(), nullable=False),
    sa.Column('merged_by_id', sa.Integer(), nullable=True),
    sa.Column('merged_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('undone_by_id', sa.Integer(), nullable=True),
    sa.Column('undone_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['merged_by_id'], ['users.id'], name=op.f('fk_proposal_merges_merged_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['source_id'], ['proposals.id'], name=op.f('fk_proposal_merges_source_id_proposals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['target_id'], ['proposals.id'], name=op.f('fk_proposal_merges_target_id_proposals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['undone_by_id'], ['users.id'], name=op.f('fk_proposal_merges_undone_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_merges'))
    )
    with op.batch_alter_table('proposal_merges', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_merges_source_id'), ['source_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposal_merges_target_id'), ['target_id'], unique=False)
        batch_op.create_index('uq_proposal_merges_open', ['source_id'], unique=True, sqlite_where=sa.text('undone_at IS NULL'), postgresql_where=sa.text('undone_at IS NULL'))

    op.create_table('proposal_merge_dropped_supports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('merge_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('given_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['merge_id'], ['proposal_merges.id'], name=op.f('fk_proposal_merge_dropped_supports_merge_id_proposal_merges'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_proposal_merge_dropped_supports_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal_merge_dropped_supports'))
    )
    with op.batch_alter_table('proposal_merge_dropped_supports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_merge_dropped_supports_merge_id'), ['merge_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposal_merge_dropped_supports_user_id'), ['user_id'], unique=False)



def downgrade():
    with op.batch_alter_table('proposal_merge_dropped_supports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_merge_dropped_supports_user_id'))
        batch_op.drop_index(batch_op.f('ix_proposal_merge_dropped_supports_merge_id'))

    op.drop_table('proposal_merge_dropped_supports')
    with op.batch_alter_table('proposal_merges', schema=None) as batch_op:
        batch_op.drop_index('uq_proposal_merges_open', sqlite_where=sa.text('undone_at IS NULL'), postgresql_where=sa.text('undone_at IS NULL'))
        batch_op.drop_index(batch_op.f('ix_proposal_merges_target_id'))
        batch_op.drop_index(batch_op.f('ix_proposal_merges_source_id'))

    op.drop_table('proposal_merges')
