"""The content's version, for HTTP validators, and the KSAU summary's kept figures

Revision ID: 0015
Revises: 0014
"""
import sqlalchemy as sa
from alembic import op

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'content_versions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('value', sa.BigInteger(), nullable=False),
        sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_content_versions')))
    op.execute("INSERT INTO content_versions (id, value, changed_at) "
               "VALUES (1, 1, CURRENT_TIMESTAMP)")
    op.create_table(
        'summary_snapshots',
        sa.Column('process_id', sa.Integer(), nullable=False),
        sa.Column('version', sa.BigInteger(), nullable=False),
        sa.Column('computed_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('figures', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['process_id'], ['processes.id'], ondelete='CASCADE',
                                name=op.f('fk_summary_snapshots_process_id_processes')),
        sa.PrimaryKeyConstraint('process_id', name=op.f('pk_summary_snapshots')))


def downgrade():
    op.drop_table('summary_snapshots')
    op.drop_table('content_versions')
