"""Full-text search that understands Swedish word forms ("cykel", "cyklar", "cykelbanor").

PostgreSQL: its 'swedish' text search configuration over title and text, with a GIN
index on the same expression. SQLite: an FTS5 table of the same words stemmed with the
Snowball Swedish stemmer, kept in step by index()/unindex() in the same transaction as
the change to the proposal.
"""
import re

import snowballstemmer
from sqlalchemy import column, func, literal_column, select, table, text

from app.extensions import db
from app.models import Proposal

_stemmer = snowballstemmer.stemmer("swedish")
_WORD = re.compile(r"\w+", re.UNICODE)
# Words too common to tell proposals apart.
STOP_WORDS = frozenset(
    "och att det som en på är av för med till den har de inte om ett vi kan ska så men man "
    "jag du han hon vara eller från vid sig mer alla andra även nu här där ni dem bli blir "
    "också mycket skulle finns få ha hade sina sitt sin vår våra vill fler göra gör bra "
    "kunna måste behöver".split())


def _is_postgresql():
    return db.session.get_bind().dialect.name == "postgresql"


def words(text_):
    """The words of a text, lower-cased, without stop words."""
    return [w for w in _WORD.findall((text_ or "").lower()) if w not in STOP_WORDS]


def stems(text_):
    return _stemmer.stemWords(words(text_))


def document(proposal):
    return f"{proposal.title} {proposal.body_text}"


def index(proposal):
    """Bring the SQLite index up to date with `proposal` (PostgreSQL indexes by itself)."""
    if _is_postgresql():
        return
    db.session.flush()
    unindex(proposal)
    db.session.execute(text("INSERT INTO proposal_search(rowid, words) VALUES (:id, :words)"),
                       {"id": proposal.id, "words": " ".join(stems(document(proposal)))})


def index_many(proposals):
    """As index(), for many new proposals at once (an import)."""
    if _is_postgresql() or not proposals:
        return
    db.session.flush()
    db.session.execute(text("INSERT INTO proposal_search(rowid, words) VALUES (:id, :words)"),
                       [{"id": p.id, "words": " ".join(stems(document(p)))} for p in proposals])


def unindex(proposal):
    if not _is_postgresql():
        db.session.execute(text("DELETE FROM proposal_search WHERE rowid = :id"),
                           {"id": proposal.id})


_fts = table("proposal_search", column("rowid"), column("rank"))


def best_matches(query, text_, limit):
    """The proposals of `query` (a select of Proposal) matching every word of `text_`, in
    one pass down the index from the newest, stopping after `limit`: however common the
    word, no more than `limit` matches are read, ranked or counted. Returns rows of
    (id, score, supports_count, published_at), the best match having the highest score."""
    terms = stems(text_)
    if not terms:
        return []
    columns = (Proposal.supports_count, Proposal.published_at)
    if _is_postgresql():
        tsquery = func.to_tsquery(literal_column("'swedish'"),
                                  " & ".join(f"{word}:*" for word in words(text_)))
        rows = query.with_only_columns(Proposal.id, func.ts_rank(_pg_document(), tsquery),
                                       *columns) \
            .where(_pg_document().op("@@")(tsquery)).order_by(Proposal.id.desc())
    else:
        rows = query.with_only_columns(Proposal.id, -_fts.c.rank, *columns) \
            .join(_fts, _fts.c.rowid == Proposal.id) \
            .where(text("proposal_search MATCH :match")) \
            .params(match=" AND ".join(f'"{term}"*' for term in terms)) \
            .order_by(_fts.c.rowid.desc())
    return db.session.execute(rows.limit(limit)).all()


def _pg_document():
    """The stored, generated tsvector column (PostgreSQL only, so not on the model)."""
    return literal_column("proposals.search_vector")


def matching(query, text_, any_word=False, best=None):
    """Restrict a select of Proposal to those matching the words of `text_`: all of them for
    a search, any of them (best first) for similar proposals, keeping only the `best` few matches
    when given. Each word also matches as the start of
    a longer one, since Swedish joins words: "cykel" finds "cykelparkeringen". Returns the
    query and the ordering that puts the best matches first."""
    terms = stems(text_)
    if not terms:
        return query.where(literal_column("1") == 0), None
    joiner = " | " if any_word else " & "
    if _is_postgresql():
        tsquery = func.to_tsquery(literal_column("'swedish'"),
                                  # the words as typed: PostgreSQL stems them itself
                                  joiner.join(f"{word}:*" for word in words(text_)))
        return (query.where(_pg_document().op("@@")(tsquery)),
                func.ts_rank(_pg_document(), tsquery).desc())
    match = (" OR " if any_word else " AND ").join(f'"{term}"*' for term in terms)
    # Materialised, so SQLite runs the full-text match once, not once per proposal.
    hits = select(literal_column("rowid").label("id"), literal_column("rank").label("rank")) \
        .select_from(text("proposal_search")).where(text("proposal_search MATCH :match")) \
        .params(match=match)
    if best:
        hits = hits.order_by(literal_column("rank")).limit(best)
    hits = hits.cte("search_hits").prefix_with("MATERIALIZED")
    return query.join(hits, hits.c.id == Proposal.id), hits.c.rank
