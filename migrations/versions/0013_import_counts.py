"""Imports count rows imported before apart from rows repeated within the file

Revision ID: 0013
Revises: 0012
"""
import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    # Earlier imports counted both as skipped: those rows are kept as imported before.
    with op.batch_alter_table('import_batches', schema=None) as batch_op:
        batch_op.alter_column('skipped_count', new_column_name='existing_count',
                              existing_type=sa.Integer(), existing_nullable=False)
        batch_op.add_column(sa.Column('repeated_count', sa.Integer(), server_default='0',
                                      nullable=False))


def downgrade():
    op.execute("UPDATE import_batches SET existing_count = existing_count + repeated_count")
    with op.batch_alter_table('import_batches', schema=None) as batch_op:
        batch_op.drop_column('repeated_count')
        batch_op.alter_column('existing_count', new_column_name='skipped_count',
                              existing_type=sa.Integer(), existing_nullable=False)
