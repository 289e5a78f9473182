"""The insight engine's stored results: the fitted engine per process, likely duplicate
pairs and emerging themes, all recomputed by `flask insight refresh`

Revision ID: 0030_insight
Revises: 0022_follows_and_digests
"""
import sqlalchemy as sa
from alembic import op

revision = '0030_insight'
down_revision = '0022_follows_and_digests'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('insight_models',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('process_id', sa.Integer(), nullable=False),
    sa.Column('fitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('proposal_count', sa.Integer(), nullable=False),
    sa.Column('tagged_count', sa.Integer(), nullable=False),
    sa.Column('engine', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['process_id'], ['processes.id'], name=op.f('fk_insight_models_process_id_processes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_insight_models')),
    sa.UniqueConstraint('process_id', name=op.f('uq_insight_models_process_id'))
    )
    op.create_table('insight_emerging_themes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('process_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('words', sa.JSON(), nullable=False),
    sa.Column('proposal_ids', sa.JSON(), nullable=False),
    sa.Column('computed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('keyword_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['keyword_id'], ['keywords.id'], name=op.f('fk_insight_emerging_themes_keyword_id_keywords'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['process_id'], ['processes.id'], name=op.f('fk_insight_emerging_themes_process_id_processes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_insight_emerging_themes'))
    )
    with op.batch_alter_table('insight_emerging_themes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_insight_emerging_themes_process_id'), ['process_id'], unique=False)

    op.create_table('insight_duplicate_pairs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('process_id', sa.Integer(), nullable=False),
    sa.Column('first_id', sa.Integer(), nullable=False),
    sa.Column('second_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.CheckConstraint('first_id < second_id', name=op.f('ck_insight_duplicate_pairs_ordered')),
    sa.ForeignKeyConstraint(['first_id'], ['proposals.id'], name=op.f('fk_insight_duplicate_pairs_first_id_proposals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['process_id'], ['processes.id'], name=op.f('fk_insight_duplicate_pairs_process_id_processes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['second_id'], ['proposals.id'], name=op.f('fk_insight_duplicate_pairs_second_id_proposals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_insight_duplicate_pairs')),
    sa.UniqueConstraint('first_id', 'second_id', name=op.f('uq_insight_duplicate_pairs_first_id_second_id'))
    )
    with op.batch_alter_table('insight_duplicate_pairs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_insight_duplicate_pairs_process_id'), ['process_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_insight_duplicate_pairs_second_id'), ['second_id'], unique=False)



def downgrade():
    with op.batch_alter_table('insight_duplicate_pairs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_insight_duplicate_pairs_second_id'))
        batch_op.drop_index(batch_op.f('ix_insight_duplicate_pairs_process_id'))

    op.drop_table('insight_duplicate_pairs')
    with op.batch_alter_table('insight_emerging_themes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_insight_emerging_themes_process_id'))

    op.drop_table('insight_emerging_themes')
    op.drop_table('insight_models')
