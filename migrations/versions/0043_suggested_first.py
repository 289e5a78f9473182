"""Each stored suggestion keeps its likeliest keyword in a column of its own, indexed by
process, for the moderation queue's filter "suggested first"

Revision ID: 0043_suggested_first
Revises: 0042_duplicate_pairs_by_score
Create Date: 2026-12-06 01:25:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0043_suggested_first'
down_revision = '0042_duplicate_pairs_by_score'
branch_labels = None
depends_on = None

_suggestions = sa.table('insight_keyword_suggestions', sa.column('id', sa.Integer),
                        sa.column('keyword_ids', sa.JSON),
                        sa.column('first_keyword_id', sa.Integer))
_BATCH = 5000


def upgrade():
    with op.batch_alter_table('insight_keyword_suggestions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('first_keyword_id', sa.Integer(), nullable=True))
        batch_op.create_index('ix_insight_keyword_suggestions_first',
                              ['process_id', 'first_keyword_id'], unique=False)
        batch_op.drop_index('ix_insight_keyword_suggestions_process_id')
    # The suggestions stored so far, until the next refresh writes them anew.
    connection = op.get_bind()
    rows = connection.execute(sa.select(_suggestions.c.id, _suggestions.c.keyword_ids)).all()
    values = [{"row_id": row.id, "first": int(row.keyword_ids[0])} for row in rows
              if row.keyword_ids]
    update = _suggestions.update().where(_suggestions.c.id == sa.bindparam("row_id")) \
        .values(first_keyword_id=sa.bindparam("first"))
    for start in range(0, len(values), _BATCH):
        connection.execute(update, values[start:start + _BATCH])


def downgrade():
    with op.batch_alter_table('insight_keyword_suggestions', schema=None) as batch_op:
        batch_op.create_index('ix_insight_keyword_suggestions_process_id', ['process_id'],
                              unique=False)
        batch_op.drop_index('ix_insight_keyword_suggestions_first')
        batch_op.drop_column('first_keyword_id')
