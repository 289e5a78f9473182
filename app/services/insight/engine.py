"""The fitted engine: keyword suggestions and duplicate scores.

Keywords are nearest centroids. Each keyword starts from its own words, its name (which
counts more), its meaning ("innebörd") and its theme's name: that is the cold start, with
nothing tagged yet. Every proposal moderators tag with it pulls its centroid towards the
way residents actually write, more the more there are. A suggestion's reasons are the
word stems that add most to its score, shown as the proposal's own words.

Duplicates are scored from three features of the pair, with names of places left out:
two proposals about the same street that ask for different things share the street's
name and little else, so the name must not make them look alike. The first two are how
alike their words (stems, synonyms, compound parts) and their character n-grams are
(cosines of TF-IDF vectors). The third, coverage, reads the pair word by word: the share
of each proposal's words (weighted by how rare they are) that have a close match among the
other's, a match scoring by how many letter triples the two words share (so "simskola"
half-matches "simundervisning" and "förskoleplatser" "förskola"); the mean of both ways.
A paraphrase that says the same in other forms of the same words covers most of the
other's words, where a cosine is pulled down by the words it says more. A logistic
regression weighs the three; its weights and the decision threshold were fitted on the
development part of our labelled pairs (`evaluation.calibrate`), never on the held-out
part. (Cues of the kind of request, of the keywords' likeness and of shared places, and
the titles' likeness alone, were tried as further features; on the development part they
did not help out of fold, so they are not used.)"""
import re
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from sklearn.preprocessing import normalize

from app.services.insight import text as swedish
from app.services.insight import thesaurus
from app.services.insight.vectors import Vectoriser

NAME_WEIGHT = 3        # a keyword's name, repeated, counts more than its meaning
PRIOR_STRENGTH = 3.0   # tagged proposals that weigh as much as the taxonomy's own words
REASONS = 3
# A stem shorter than this is not shown as a reason: a moderator reads "för", "ser" or
# "råd" (parts of longer words, or everyday verbs) as noise, not as why; nor are these
# words, which a keyword's meaning may use but which say nothing of a subject. (They stay
# in the vectors: leaving them out of the features changes the figures, not only words.)
REASON_FROM = 4
NOT_REASONS = frozenset(swedish.term(word) for word in """
utan finnas kommunens invånare invånarna enklare enkelt öppet längre större mindre
behov behovet viktigt viktig kunna skapa ökad öka minska tydligare sätt
""".split())
# Below this length a proposal's likeness to the keywords is not made longer for grouping
# (about the quarter of least keyword-like proposals of the development part).
LIKENESS_FLOOR = 0.2

# The duplicate scorer (see the module's docstring): features, their weights and bias,
# and the probability from which a pair counts as a duplicate. From
# `evaluation.calibrate` on tests/data/insight/*_dev.csv.
PAIR_FEATURES = ("words", "chars", "coverage")  # coverage last: see pair_scores
PAIR_WEIGHTS = (2.271, 1.854, 1.689)
PAIR_BIAS = -1.795
DUPLICATE_THRESHOLD = 0.588
# The least duplicate score at which a proposal is shown to residents as similar (the
# compare step, a proposal's page; `compare.ranked`). Their lists favour finding the
# proposal that asks the same over leaving out one that only resembles it: a resident who
# misses it writes a duplicate, one shown a related proposal loses a glance. On the
# development part, 88 % of duplicates' partners are among the five shown from here (79 %
# at the threshold), and 27 % of the hard negatives (5 %).
SHOWN_FROM = 0.4

_NAME = re.compile(r"(?<![.!?:]\s)(?<!^)\b[A-ZÅÄÖ][a-zåäöé]+(?:[- ][A-ZÅÄÖ][a-zåäöé]+)*")


@dataclass(frozen=True)
class KeywordInfo:
    code: str
    name: str
    meaning: str = ""
    theme: str = ""


@dataclass
class Suggestion:
    code: str
    score: float
    reasons: list = field(default_factory=list)


def document(title, body=""):
    """The text of a proposal as the engine reads it: the title counts twice."""
    return f"{title}. {title}. {body}"


def without_names(value):
    """The text without the names of places and people (capitalised words that do not
    begin a sentence), for duplicate scores."""
    return _NAME.sub(" ", value or "")


def names_in(value):
    """The names of places and people in the text (as `without_names` finds them)."""
    return _NAME.findall(value or "")


def keyword_document(keyword):
    return " ".join([keyword.name] * NAME_WEIGHT + [keyword.meaning, keyword.theme])


class Engine:
    """Fitted once (`flask insight refresh`), then asked many times, cheaply."""

    # Raise when a change makes engines stored by earlier releases unreadable.
    FORMAT = 2

    def __init__(self, keywords, corpus, tagged=()):
        """`keywords`: KeywordInfo; `corpus`: every proposal's document (the vocabulary);
        `tagged`: (document, [keyword codes]) the moderators have decided."""
        self.format = self.FORMAT
        self.keywords = list(keywords)
        self.codes = [k.code for k in self.keywords]
        taxonomy_docs = [keyword_document(k) for k in self.keywords]
        self.vectoriser = Vectoriser().fit([*taxonomy_docs, *corpus])
        self.synonym_pairs = thesaurus.pairs_among(self.vectoriser.words.vocabulary_)
        self.tagged_count = 0
        self.centroids = self._centroids(taxonomy_docs, list(tagged))
        self.compare_ids, self.compare_words = None, None

    def _centroids(self, taxonomy_docs, tagged):
        if not self.keywords:
            return None
        prior = self.vectoriser.transform(taxonomy_docs).toarray()
        blended = prior * PRIOR_STRENGTH
        index = {code: i for i, code in enumerate(self.codes)}
        rows, columns = [], []
        for row, (_doc, codes) in enumerate(tagged):
            known = {index[c] for c in codes if c in index}
            self.tagged_count += bool(known)
            rows.extend([row] * len(known))
            columns.extend(known)
        if rows:
            membership = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32),
                                            (rows, columns)),
                                           shape=(len(tagged), len(self.codes)))
            vectors = self.vectoriser.transform([doc for doc, _codes in tagged])
            blended = blended + (membership.T @ vectors).toarray()
        return normalize(blended).astype(np.float32)

    def vectors(self, documents):
        return self.vectoriser.transform(documents)

    def suggest(self, doc, n=3, exclude=()):
        """The `n` likeliest keywords for a document, each with the words that led to it."""
        if self.centroids is None:
            return []
        vector = self.vectors([doc])
        scores = np.asarray(vector @ self.centroids.T).ravel()
        forms = self._forms(doc)
        found = []
        for i in np.argsort(-scores, kind="stable"):
            if len(found) == n:
                break
            if self.codes[i] in exclude or scores[i] <= 0:
                continue
            found.append(Suggestion(self.codes[i], float(scores[i]),
                                    self._reasons(vector, i, forms)))
        return found

    def suggest_many(self, documents, vectors, exclude, n=3):
        """`suggest` for many documents at once (their `vectors` already computed), for
        lists: per document, up to `n` (code, reasons) best first. `exclude[i]`: the codes
        document i already has. About a millisecond per thousand documents and keyword,
        plus the reasons, read straight from the sparse rows."""
        if self.centroids is None or not documents:
            return [[] for _doc in documents]
        index = {code: i for i, code in enumerate(self.codes)}
        scores = np.asarray(vectors @ self.centroids.T)
        for row, codes in enumerate(exclude):
            scores[row, [index[c] for c in codes if c in index]] = -1
        take = min(n, scores.shape[1])
        best = np.argsort(-scores, axis=1, kind="stable")[:, :take]
        words = self.vectoriser.word_count
        found = []
        for row, doc in enumerate(documents):
            start, end = vectors.indptr[row], vectors.indptr[row + 1]
            columns, values = vectors.indices[start:end], vectors.data[start:end]
            is_word = columns < words
            columns, values = columns[is_word], values[is_word]
            forms = None
            chosen = []
            for keyword in best[row]:
                if scores[row, keyword] <= 0:
                    break
                contributions = values * self.centroids[keyword, columns]
                order = np.argsort(-contributions)[:REASONS]
                if forms is None:
                    forms = self._forms(doc)
                reasons = self._shown(forms, (self.vectoriser.stem_of(columns[j])
                                              for j in order if contributions[j] > 0))
                chosen.append((self.codes[keyword], reasons))
            found.append(chosen)
        return found

    def _reasons(self, vector, keyword_index, forms):
        words = self.vectoriser.word_count
        row = vector[:, :words]
        contributions = row.multiply(self.centroids[keyword_index, :words]).tocoo()
        order = np.argsort(-contributions.data)
        return self._shown(forms, (self.vectoriser.stem_of(contributions.col[j])
                                   for j in order if contributions.data[j] > 0))

    def _forms(self, doc):
        return swedish.surface_forms(doc, self.vectoriser.words.analyzer)

    @staticmethod
    def _shown(forms, stems):
        """The first REASONS stems, likeliest first, as the proposal's own words; a stem
        it does not hold as a word or a compound's part (a synonym's), or one too short
        to say anything, is left out."""
        shown = []
        for stem in stems:
            form = forms.get(stem) if len(stem) >= REASON_FROM and stem not in NOT_REASONS \
                else None
            if form and not any(form.startswith(s) or s.startswith(form) for s in shown):
                shown.append(form)  # one form of a word ("plats", "platser"), once
                if len(shown) == REASONS:
                    break
        return shown

    def grouping_vectors(self, vectors):
        """For grouping: the text's own vector (from `vectors`) beside its likeness to each
        keyword, so proposals that say the same thing in other words still land together.
        The likeness is read against the proposal's own mean likeness, as which keywords
        it leans to: once many proposals are tagged, every centroid holds the words most
        proposals use, every proposal is about as like each keyword, and that shared part
        alone made all proposals alike (100,000 demo proposals fell into one group). It is
        scaled to unit length only when it is clear (LIKENESS_FLOOR): a proposal like no
        keyword (what an emerging theme is made of) keeps a faint likeness instead of its
        noise blown up to the weight of a clear one."""
        if self.centroids is None:
            return vectors
        likeness = np.asarray(vectors @ self.centroids.T)
        likeness = likeness - likeness.mean(axis=1, keepdims=True)
        length = np.linalg.norm(likeness, axis=1, keepdims=True)
        likeness = likeness / np.maximum(length, LIKENESS_FLOOR)
        return normalize(sparse.hstack([sparse.csr_matrix(likeness) * np.sqrt(0.5),
                                        vectors * np.sqrt(0.5)], format="csr"))

    def pair_view(self, documents):
        """What scoring pairs among `documents` needs, computed once per document."""
        return PairView(self, list(documents))

    def pair_scores(self, view, first, second, at_least=None):
        """The probability that documents `first[i]` and `second[i]` of `view` ask the
        same thing (index arrays of equal length). With `at_least`, a pair that could not
        reach it whatever its coverage (the one feature read word by word, and so the
        slow one) scores 0 without it being computed: the refresh's many candidates need
        only those at or above the threshold exactly."""
        first, second = np.asarray(first, dtype=int), np.asarray(second, dtype=int)
        weights = np.asarray(PAIR_WEIGHTS)
        cheap = view.cheap_features(first, second)
        logits = cheap @ weights[:-1] + PAIR_BIAS
        scores = np.zeros(len(first))
        if at_least is None:
            needed = np.arange(len(first))
        else:
            # Coverage lies between 0 and 1.
            highest = logits + max(weights[-1], 0.0)
            needed = np.flatnonzero(_probability(highest) >= at_least)
        coverage = view.coverage(first[needed], second[needed])
        scores[needed] = _probability(logits[needed] + weights[-1] * coverage)
        return scores

    def index_for_compare(self, ids, words):
        """Keep `words`, the word vectors (names left out, as `pair_view` gives them) of
        the proposals `ids`, those residents compare a draft with, so that `nearest` finds
        candidates without reading them. Stored transposed (one row per word): a draft's
        candidates cost only the postings of its own words."""
        if words is None or not len(ids):
            self.compare_ids, self.compare_words = None, None
            return
        self.compare_ids = np.asarray(ids, dtype=np.int64)
        self.compare_words = words.T.tocsr().astype(np.float32)

    def nearest(self, doc, n=30):
        """The ids of the `n` indexed proposals whose words are likest `doc`'s."""
        if getattr(self, "compare_words", None) is None:
            return []
        likeness = (self.pair_view([doc]).words @ self.compare_words).tocsr()
        if not likeness.nnz:
            return []
        order = np.argsort(-likeness.data, kind="stable")[:n]
        return [int(self.compare_ids[likeness.indices[i]]) for i in order]

    def duplicate_score(self, doc_a, doc_b):
        view = self.pair_view([doc_a, doc_b])
        return float(self.pair_scores(view, [0], [1])[0])

    def is_duplicate(self, doc_a, doc_b):
        return self.duplicate_score(doc_a, doc_b) >= DUPLICATE_THRESHOLD


def _rowwise(matrix, first, second):
    """The dot product of row first[i] with row second[i] of a sparse matrix."""
    return np.asarray(matrix[first].multiply(matrix[second]).sum(axis=1)).ravel()


def _probability(logits):
    return 1 / (1 + np.exp(-logits))


class PairView:
    """Per document: its word and n-gram vectors with names left out, for
    `Engine.pair_scores`, and what its coverage needs (its words' rarity, their letter
    triples, and the likeness of word pairs once computed)."""

    CACHED = 1_000_000  # word pairs' likeness; the cache starts afresh beyond

    def __init__(self, engine, documents):
        stripped = [without_names(d) for d in documents]
        self.words = normalize(engine.vectoriser.words.transform(stripped)).tocsr()
        self.chars = normalize(engine.vectoriser.chars.transform(stripped)).tocsr()
        self._vectoriser = engine.vectoriser
        # An engine stored before the thesaurus was read scores without it until the next
        # refresh.
        self._synonyms = getattr(engine, "synonym_pairs", frozenset())
        self._rarity = engine.vectoriser.words.idf_
        self._triples = {}
        self._likeness = {}

    def cheap_features(self, first, second):
        """The features other than coverage, one row per pair."""
        if not len(first):
            return np.zeros((0, len(PAIR_FEATURES) - 1))
        return np.column_stack([_rowwise(self.words, first, second),
                                _rowwise(self.chars, first, second)]).astype(float)

    def features(self, first, second):
        if not len(first):
            return np.zeros((0, len(PAIR_FEATURES)))
        return np.column_stack([self.cheap_features(first, second),
                                self.coverage(first, second)])

    def coverage(self, first, second):
        """Per pair, the mean of the rarity-weighted shares of each document's words that
        the other's words match (a word's match: its best likeness among them)."""
        found = np.zeros(len(first))
        terms = {}
        for k, (a, b) in enumerate(zip(first, second)):
            for row in (a, b):
                if row not in terms:
                    terms[row] = self.words.indices[
                        self.words.indptr[row]:self.words.indptr[row + 1]]
            found[k] = (self._covered(terms[a], terms[b])
                        + self._covered(terms[b], terms[a])) / 2
        return found

    def _covered(self, these, those):
        if not len(these) or not len(those):
            return 0.0
        rarity = self._rarity[these]
        others = set(those.tolist())
        matched = [1.0 if term in others else max(self._term_likeness(term, other)
                                                  for other in others)
                   for term in these.tolist()]
        return float(rarity @ np.asarray(matched) / rarity.sum())

    def _term_likeness(self, one, other):
        """How alike two words (vocabulary columns) are: 1 for synonyms in the thesaurus,
        else the Dice coefficient of their letter triples, the word's start and end
        marked."""
        key = (one, other) if one < other else (other, one)
        found = self._likeness.get(key)
        if found is None:
            if len(self._likeness) >= self.CACHED:
                self._likeness = {}
            if key in self._synonyms:
                found = 1.0
            else:
                first, second = self._letter_triples(one), self._letter_triples(other)
                found = 2 * len(first & second) / (len(first) + len(second))
            self._likeness[key] = found
        return found

    def _letter_triples(self, column):
        found = self._triples.get(column)
        if found is None:
            word = f"<{self._vectoriser.stem_of(column)}>"
            found = self._triples[column] = frozenset(word[i:i + 3]
                                                      for i in range(len(word) - 2))
        return found
