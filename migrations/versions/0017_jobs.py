"""Jobs run outside the request, kept with their state and last error; residents told of
the results, so a job that runs again tells no one twice

Revision ID: 0017
Revises: 0016
"""
import sqlalchemy as sa
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'jobs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=60), nullable=False),
        sa.Column('arguments', sa.Text(), nullable=False),
        sa.Column('status', sa.Enum('queued', 'running', 'done', 'failed', name='jobstatus',
                                    native_enum=False, length=20), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('error', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_jobs')))
    op.create_index(op.f('ix_jobs_status'), 'jobs', ['status'])
    op.create_table(
        'results_notices',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('process_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['process_id'], ['processes.id'], ondelete='CASCADE',
                                name=op.f('fk_results_notices_process_id_processes')),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE',
                                name=op.f('fk_results_notices_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_results_notices')),
        sa.UniqueConstraint('process_id', 'user_id',
                            name=op.f('uq_results_notices_process_id_user_id')))
    op.create_index(op.f('ix_results_notices_user_id'), 'results_notices', ['user_id'])


def downgrade():
    op.drop_index(op.f('ix_results_notices_user_id'), table_name='results_notices')
    op.drop_table('results_notices')
    op.drop_index(op.f('ix_jobs_status'), table_name='jobs')
    op.drop_table('jobs')
