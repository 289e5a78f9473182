"""Proposals, supports and districts; each process's moderation and support settings

Revision ID: 0004
Revises: 0003

"""
import sqlalchemy as sa
from alembic import op


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('districts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_districts')),
    sa.UniqueConstraint('name', name=op.f('uq_districts_name'))
    )
    op.create_table('proposals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('process_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('focus_area_id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=True),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('number', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('body_text', sa.Text(), nullable=False),
    sa.Column('show_name', sa.Boolean(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'pending', 'published', 'withdrawn', name='proposalstatus', native_enum=False, length=20), nullable=False),
    sa.Column('withdrawal_reason', sa.Enum('duplicate', 'no_longer_relevant', 'other', name='withdrawalreason', native_enum=False, length=20), nullable=True),
    sa.Column('withdrawal_note', sa.Text(), nullable=False),
    sa.Column('shuffle_key', sa.Integer(), nullable=False),
    sa.Column('supports_count', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_proposals_author_id_users')),
    sa.ForeignKeyConstraint(['district_id'], ['districts.id'], name=op.f('fk_proposals_district_id_districts')),
    sa.ForeignKeyConstraint(['focus_area_id'], ['focus_areas.id'], name=op.f('fk_proposals_focus_area_id_focus_areas')),
    sa.ForeignKeyConstraint(['process_id'], ['processes.id'], name=op.f('fk_proposals_process_id_processes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposals')),
    sa.UniqueConstraint('year', 'number', name=op.f('uq_proposals_year_number'))
    )
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposals_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposals_district_id'), ['district_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposals_focus_area_id'), ['focus_area_id'], unique=False)
        batch_op.create_index('ix_proposals_by_supports', ['process_id', 'supports_count'], unique=False)
        batch_op.create_index('ix_proposals_by_newest', ['process_id', 'published_at'], unique=False)
        batch_op.create_index('ix_proposals_by_shuffle', ['process_id', 'shuffle_key'], unique=False)
        batch_op.create_index('ix_proposals_by_status', ['process_id', 'status'], unique=False)

    op.create_table('supports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_supports_proposal_id_proposals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_supports_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supports')),
    sa.UniqueConstraint('proposal_id', 'user_id', name=op.f('uq_supports_proposal_id_user_id'))
    )
    with op.batch_alter_table('supports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supports_proposal_id'), ['proposal_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_supports_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('processes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('moderation_mode', sa.Enum('afterwards', 'beforehand', name='moderationmode', native_enum=False, length=20), server_default='afterwards', nullable=False))
        batch_op.add_column(sa.Column('support_limit', sa.Integer(), server_default='10', nullable=False))
        batch_op.add_column(sa.Column('hide_support_counts', sa.Boolean(), server_default=sa.false(), nullable=False))



def downgrade():
    with op.batch_alter_table('processes', schema=None) as batch_op:
        batch_op.drop_column('hide_support_counts')
        batch_op.drop_column('support_limit')
        batch_op.drop_column('moderation_mode')

    with op.batch_alter_table('supports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supports_user_id'))
        batch_op.drop_index(batch_op.f('ix_supports_proposal_id'))

    op.drop_table('supports')
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_index('ix_proposals_by_status')
        batch_op.drop_index('ix_proposals_by_shuffle')
        batch_op.drop_index('ix_proposals_by_newest')
        batch_op.drop_index('ix_proposals_by_supports')
        batch_op.drop_index(batch_op.f('ix_proposals_focus_area_id'))
        batch_op.drop_index(batch_op.f('ix_proposals_district_id'))
        batch_op.drop_index(batch_op.f('ix_proposals_author_id'))

    op.drop_table('proposals')
    op.drop_table('districts')
