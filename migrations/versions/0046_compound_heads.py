"""Search finds the last word of a compound: "gård" finds "fritidsgård", "skola" "förskola"

Revision ID: 0046_compound_heads
Revises: 0045_merges

Each proposal keeps the heads of its compounds (`search_heads`, from
services.participation.search.heads). PostgreSQL: the generated search vector reads them
with the title and text, so the column and its index are made anew. SQLite: each row of
the full-text table gets them. Existing proposals are read once, in batches.
"""
import sqlalchemy as sa
from alembic import op

revision = '0046_compound_heads'
down_revision = '0045_merges'
branch_labels = None
depends_on = None

BATCH = 2000
WITH_HEADS = "title || ' ' || body_text || ' ' || search_heads"
WITHOUT_HEADS = "title || ' ' || body_text"


def _search_vector(expression):
    op.execute("DROP INDEX ix_proposals_search")
    op.execute("ALTER TABLE proposals DROP COLUMN search_vector")
    op.execute("ALTER TABLE proposals ADD COLUMN search_vector tsvector GENERATED ALWAYS "
               f"AS (to_tsvector('swedish', {expression})) STORED")
    op.execute("CREATE INDEX ix_proposals_search ON proposals USING gin (search_vector)")


def _each_batch(connection, statement):
    last = 0
    while True:
        rows = connection.execute(sa.text(statement), {"last": last, "batch": BATCH}).all()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def upgrade():
    from app.services.participation import search
    op.add_column("proposals", sa.Column("search_heads", sa.Text(), nullable=False,
                                         server_default=""))
    connection = op.get_bind()
    for rows in _each_batch(connection, "SELECT id, title, body_text FROM proposals "
                                        "WHERE id > :last ORDER BY id LIMIT :batch"):
        connection.execute(sa.text("UPDATE proposals SET search_heads = :heads WHERE id = :id"),
                           [{"id": id_, "heads": search.heads(f"{title} {body}")}
                            for id_, title, body in rows])
    if connection.dialect.name == "postgresql":
        _search_vector(WITH_HEADS)
    else:
        _reindex(connection, with_heads=True)


def downgrade():
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        _search_vector(WITHOUT_HEADS)
    else:
        _reindex(connection, with_heads=False)
    with op.batch_alter_table("proposals") as batch_op:
        batch_op.drop_column("search_heads")


def _reindex(connection, *, with_heads):
    """SQLite: each indexed proposal's row of the full-text table, with or without heads.
    Read by the proposals' ids, then their rows looked up by rowid (a join with the
    full-text table scans it whole for every batch)."""
    from app.services.participation import search
    statement = ("SELECT id, title, body_text, search_heads FROM proposals WHERE id > :last "
                 "ORDER BY id LIMIT :batch")
    for rows in _each_batch(connection, statement):
        ids = ",".join(str(row[0]) for row in rows)
        indexed = set(connection.execute(sa.text(
            f"SELECT rowid FROM proposal_search WHERE rowid IN ({ids})")).scalars())
        rows = [row for row in rows if row[0] in indexed]
        if not rows:
            continue
        connection.execute(sa.text(
            f"DELETE FROM proposal_search WHERE rowid IN ({','.join(str(r[0]) for r in rows)})"))
        connection.execute(
            sa.text("INSERT INTO proposal_search(rowid, words) VALUES (:id, :words)"),
            [{"id": id_, "words": search.indexed_words(title, body,
                                                       heads if with_heads else "")}
             for id_, title, body, heads in rows])
