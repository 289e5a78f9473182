"""The KSAU packet's PDF, drawn by a job and kept per content version

Revision ID: 0018
Revises: 0017
"""
import sqlalchemy as sa
from alembic import op

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'packet_files',
        sa.Column('process_id', sa.Integer(), nullable=False),
        sa.Column('version', sa.BigInteger(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('pdf', sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(['process_id'], ['processes.id'], ondelete='CASCADE',
                                name=op.f('fk_packet_files_process_id_processes')),
        sa.PrimaryKeyConstraint('process_id', name=op.f('pk_packet_files')))


def downgrade():
    op.drop_table('packet_files')
