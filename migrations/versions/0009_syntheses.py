"""Syntheses and meanings with every version kept, and quotes picked for themes

Revision ID: 0009
Revises: 0008
"""
import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    # Each support keeps its proposal's process, so who took part is counted from an index.
    with op.batch_alter_table('supports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('process_id', sa.Integer(), nullable=True))
    op.execute("UPDATE supports SET process_id = (SELECT proposals.process_id FROM proposals "
               "WHERE proposals.id = supports.proposal_id)")
    with op.batch_alter_table('supports', schema=None) as batch_op:
        batch_op.alter_column('process_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(batch_op.f('fk_supports_process_id_processes'), 'processes',
                                    ['process_id'], ['id'], ondelete='CASCADE')
        batch_op.create_index('ix_supports_by_process', ['process_id', 'user_id'], unique=False)
    op.create_table('text_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('target_type', sa.String(length=20), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('author_name', sa.String(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_text_versions_author_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_text_versions'))
    )
    with op.batch_alter_table('text_versions', schema=None) as batch_op:
        batch_op.create_index('ix_text_versions_target', ['target_type', 'target_id', 'id'], unique=False)

    op.create_table('quotes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('picked_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['picked_by_id'], ['users.id'], name=op.f('fk_quotes_picked_by_id_users')),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposals.id'], name=op.f('fk_quotes_proposal_id_proposals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['theme_id'], ['themes.id'], name=op.f('fk_quotes_theme_id_themes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quotes'))
    )
    with op.batch_alter_table('quotes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quotes_proposal_id'), ['proposal_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quotes_theme_id'), ['theme_id'], unique=False)

    with op.batch_alter_table('themes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('synthesis', sa.Text(), server_default='', nullable=False))



def downgrade():
    with op.batch_alter_table('supports', schema=None) as batch_op:
        batch_op.drop_index('ix_supports_by_process')
        batch_op.drop_constraint(batch_op.f('fk_supports_process_id_processes'),
                                 type_='foreignkey')
        batch_op.drop_column('process_id')
    with op.batch_alter_table('themes', schema=None) as batch_op:
        batch_op.drop_column('synthesis')

    with op.batch_alter_table('quotes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quotes_theme_id'))
        batch_op.drop_index(batch_op.f('ix_quotes_proposal_id'))

    op.drop_table('quotes')
    with op.batch_alter_table('text_versions', schema=None) as batch_op:
        batch_op.drop_index('ix_text_versions_target')

    op.drop_table('text_versions')
