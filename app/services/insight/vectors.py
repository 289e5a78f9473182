"""Proposals as vectors: TF-IDF on stemmed words (with the synonyms read as one word)
and on the known parts of compounds ("hundrastgård": "hund", "gård"), beside TF-IDF on
character n-grams within words, which find the shared parts of Swedish compounds that the
splitting misses ("cykelparkering" and "parkering för cyklar"). Each part is weighted, and the
whole row has unit length, so a dot product is a cosine similarity."""
import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from app.services.insight import text

WORD_WEIGHT = 0.6  # the rest goes to the character n-grams
# Keeps the stored engine small at 100,000 proposals; the rarest n-grams go first.
MAX_CHAR_FEATURES = 100_000


def content(value):
    """The words that carry meaning, for the character n-grams."""
    return " ".join(text.words(value))


class Vectoriser:
    def __init__(self):
        self.words = None  # its analyser learns the corpus's words (compounds) in `fit`
        self.chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5),
                                     preprocessor=content, sublinear_tf=True, min_df=2,
                                     max_features=MAX_CHAR_FEATURES,
                                     dtype=np.float32)

    def fit(self, documents):
        documents = list(documents)
        self.words = TfidfVectorizer(analyzer=text.Analyser(documents), sublinear_tf=True)
        self.words.fit(documents)
        # An n-gram counts from its second document; a process with one proposal and no
        # keywords yet has only one (scikit-learn refuses min_df above the count).
        self.chars.set_params(min_df=min(2, len(documents)))
        self.chars.fit(documents)
        return self

    def transform(self, documents):
        documents = list(documents)
        word_part = normalize(self.words.transform(documents)) * np.sqrt(WORD_WEIGHT)
        char_part = normalize(self.chars.transform(documents)) * np.sqrt(1 - WORD_WEIGHT)
        return normalize(sparse.hstack([word_part, char_part], format="csr",
                                       dtype=np.float32))

    @property
    def word_count(self):
        """How many columns are word stems: they come first, and explain suggestions."""
        return len(self.words.vocabulary_)

    def stem_of(self, column):
        if not hasattr(self, "_stems"):
            self._stems = self.words.get_feature_names_out()
        return self._stems[column]
