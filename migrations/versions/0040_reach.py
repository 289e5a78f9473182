"""Who took part, apart from who they are: participants' optional answers, the
population per district and age band, and the staff's plans to reach the missing groups

Revision ID: 0040_reach
Revises: 0030_insight

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0040_reach'
down_revision = '0031_followup'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('outreach_actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('process_id', sa.Integer(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('hours', sa.String(length=60), nullable=False),
    sa.Column('group', sa.String(length=200), nullable=False),
    sa.Column('age_band', sa.String(length=10), nullable=True),
    sa.Column('district_id', sa.Integer(), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('public', sa.Boolean(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_outreach_actions_created_by_id_users')),
    sa.ForeignKeyConstraint(['district_id'], ['districts.id'], name=op.f('fk_outreach_actions_district_id_districts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['process_id'], ['processes.id'], name=op.f('fk_outreach_actions_process_id_processes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outreach_actions'))
    )
    with op.batch_alter_table('outreach_actions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outreach_actions_process_id'), ['process_id'], unique=False)

    op.create_table('participant_profiles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('process_id', sa.Integer(), nullable=False),
    sa.Column('owner_key', sa.String(length=64), nullable=True),
    sa.Column('channel', sa.Enum('digital', 'place', 'open_space', 'email', 'letter', name='channel', native_enum=False, length=20), nullable=False),
    sa.Column('week', sa.Date(), nullable=False),
    sa.Column('age_band', sa.String(length=10), nullable=True),
    sa.Column('district_id', sa.Integer(), nullable=True),
    sa.Column('district_declined', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.CheckConstraint("age_band IS NULL OR age_band IN ('declined', '13-17', '18-24', '25-34', '35-44', '45-64', '65-79', '80-')", name=op.f('ck_participant_profiles_age_band_known')),
    sa.ForeignKeyConstraint(['district_id'], ['districts.id'], name=op.f('fk_participant_profiles_district_id_districts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['process_id'], ['processes.id'], name=op.f('fk_participant_profiles_process_id_processes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participant_profiles')),
    sa.UniqueConstraint('process_id', 'owner_key', name=op.f('uq_participant_profiles_process_id_owner_key'))
    )
    with op.batch_alter_table('participant_profiles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_participant_profiles_process_id'), ['process_id'], unique=False)

    op.create_table('population_figures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('district_id', sa.Integer(), nullable=False),
    sa.Column('age_band', sa.String(length=10), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.CheckConstraint('count >= 0 AND count <= 10000000', name=op.f('ck_population_figures_count_in_range')),
    sa.ForeignKeyConstraint(['district_id'], ['districts.id'], name=op.f('fk_population_figures_district_id_districts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_population_figures')),
    sa.UniqueConstraint('district_id', 'age_band', name=op.f('uq_population_figures_district_id_age_band'))
    )
    op.create_table('profile_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('process_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=200), nullable=False),
    sa.Column('choices', sa.JSON(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['process_id'], ['processes.id'], name=op.f('fk_profile_questions_process_id_processes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_profile_questions'))
    )
    with op.batch_alter_table('profile_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_profile_questions_process_id'), ['process_id'], unique=False)

    op.create_table('profile_answers',
    sa.Column('profile_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('choice', sa.String(length=120), nullable=True),
    sa.ForeignKeyConstraint(['profile_id'], ['participant_profiles.id'], name=op.f('fk_profile_answers_profile_id_participant_profiles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id'], ['profile_questions.id'], name=op.f('fk_profile_answers_question_id_profile_questions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('profile_id', 'question_id', name=op.f('pk_profile_answers'))
    )
    with op.batch_alter_table('profile_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_profile_answers_question_id'), ['question_id'], unique=False)



def downgrade():
    with op.batch_alter_table('profile_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_profile_answers_question_id'))

    op.drop_table('profile_answers')
    with op.batch_alter_table('profile_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_profile_questions_process_id'))

    op.drop_table('profile_questions')
    op.drop_table('population_figures')
    with op.batch_alter_table('participant_profiles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_participant_profiles_process_id'))

    op.drop_table('participant_profiles')
    with op.batch_alter_table('outreach_actions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outreach_actions_process_id'))

    op.drop_table('outreach_actions')
