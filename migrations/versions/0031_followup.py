"""Goals that can be followed up: boards and their goals, indicators with yearly values
(Kolada's cached answers kept), follow-up periods with readings and assessments, and the
residents told of each published one

Revision ID: 0031_followup
Revises: 0030_insight
Create Date: 2026-12-04 20:56:26.522603

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0031_followup'
down_revision = '0050_insight_queue_suggestions'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('boards',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.Enum('board', 'company', name='boardkind', native_enum=False, length=20), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_boards')),
    sa.UniqueConstraint('name', name=op.f('uq_boards_name'))
    )
    op.create_table('kolada_responses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kpi', sa.String(length=20), nullable=False),
    sa.Column('municipality', sa.String(length=10), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('fetched_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kolada_responses')),
    sa.UniqueConstraint('kpi', 'municipality', name=op.f('uq_kolada_responses_kpi_municipality'))
    )
    op.create_table('followup_periods',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('process_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('interim', 'annual', name='periodkind', native_enum=False, length=20), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['approved_by_id'], ['users.id'], name=op.f('fk_followup_periods_approved_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['process_id'], ['processes.id'], name=op.f('fk_followup_periods_process_id_processes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_followup_periods')),
    sa.UniqueConstraint('process_id', 'year', 'kind', name=op.f('uq_followup_periods_process_id_year_kind'))
    )
    with op.batch_alter_table('followup_periods', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_followup_periods_process_id'), ['process_id'], unique=False)

    op.create_table('board_goals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=False),
    sa.Column('board_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['board_id'], ['boards.id'], name=op.f('fk_board_goals_board_id_boards'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['goal_id'], ['goals.id'], name=op.f('fk_board_goals_goal_id_goals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_board_goals'))
    )
    with op.batch_alter_table('board_goals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_board_goals_board_id'), ['board_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_board_goals_goal_id'), ['goal_id'], unique=False)

    op.create_table('followup_notices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['period_id'], ['followup_periods.id'], name=op.f('fk_followup_notices_period_id_followup_periods'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_followup_notices_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_followup_notices')),
    sa.UniqueConstraint('period_id', 'user_id', name=op.f('uq_followup_notices_period_id_user_id'))
    )
    with op.batch_alter_table('followup_notices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_followup_notices_user_id'), ['user_id'], unique=False)

    op.create_table('goal_assessments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=False),
    sa.Column('rating', sa.Enum('achieved', 'partly', 'not', name='rating', native_enum=False, length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['goal_id'], ['goals.id'], name=op.f('fk_goal_assessments_goal_id_goals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['period_id'], ['followup_periods.id'], name=op.f('fk_goal_assessments_period_id_followup_periods'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_goal_assessments')),
    sa.UniqueConstraint('period_id', 'goal_id', name=op.f('uq_goal_assessments_period_id_goal_id'))
    )
    with op.batch_alter_table('goal_assessments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_goal_assessments_goal_id'), ['goal_id'], unique=False)

    op.create_table('indicators',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('goal_id', sa.Integer(), nullable=True),
    sa.Column('board_goal_id', sa.Integer(), nullable=True),
    sa.Column('slot', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.Column('direction', sa.Enum('higher', 'lower', name='direction', native_enum=False, length=20), nullable=False),
    sa.Column('baseline_value', sa.Float(), nullable=False),
    sa.Column('baseline_year', sa.Integer(), nullable=False),
    sa.Column('target_value', sa.Float(), nullable=False),
    sa.Column('target_year', sa.Integer(), nullable=False),
    sa.Column('source', sa.Enum('kolada', 'manual', name='indicatorsource', native_enum=False, length=20), nullable=False),
    sa.Column('kolada_kpi', sa.String(length=20), nullable=False),
    sa.Column('kolada_municipality', sa.String(length=10), nullable=False),
    sa.Column('fetched_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('fetch_error', sa.String(length=300), nullable=False),
    sa.CheckConstraint('(goal_id IS NULL) <> (board_goal_id IS NULL)', name=op.f('ck_indicators_one_owner')),
    sa.CheckConstraint('board_goal_id IS NULL OR (slot BETWEEN 1 AND 3)', name=op.f('ck_indicators_board_goal_slots')),
    sa.CheckConstraint('target_year >= baseline_year', name=op.f('ck_indicators_target_after_baseline')),
    sa.ForeignKeyConstraint(['board_goal_id'], ['board_goals.id'], name=op.f('fk_indicators_board_goal_id_board_goals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['goal_id'], ['goals.id'], name=op.f('fk_indicators_goal_id_goals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicators')),
    sa.UniqueConstraint('board_goal_id', 'slot', name=op.f('uq_indicators_board_goal_id_slot'))
    )
    with op.batch_alter_table('indicators', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicators_goal_id'), ['goal_id'], unique=False)

    op.create_table('indicator_values',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('origin', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicators.id'], name=op.f('fk_indicator_values_indicator_id_indicators'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_values')),
    sa.UniqueConstraint('indicator_id', 'year', name=op.f('uq_indicator_values_indicator_id_year'))
    )
    op.create_table('period_readings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period_id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('forecast', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicators.id'], name=op.f('fk_period_readings_indicator_id_indicators'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['period_id'], ['followup_periods.id'], name=op.f('fk_period_readings_period_id_followup_periods'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_period_readings')),
    sa.UniqueConstraint('period_id', 'indicator_id', name=op.f('uq_period_readings_period_id_indicator_id'))
    )
    with op.batch_alter_table('period_readings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_period_readings_indicator_id'), ['indicator_id'], unique=False)



def downgrade():
    with op.batch_alter_table('period_readings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_period_readings_indicator_id'))

    op.drop_table('period_readings')
    op.drop_table('indicator_values')
    with op.batch_alter_table('indicators', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicators_goal_id'))

    op.drop_table('indicators')
    with op.batch_alter_table('goal_assessments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_goal_assessments_goal_id'))

    op.drop_table('goal_assessments')
    with op.batch_alter_table('followup_notices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_followup_notices_user_id'))

    op.drop_table('followup_notices')
    with op.batch_alter_table('board_goals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_board_goals_goal_id'))
        batch_op.drop_index(batch_op.f('ix_board_goals_board_id'))

    op.drop_table('board_goals')
    with op.batch_alter_table('followup_periods', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_followup_periods_process_id'))

    op.drop_table('followup_periods')
    op.drop_table('kolada_responses')
    op.drop_table('boards')
