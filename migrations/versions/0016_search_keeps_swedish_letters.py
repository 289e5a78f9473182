"""SQLite's full-text index keeps å, ä and ö apart from a and o, and indexes word starts

Revision ID: 0016
Revises: 0015

FTS5's default tokenizer folds diacritics, so "bänkar" found "Banksy" and "mål" found
"mal". The index is rebuilt with remove_diacritics 0, and with prefix indexes, since every
search term also matches as the start of a longer word. PostgreSQL's 'swedish'
configuration already keeps the letters apart: nothing to do there.
"""
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

KEEPING_LETTERS = "tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3 4 5 6 7 8 9 10'"


def _rebuild(options):
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(f"CREATE VIRTUAL TABLE proposal_search_new USING fts5(words{options})")
    op.execute("INSERT INTO proposal_search_new(rowid, words) "
               "SELECT rowid, words FROM proposal_search")
    op.execute("DROP TABLE proposal_search")
    op.execute("ALTER TABLE proposal_search_new RENAME TO proposal_search")


def upgrade():
    _rebuild(f", {KEEPING_LETTERS}")


def downgrade():
    _rebuild("")
