"""Swedish synonyms from a published thesaurus (app/data/synlex, see its README): some
16,000 words with the words that mean the same, written by many people for no proposal of
ours. The hand-kept list in `synonyms` reads a group as one word everywhere; this one is
broader and looser ("fort" is also "fästning"), so it is used only where a loose match is
safe: in the duplicate score's coverage, where a word of one proposal counts as matched
when the other has a synonym of it ("fart" and "hastighet", "grönska" and "växtlighet").

Read on stems as the engine reads words (`text.term`), both ways, single words only. Read
when an engine is fitted (under a second), which keeps the pairs among its own words: the
pages never read the file."""
from functools import lru_cache
from importlib import resources

from app.services.insight.text import term

SOURCE = ("data", "synlex", "th_sv_SE_v2.dat")


def parse(lines):
    """{stem: frozenset of stems of the same meaning} from MyThes lines (the first line
    names the encoding; a word's line is `word|count`, its meanings' lines `|syn|syn`)."""
    related = {}
    head = None
    for line in lines[1:]:
        if not line.startswith("|"):
            word = line.split("|", 1)[0].strip().lower()
            head = term(word) if word and " " not in word else None
            continue
        if head is None:
            continue
        for synonym in line.split("|")[1:]:
            synonym = synonym.strip().lower()
            if not synonym or " " in synonym:
                continue
            other = term(synonym)
            if other != head:
                related.setdefault(head, set()).add(other)
                related.setdefault(other, set()).add(head)
    return {stem: frozenset(found) for stem, found in related.items()}


@lru_cache(maxsize=1)
def _related():
    return parse(_lines())


def _lines():
    return resources.files("app").joinpath(*SOURCE).read_text(
        encoding="iso-8859-1").splitlines()


def words():
    """Every single word the thesaurus holds, headwords and synonyms, in lower case: a
    lexicon of some 15,000 Swedish words (the search reads compounds' parts against it)."""
    found = set()
    for line in _lines()[1:]:
        for word in (line.split("|")[1:] if line.startswith("|") else line.split("|")[:1]):
            word = word.strip().lower()
            if word.isalpha():
                found.add(word)
    return frozenset(found)


def are_synonyms(one, other):
    """Whether two stems (as `text.term` gives them) mean the same in the thesaurus."""
    return other in _related().get(one, ())


def pairs_among(vocabulary):
    """The synonym pairs among a vocabulary ({stem: column}), as (lower, higher) column
    pairs."""
    related = _related()
    found = set()
    for stem, column in vocabulary.items():
        for other in related.get(stem, ()):
            other_column = vocabulary.get(other)
            if other_column is not None:
                found.add((min(column, other_column), max(column, other_column)))
    return frozenset(found)
