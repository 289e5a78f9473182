"""Goals drafted by KSAU with their evidence, comments, the results' publication, and
residents' wish to be told

Revision ID: 0010
Revises: 0009
"""
import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('goals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('process_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'proposed', 'decided', name='goalstatus', native_enum=False, length=20), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('decided_by', sa.String(length=60), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['process_id'], ['processes.id'], name=op.f('fk_goals_process_id_processes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_goals'))
    )
    with op.batch_alter_table('goals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_goals_process_id'), ['process_id'], unique=False)

    op.create_table('goal_comments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_goal_comments_author_id_users')),
    sa.ForeignKeyConstraint(['goal_id'], ['goals.id'], name=op.f('fk_goal_comments_goal_id_goals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_goal_comments'))
    )
    with op.batch_alter_table('goal_comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_goal_comments_goal_id'), ['goal_id'], unique=False)

    op.create_table('goal_sdg_goals',
    sa.Column('goal_id', sa.Integer(), nullable=False),
    sa.Column('sdg_goal_number', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['goal_id'], ['goals.id'], name=op.f('fk_goal_sdg_goals_goal_id_goals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sdg_goal_number'], ['sdg_goals.number'], name=op.f('fk_goal_sdg_goals_sdg_goal_number_sdg_goals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('goal_id', 'sdg_goal_number', name=op.f('pk_goal_sdg_goals'))
    )
    with op.batch_alter_table('goal_sdg_goals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_goal_sdg_goals_sdg_goal_number'), ['sdg_goal_number'], unique=False)

    op.create_table('goal_themes',
    sa.Column('goal_id', sa.Integer(), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['goal_id'], ['goals.id'], name=op.f('fk_goal_themes_goal_id_goals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['theme_id'], ['themes.id'], name=op.f('fk_goal_themes_theme_id_themes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('goal_id', 'theme_id', name=op.f('pk_goal_themes'))
    )
    with op.batch_alter_table('goal_themes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_goal_themes_theme_id'), ['theme_id'], unique=False)

    op.create_table('goal_keywords',
    sa.Column('goal_id', sa.Integer(), nullable=False),
    sa.Column('keyword_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['goal_id'], ['goals.id'], name=op.f('fk_goal_keywords_goal_id_goals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['keyword_id'], ['keywords.id'], name=op.f('fk_goal_keywords_keyword_id_keywords'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('goal_id', 'keyword_id', name=op.f('pk_goal_keywords'))
    )
    with op.batch_alter_table('goal_keywords', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_goal_keywords_keyword_id'), ['keyword_id'], unique=False)

    op.create_table('goal_proposals',
    sa.Column('goal_id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['goal_id'], ['goals.id'], name=op.f('fk_goal_proposals_goal_id_goals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_goal_proposals_proposal_id_proposals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('goal_id', 'proposal_id', name=op.f('pk_goal_proposals'))
    )
    with op.batch_alter_table('goal_proposals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_goal_proposals_proposal_id'), ['proposal_id'], unique=False)

    with op.batch_alter_table('processes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('goals_limit', sa.Integer(), server_default='5', nullable=False))
        batch_op.add_column(sa.Column('results_published_at', sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('notify_results', sa.Boolean(), server_default=sa.false(), nullable=False))



def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('notify_results')

    with op.batch_alter_table('processes', schema=None) as batch_op:
        batch_op.drop_column('results_published_at')
        batch_op.drop_column('goals_limit')

    with op.batch_alter_table('goal_proposals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_goal_proposals_proposal_id'))

    op.drop_table('goal_proposals')
    with op.batch_alter_table('goal_keywords', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_goal_keywords_keyword_id'))

    op.drop_table('goal_keywords')
    with op.batch_alter_table('goal_themes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_goal_themes_theme_id'))

    op.drop_table('goal_themes')
    with op.batch_alter_table('goal_sdg_goals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_goal_sdg_goals_sdg_goal_number'))

    op.drop_table('goal_sdg_goals')
    with op.batch_alter_table('goal_comments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_goal_comments_goal_id'))

    op.drop_table('goal_comments')
    with op.batch_alter_table('goals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_goals_process_id'))

    op.drop_table('goals')
