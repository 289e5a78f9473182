"""Swedish text as the engine reads it: lower case with å, ä and ö kept distinct, words
only, everyday synonyms read as one word, and the Snowball Swedish stemmer for word forms
("bänkar", "bänken" → "bänk"). Compounds are caught by the character n-grams in
`vectors`, which read the normalised text."""
import re
import threading
from functools import lru_cache

import snowballstemmer

from app.services.insight.synonyms import CANONICAL, GROUPS, PHRASES

# A Snowball stemmer keeps its state while it stems a word: two threads of one app server
# sharing one garbled each other's words (an IndexError). One per thread.
_stemmers = threading.local()
_WORD = re.compile(r"[a-zåäöéü0-9]+(?:-[a-zåäöéü0-9]+)*")
# A phrase as whole words: "lampor längs gatan" is not read inside "gatlampor längs
# gatan" (which would make "gatgatubelysning").
_PHRASE = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in PHRASES) + r")(?!\w)") \
    if PHRASES else None

# Words that say nothing about what a proposal asks for. Deliberately short: the
# TF-IDF weights do the rest.
STOP_WORDS = frozenset("""
att och i på en ett det den de som är för med till av om inte har vi jag man kan ska
skulle vill vara bli blir mer fler många mycket så också men eller där här när hur vad
från efter under över vid alla andra sin sina sitt vår våra vårt vår dem dom oss mig
du ni han hon hans hennes deras bara även nu då ju väl sedan redan kommunen kommun
behöver behövs borde bör gärna tycker tror önskar förslag förslaget idag finns få göra
göras hade ha varit lite mindre bättre bra nya ny nytt något några inget ingen mitt
min mina ens eget egen egna själv ut upp in ner fram bort igen än hela helt alltid
ofta aldrig varje per dag året år exempel t.ex tex sig blev tar ger går gör får kommer
""".split())


def read_phrases(lowered):
    """A lower-cased text with each phrase of the synonym list replaced by its group's
    word ("lampor längs gatan" → "gatubelysning")."""
    if _PHRASE is None:
        return lowered
    return _PHRASE.sub(lambda m: CANONICAL[m.group(0)], " ".join(lowered.split()))


def normalise(text):
    """Lower case, å/ä/ö kept, synonyms replaced by their group's word, words only."""
    lowered = read_phrases((text or "").lower())
    return " ".join(CANONICAL.get(word, word) for word in _WORD.findall(lowered))


@lru_cache(maxsize=50_000)
def stem(word):
    stemmer = getattr(_stemmers, "swedish", None)
    if stemmer is None:
        stemmer = _stemmers.swedish = snowballstemmer.stemmer("swedish")
    return stemmer.stemWord(word)


# A stem this short is often another word's too ("billig" and "bil" are both "bil"): it
# is read as its group's word only in the forms the list writes out.
STEM_SYNONYM_FROM = 4


def _stem_synonyms():
    """The synonym list on stems, so that every form of a member counts as its group's
    word ("plogade", "snöröjs", "cykelvägarna"), not only the forms written in the list."""
    return {stem(member): stem(group[0]) for group in GROUPS for member in group
            if " " not in member and len(stem(member)) >= STEM_SYNONYM_FROM}


_STEM_CANONICAL = _stem_synonyms()


def term(word):
    """A word's feature: its stem, read as its synonym group's stem if it has one."""
    found = stem(word)
    return _STEM_CANONICAL.get(found, found)


def words(text):
    """The normalised words of `text` that carry meaning, in order."""
    return [w for w in normalise(text).split() if w not in STOP_WORDS and len(w) > 1]


def stems(text):
    """The analyser of the word features: the stems of the words that carry meaning."""
    return [term(w) for w in words(text)]


def surface_forms(text, analyser=None):
    """Each stem of `text` with the first word it came from, to explain a suggestion in
    the resident's own words; with `analyser`, each part of a compound too, as the
    compound ("plat" of "parkeringsplatser" shows as "parkeringsplatser")."""
    forms, parts = {}, {}
    for word in _WORD.findall((text or "").lower()):
        canonical = CANONICAL.get(word, word)
        if canonical in STOP_WORDS or len(canonical) < 2:
            continue
        forms.setdefault(term(canonical), word)
        if analyser is not None:
            for part in analyser.parts(canonical):
                parts.setdefault(part, word)
    return {**parts, **forms}


class Analyser:
    """The word features' analyser: `stems`, and for a compound word also its known parts
    ("hundrastgård" → "hund" and "gård", "skolmatsalen" → "skol" and "matsal"), so that a
    compound and the words it is made of share features. A part is known when it is the
    stem of a word somewhere in the corpus; Swedish joins parts with a linking "s"
    ("fritidsgård"), which is dropped. Splitting is cached per word."""

    MIN_PART = 3

    def __init__(self, documents=()):
        known = set()
        for doc in documents:
            known.update(stems(doc))
        self.known = frozenset(s for s in known if len(s) >= self.MIN_PART)
        self._parts = {}

    def __getstate__(self):
        return {"known": self.known}

    def __setstate__(self, state):
        self.known, self._parts = state["known"], {}

    CACHED = 200_000  # words; the cache starts afresh beyond (drafts bring new words)

    def parts(self, word):
        found = self._parts.get(word)
        if found is None:
            if len(self._parts) >= self.CACHED:
                self._parts = {}
            found = self._parts[word] = tuple(self._split(word))
        return found

    def _split(self, word):
        """The longest known head and the longest known modifier of a compound."""
        if len(word) < 2 * self.MIN_PART + 1:
            return ()
        head = modifier = None
        for i in range(self.MIN_PART, len(word) - self.MIN_PART + 1):
            right = term(word[i:])
            if len(right) >= self.MIN_PART and right in self.known:
                head = right
                break
        for i in range(len(word) - self.MIN_PART, self.MIN_PART - 1, -1):
            left = word[:i]
            for candidate in (left, left[:-1] if left.endswith("s") else None, stem(left)):
                candidate = _STEM_CANONICAL.get(candidate, candidate)
                if candidate and len(candidate) >= self.MIN_PART and candidate in self.known:
                    modifier = candidate
                    break
            if modifier:
                break
        return tuple(part for part in (modifier, head) if part)

    def __call__(self, value):
        found = []
        for word in words(value):
            found.append(term(word))
            found.extend(self.parts(word))
        return found
