"""Groups of proposals that belong together (k-means on the engine's vectors), each with
its most telling words: those that weigh more in the group than in the input as a whole."""
import numpy as np
from sklearn.cluster import KMeans, MiniBatchKMeans

from app.services.insight import text as swedish
from app.services.insight.engine import names_in

# Above this many proposals, mini-batches keep the whole run within a minute.
FULL_KMEANS_LIMIT = 5_000


def cluster(vectors, k, seed=0):
    """A group number for each row of `vectors`."""
    k = max(1, min(k, vectors.shape[0]))
    if vectors.shape[0] > FULL_KMEANS_LIMIT:
        model = MiniBatchKMeans(n_clusters=k, random_state=seed, n_init=3, batch_size=2048)
    else:
        model = KMeans(n_clusters=k, random_state=seed, n_init=10)
    return model.fit_predict(vectors)


def purity(labels, truth):
    """The share of items whose group's most common true label is their own."""
    if not labels.size:
        return 0.0
    total = 0
    for group in np.unique(labels):
        members = [truth[i] for i in np.flatnonzero(labels == group)]
        total += max(members.count(value) for value in set(members))
    return total / len(labels)


def telling_words(engine, documents, vectors, labels, n=5):
    """For each group, its `n` most telling words, in the proposals' own words."""
    words = engine.vectoriser.word_count
    word_part = vectors[:, :words]
    overall = np.asarray(word_part.mean(axis=0)).ravel()
    result = {}
    for group in np.unique(labels):
        rows = np.flatnonzero(labels == group)
        lift = np.asarray(word_part[rows].mean(axis=0)).ravel() - overall
        forms, names = {}, set()
        for row in rows:
            for stem, form in swedish.surface_forms(documents[row]).items():
                forms.setdefault(stem, form)
            names.update(swedish.stems(" ".join(names_in(documents[row]))))
        # A place's name says where, not what: it names no keyword.
        top = [j for j in np.argsort(-lift) if lift[j] > 0
               and engine.vectoriser.stem_of(j) not in names][:n]
        result[int(group)] = [forms.get(engine.vectoriser.stem_of(j),
                                        engine.vectoriser.stem_of(j)) for j in top]
    return result
