"""Swedish text as the engine reads it: lower case with å, ä and ö kept distinct, words
only, everyday synonyms read as one word, and the Snowball Swedish stemmer for word forms
("bänkar", "bänken" → "bänk"). Compounds are caught by the character n-grams in
`vectors`, which read the normalised text."""
import re
from functools import lru_cache

import snowballstemmer

from app.services.insight.synonyms import CANONICAL, PHRASES

_stemmer = snowballstemmer.stemmer("swedish")
_WORD = re.compile(r"[a-zåäöéü0-9]+(?:-[a-zåäöéü0-9]+)*")
_PHRASE = re.compile("|".join(re.escape(p) for p in PHRASES)) if PHRASES else None

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


def normalise(text):
    """Lower case, å/ä/ö kept, synonyms replaced by their group's word, words only."""
    lowered = (text or "").lower()
    if _PHRASE is not None:
        lowered = _PHRASE.sub(lambda m: CANONICAL[m.group(0)], lowered)
    return " ".join(CANONICAL.get(word, word) for word in _WORD.findall(lowered))


@lru_cache(maxsize=50_000)
def stem(word):
    return _stemmer.stemWord(word)


def words(text):
    """The normalised words of `text` that carry meaning, in order."""
    return [w for w in normalise(text).split() if w not in STOP_WORDS and len(w) > 1]


def stems(text):
    """The analyser of the word features: the stems of the words that carry meaning."""
    return [stem(w) for w in words(text)]


def surface_forms(text):
    """Each stem of `text` with the first word it came from, to explain a suggestion in
    the resident's own words."""
    forms = {}
    for word in _WORD.findall((text or "").lower()):
        canonical = CANONICAL.get(word, word)
        if canonical in STOP_WORDS or len(canonical) < 2:
            continue
        forms.setdefault(stem(canonical), word)
    return forms
