"""A search typed without å, ä and ö ("forskola", "aldre": a phone or a keyboard without
Swedish letters) finds nothing, since the search keeps the letters apart. When it found
nothing, this says which words the resident likely meant, from the words of the process's
own proposals (the last fit's vocabulary): "förskola", "äldre"."""
import itertools
import re

from app.services.insight import hints
from app.services.insight.text import STOP_WORDS, term

_LETTERS = {"a": "aåä", "o": "oö"}
_WORD = re.compile(r"\w+")
MAX_CHANGES = 3  # letters that may be Swedish ones in one word (3³ spellings at most)


def meant(text_, process):
    """`text_` with each word the proposals do not use, but use with å, ä or ö, written
    so; None if no word changes (or before the first fit)."""
    engine, _stored = hints.engine_for(process)
    if engine is None:
        return None
    known = _Rarity(engine.vectoriser.words)
    changed = False

    def respell(match):
        nonlocal changed
        word = match.group(0)
        better = _respelled(word.lower(), known)
        if better is None:
            return word
        changed = True
        return better
    result = _WORD.sub(respell, text_)
    return result if changed else None


class _Rarity:
    """A known stem's inverse document frequency, looked up in the fit's vocabulary (not
    copied: it holds every word of the process): of two spellings the proposals use
    ("äldre", "åldrar"), the commoner is likelier meant."""

    def __init__(self, vectoriser):
        self.columns, self.idf = vectoriser.vocabulary_, vectoriser.idf_

    def __contains__(self, stem):
        return stem in self.columns

    def __getitem__(self, stem):
        return self.idf[self.columns[stem]]


def _respelled(word, known):
    """`word` with å, ä or ö where the proposals use it so; `known`: {stem: rarity}."""
    if word in STOP_WORDS or term(word) in known:
        return None
    places = [i for i, letter in enumerate(word) if letter in _LETTERS]
    if not places or len(places) > MAX_CHANGES:
        return None
    found = []
    for letters in itertools.product(*(_LETTERS[word[i]] for i in places)):
        candidate = list(word)
        for i, letter in zip(places, letters):
            candidate[i] = letter
        candidate = "".join(candidate)
        if candidate != word and term(candidate) in known:
            found.append((known[term(candidate)], candidate))
    return min(found)[1] if found else None
