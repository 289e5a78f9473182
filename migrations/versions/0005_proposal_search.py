"""Full-text search over proposals in Swedish

PostgreSQL: a stored, generated 'swedish' text search vector of title and text, with a
GIN index (stored so that ranking reads it instead of analysing every text again).
SQLite: an FTS5 table of stemmed words that the application keeps in step.

Revision ID: 0005
Revises: 0004
"""
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE proposals ADD COLUMN search_vector tsvector GENERATED ALWAYS "
                   "AS (to_tsvector('swedish', title || ' ' || body_text)) STORED")
        op.execute("CREATE INDEX ix_proposals_search ON proposals USING gin (search_vector)")
    else:
        op.execute("CREATE VIRTUAL TABLE proposal_search USING fts5(words)")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_proposals_search")
        op.execute("ALTER TABLE proposals DROP COLUMN search_vector")
    else:
        op.execute("DROP TABLE proposal_search")
