"""Full-text search that understands Swedish word forms ("cykel", "cyklar", "cykelbanor")
and everyday synonyms: a word of the insight engine's synonym list also finds its
synonyms ("dagis" finds "förskola", "gupp" what the list groups with it).

PostgreSQL: its 'swedish' text search configuration over title and text, with a GIN
index on the same expression. SQLite: an FTS5 table of the same words stemmed with the
Snowball Swedish stemmer, kept in step by index()/unindex() in the same transaction as
the change to the proposal.
"""
import re
import unicodedata
from functools import lru_cache

from sqlalchemy import column, func, literal_column, select, table, text

from app.extensions import db
from app.models import Proposal
from app.services.insight.synonyms import GROUPS
from app.services.insight.text import read_phrases, stem

_WORD = re.compile(r"\w+", re.UNICODE)
# Words too common to tell proposals apart: ours, and PostgreSQL's Swedish stop words (its
# tsearch_data/swedish.stop, from Snowball), which its index leaves out, so that both
# databases ignore the same words ("cykel under bron" finds the same on either).
STOP_WORDS = frozenset(
    "och att det som en på är av för med till den har de inte om ett vi kan ska så men man "
    "jag du han hon vara eller från vid sig mer alla andra även nu här där ni dem bli blir "
    "också mycket skulle finns få ha hade sina sitt sin vår våra vill fler göra gör bra "
    "kunna måste behöver "
    "i var icke mig henne då hans honom hennes min ej kunde något ut när efter upp vad över "
    "än dig mot under någon allt sedan ju denna själv detta åt utan varit hur ingen mitt "
    "blev oss din dessa några deras mina samma vilken er sådan blivit dess inom mellan "
    "sådant varför varje vilka ditt vem vilket sitta sådana vart dina vars vårt ert era "
    "vilkas".split())


# A synonym shorter than this (as a stem) matches whole words only: "tur" (of "turer",
# grouped with "buss") must not find "turism".
SYNONYM_PREFIX_FROM = 5


def _synonyms():
    """Each single-word member's stem: the other members of its group, as words."""
    found = {}
    for group in GROUPS:
        members = [m for m in group if _WORD.fullmatch(m)]
        for member in members:
            found.setdefault(stem(member), set()).update(members)
    return {key: sorted(value) for key, value in found.items()}


_SYNONYMS = _synonyms()


def _query_words(text_):
    """The words of a search, each phrase of the synonym list read as its group's word:
    "lampor längs gatan" finds what "gatubelysning" finds."""
    return words(read_phrases((text_ or "").lower()))


def _synonyms_of(word):
    """The word's synonyms (the others of its group, not its own forms): (word, stem)."""
    own = stem(word)
    others = ((w, stem(w)) for w in _SYNONYMS.get(own, ()))
    return [(w, s) for w, s in others if s != own]


def _either(options, joiner):
    return options[0] if len(options) == 1 else f"({joiner.join(options)})"


def _pg_query(text_, joiner):
    """A to_tsquery text: each word as typed, also as the start of a longer one, or one of
    its synonyms. PostgreSQL stems them itself."""
    return joiner.join(
        _either([f"{word}:*"] + [f"{w}:*" if len(s) >= SYNONYM_PREFIX_FROM else w
                                 for w, s in _synonyms_of(word)], " | ")
        for word in _query_words(text_))


def _fts_query(text_, joiner):
    """An FTS5 MATCH text on stems, likewise."""
    return joiner.join(
        _either(list(dict.fromkeys(
            [f'"{stem(word)}"*']
            + [f'"{s}"*' if len(s) >= SYNONYM_PREFIX_FROM else f'"{s}"'
               for _w, s in _synonyms_of(word)])), " OR ")
        for word in _query_words(text_))


# A compound's last word is searched too: "gård" finds "fritidsgård", "skola" "grundskola".
# Both parts must be words of the lexicon (the thesaurus and the synonym list), read on
# stems, so an inflected word is not split at its ending ("bussen" is not "bus" + "sen");
# a head shorter than HEAD_FROM is left out ("tur" of "kultur", "rum" of "centrum").
HEAD_FROM, FRONT_FROM = 4, 3
# Endings that make a word of another rather than join two: "gemenskap" is no "gemen" +
# "skap" (of "skapa"), "planering" no "plan" + "ring".
NOT_HEADS = frozenset("skap ning ring else ande ende inna itet".split())
# Prefixes that make a word of another, though they are words too: "föräldrar" is no
# "för" + "äldre", "motverka" no "mot" + "verk", "tillsammans" no "till" + "samman".
NOT_FRONTS = frozenset("för före mot till över under upp ut av be er sam miss an ge "
                       "fram efter med om på vid genom bort ner ned åter".split())


@lru_cache(maxsize=1)
def _lexicon():
    from app.services.insight import thesaurus
    members = {m for group in GROUPS for m in group if _WORD.fullmatch(m)}
    return frozenset(s for s in map(stem, thesaurus.words() | members) if len(s) >= FRONT_FROM)


@lru_cache(maxsize=100_000)
def compound_head(word):
    """The stem of the last word of a compound, or None: "fritidsgården" → "gård",
    "stadsparken" → "park" (the joining "s" is not the head's), "föräldrar" → None."""
    own, known = stem(word), _lexicon()
    for i in range(FRONT_FROM, len(own) - HEAD_FROM + 1):
        head, front = own[i:], own[:i]
        if head in known and head not in NOT_HEADS and front not in NOT_FRONTS and \
                _is_word(front, known):
            joined = head[1:]
            if head.startswith("s") and joined in known:  # the front's joining "s"
                return joined if len(joined) >= HEAD_FROM else None
            return head
    return None


def _is_word(front, known):
    """Whether a compound's front is a word: as it stands, or without its joining "s", or
    with the "a" its joining vowel replaced ("gatu" of "gatubelysning" is "gata")."""
    candidates = {front, stem(front)}
    if front.endswith("s"):
        candidates.add(front[:-1])
    if front[-1] in "uoe":
        candidates.add(front[:-1] + "a")
    return not candidates.isdisjoint(known)


def heads(text_):
    """The heads of the compounds in `text_`, each once, as one string to index."""
    found = (compound_head(word) for word in words(text_))
    return " ".join(dict.fromkeys(head for head in found if head))


def _is_postgresql():
    return db.session.get_bind().dialect.name == "postgresql"


def words(text_):
    """The words of a text, lower-cased and in composed form (an "å" typed as "a" and a
    combining ring is "å"), without stop words."""
    return [w for w in _WORD.findall(unicodedata.normalize("NFC", text_ or "").lower())
            if w not in STOP_WORDS]


def stems(text_):
    return [stem(word) for word in words(text_)]


def document(proposal):
    return f"{proposal.title} {proposal.body_text}"


def indexed_words(title, body_text, search_heads):
    """What SQLite's index holds for a proposal: its stems and its compounds' heads."""
    return " ".join([*stems(f"{title} {body_text}"), search_heads]).strip()


def index(proposal):
    """Bring the index up to date with `proposal`: its compounds' heads, and on SQLite its
    row in the full-text table (PostgreSQL's column is generated from the proposal's)."""
    proposal.search_heads = heads(document(proposal))
    if _is_postgresql():
        return
    db.session.flush()
    unindex(proposal)
    db.session.execute(text("INSERT INTO proposal_search(rowid, words) VALUES (:id, :words)"),
                       {"id": proposal.id, "words": _words_of(proposal)})


def index_many(proposals):
    """As index(), for many new proposals at once (an import)."""
    for proposal in proposals:
        proposal.search_heads = heads(document(proposal))
    if _is_postgresql() or not proposals:
        return
    db.session.flush()
    db.session.execute(text("INSERT INTO proposal_search(rowid, words) VALUES (:id, :words)"),
                       [{"id": p.id, "words": _words_of(p)} for p in proposals])


def _words_of(proposal):
    return indexed_words(proposal.title, proposal.body_text, proposal.search_heads)


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
        tsquery = func.to_tsquery(literal_column("'swedish'"), _pg_query(text_, " & "))
        rows = query.with_only_columns(Proposal.id, func.ts_rank(_pg_document(), tsquery),
                                       *columns) \
            .where(_pg_document().op("@@")(tsquery)).order_by(Proposal.id.desc())
    else:
        rows = query.with_only_columns(Proposal.id, -_fts.c.rank, *columns) \
            .join(_fts, _fts.c.rowid == Proposal.id) \
            .where(text("proposal_search MATCH :match")) \
            .params(match=_fts_query(text_, " AND ")) \
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
        # the words as typed: PostgreSQL stems them itself
        tsquery = func.to_tsquery(literal_column("'swedish'"), _pg_query(text_, joiner))
        return (query.where(_pg_document().op("@@")(tsquery)),
                func.ts_rank(_pg_document(), tsquery).desc())
    match = _fts_query(text_, " OR " if any_word else " AND ")
    # Materialised, so SQLite runs the full-text match once, not once per proposal.
    hits = select(literal_column("rowid").label("id"), literal_column("rank").label("rank")) \
        .select_from(text("proposal_search")).where(text("proposal_search MATCH :match")) \
        .params(match=match)
    if best:
        hits = hits.order_by(literal_column("rank")).limit(best)
    hits = hits.cte("search_hits").prefix_with("MATERIALIZED")
    return query.join(hits, hits.c.id == Proposal.id), hits.c.rank
