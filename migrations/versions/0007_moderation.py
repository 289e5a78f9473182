"""Moderation: keywords and strategy themes, tags, decisions, answers, notes, audit log

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('audit_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sa.String(length=254), nullable=False),
    sa.Column('action', sa.String(length=60), nullable=False),
    sa.Column('target_type', sa.String(length=40), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=True),
    sa.Column('target_label', sa.String(length=200), nullable=False),
    sa.Column('process_id', sa.Integer(), nullable=True),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_audit_entries_actor_id_users')),
    sa.ForeignKeyConstraint(['process_id'], ['processes.id'], name=op.f('fk_audit_entries_process_id_processes'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entries'))
    )
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entries_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entries_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index('ix_audit_entries_by_time', ['created_at', 'id'], unique=False)
        batch_op.create_index('ix_audit_entries_target', ['target_type', 'target_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entries_process_id'), ['process_id'], unique=False)

    op.create_table('themes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('process_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('merged_into_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['merged_into_id'], ['themes.id'], name=op.f('fk_themes_merged_into_id_themes')),
    sa.ForeignKeyConstraint(['process_id'], ['processes.id'], name=op.f('fk_themes_process_id_processes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_themes')),
    sa.UniqueConstraint('process_id', 'name', name=op.f('uq_themes_process_id_name'))
    )
    with op.batch_alter_table('themes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_themes_process_id'), ['process_id'], unique=False)

    op.create_table('keywords',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('process_id', sa.Integer(), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('meaning', sa.Text(), nullable=False),
    sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('merged_into_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['merged_into_id'], ['keywords.id'], name=op.f('fk_keywords_merged_into_id_keywords')),
    sa.ForeignKeyConstraint(['process_id'], ['processes.id'], name=op.f('fk_keywords_process_id_processes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['theme_id'], ['themes.id'], name=op.f('fk_keywords_theme_id_themes'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_keywords')),
    sa.UniqueConstraint('process_id', 'name', name=op.f('uq_keywords_process_id_name'))
    )
    with op.batch_alter_table('keywords', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_keywords_process_id'), ['process_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_keywords_theme_id'), ['theme_id'], unique=False)

    op.create_table('theme_sdg_goals',
    sa.Column('theme_id', sa.Integer(), nullable=False),
    sa.Column('sdg_goal_number', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['sdg_goal_number'], ['sdg_goals.number'], name=op.f('fk_theme_sdg_goals_sdg_goal_number_sdg_goals')),
    sa.ForeignKeyConstraint(['theme_id'], ['themes.id'], name=op.f('fk_theme_sdg_goals_theme_id_themes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('theme_id', 'sdg_goal_number', name=op.f('pk_theme_sdg_goals'))
    )
    op.create_table('moderator_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_moderator_notes_author_id_users')),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_moderator_notes_proposal_id_proposals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_moderator_notes'))
    )
    with op.batch_alter_table('moderator_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_moderator_notes_proposal_id'), ['proposal_id'], unique=False)

    op.create_table('proposal_keywords',
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('keyword_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['keyword_id'], ['keywords.id'], name=op.f('fk_proposal_keywords_keyword_id_keywords'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_proposal_keywords_proposal_id_proposals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('proposal_id', 'keyword_id', name=op.f('pk_proposal_keywords'))
    )
    with op.batch_alter_table('proposal_keywords', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_keywords_keyword_id'), ['keyword_id'], unique=False)

    op.create_table('proposal_sdg_goals',
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('sdg_goal_number', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_proposal_sdg_goals_proposal_id_proposals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sdg_goal_number'], ['sdg_goals.number'], name=op.f('fk_proposal_sdg_goals_sdg_goal_number_sdg_goals')),
    sa.PrimaryKeyConstraint('proposal_id', 'sdg_goal_number', name=op.f('pk_proposal_sdg_goals'))
    )
    with op.batch_alter_table('proposal_sdg_goals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_sdg_goals_sdg_goal_number'), ['sdg_goal_number'], unique=False)

    op.create_table('proposal_themes',
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_proposal_themes_proposal_id_proposals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['theme_id'], ['themes.id'], name=op.f('fk_proposal_themes_theme_id_themes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('proposal_id', 'theme_id', name=op.f('pk_proposal_themes'))
    )
    with op.batch_alter_table('proposal_themes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_themes_theme_id'), ['theme_id'], unique=False)

    with op.batch_alter_table('processes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('report_threshold', sa.Integer(), server_default='3', nullable=False))

    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('channel', sa.Enum('digital', 'place', 'open_space', 'email', 'letter', name='channel', native_enum=False, length=20), server_default='digital', nullable=False))
        batch_op.add_column(sa.Column('revision', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('hidden_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('hidden_reason', sa.Enum('illegal', 'individual_case', 'identifies_person', 'commercial', 'offensive', 'off_topic', 'duplicate', name='reportreason', native_enum=False, length=20), nullable=True))
        batch_op.add_column(sa.Column('hidden_message', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('status_before_hidden', sa.Enum('draft', 'pending', 'published', 'withdrawn', 'hidden', 'merged', name='proposalstatus', native_enum=False, length=20), nullable=True))
        batch_op.add_column(sa.Column('merged_into_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('keyword_count', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('similar_ids', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('answer_status', sa.Enum('received', 'considering', 'part_of_theme', 'not_further', name='answerstatus', native_enum=False, length=20), server_default='received', nullable=False))
        batch_op.add_column(sa.Column('answer_text', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index('ix_proposals_for_review', ['process_id', 'reviewed_at', 'status'], unique=False)
        batch_op.create_index('ix_proposals_untagged', ['process_id', 'keyword_count', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposals_merged_into_id'), ['merged_into_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_proposals_merged_into_id_proposals'), 'proposals', ['merged_into_id'], ['id'])

    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('upheld', sa.Boolean(), nullable=True))



def downgrade():
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_column('upheld')
        batch_op.drop_column('resolved_at')

    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_proposals_merged_into_id_proposals'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_proposals_merged_into_id'))
        batch_op.drop_index('ix_proposals_untagged')
        batch_op.drop_index('ix_proposals_for_review')
        batch_op.drop_column('answered_at')
        batch_op.drop_column('answer_text')
        batch_op.drop_column('answer_status')
        batch_op.drop_column('similar_ids')
        batch_op.drop_column('keyword_count')
        batch_op.drop_column('merged_into_id')
        batch_op.drop_column('status_before_hidden')
        batch_op.drop_column('hidden_message')
        batch_op.drop_column('hidden_reason')
        batch_op.drop_column('hidden_at')
        batch_op.drop_column('reviewed_at')
        batch_op.drop_column('revision')
        batch_op.drop_column('channel')

    with op.batch_alter_table('processes', schema=None) as batch_op:
        batch_op.drop_column('report_threshold')

    with op.batch_alter_table('proposal_themes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_themes_theme_id'))

    op.drop_table('proposal_themes')
    with op.batch_alter_table('proposal_sdg_goals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_sdg_goals_sdg_goal_number'))

    op.drop_table('proposal_sdg_goals')
    with op.batch_alter_table('proposal_keywords', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_keywords_keyword_id'))

    op.drop_table('proposal_keywords')
    with op.batch_alter_table('moderator_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_moderator_notes_proposal_id'))

    op.drop_table('moderator_notes')
    op.drop_table('theme_sdg_goals')
    with op.batch_alter_table('keywords', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_keywords_theme_id'))
        batch_op.drop_index(batch_op.f('ix_keywords_process_id'))

    op.drop_table('keywords')
    with op.batch_alter_table('themes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_themes_process_id'))

    op.drop_table('themes')
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entries_process_id'))
        batch_op.drop_index('ix_audit_entries_target')
        batch_op.drop_index('ix_audit_entries_by_time')
        batch_op.drop_index(batch_op.f('ix_audit_entries_actor_id'))
        batch_op.drop_index(batch_op.f('ix_audit_entries_action'))

    op.drop_table('audit_entries')
