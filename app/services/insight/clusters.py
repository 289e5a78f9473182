"""Groups of proposals that belong together, each with its most telling words: those that
weigh more in the group than in the input as a whole.

Emerging themes (`group`) join proposals bottom-up (average-link agglomerative clustering
on cosine distance) and stop where groups would become less alike than GROUP_DISTANCE, so
the number of groups follows the input; groups smaller than MIN_GROUP are left out rather
than forced into a neighbour. Joining all pairs is quadratic, so above EXACT_LIMIT
proposals the vectors are first reduced (truncated SVD) and gathered into SMALL_GROUPS
small k-means groups (a few passes of mini-batches), which are then joined the same way,
as if joining their members (`_join_groups`): about n·SMALL_GROUPS·100 work, linear in
n. (`cluster`, k-means into a fixed number of groups, is kept for the evaluation's
comparison with the themes.)"""
import numpy as np
from scipy import sparse
from sklearn.cluster import AgglomerativeClustering, KMeans, MiniBatchKMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.preprocessing import normalize

from app.services.insight import text as swedish
from app.services.insight.engine import names_in

# Above this many proposals, mini-batches keep the whole run within a minute.
FULL_KMEANS_LIMIT = 5_000
# Emerging themes: how unlike (cosine distance, average link) a group's members may be,
# the smallest group shown, and from how many proposals the joining goes through small
# k-means groups in a reduced space. GROUP_DISTANCE was chosen on the development part.
GROUP_DISTANCE, MIN_GROUP, EXACT_LIMIT, REDUCED_DIMENSIONS = 0.7, 3, 2_000, 100
SMALL_GROUPS = 1_000  # the small k-means groups above EXACT_LIMIT


def cluster(vectors, k, seed=0):
    """A group number for each row of `vectors`."""
    k = max(1, min(k, vectors.shape[0]))
    if vectors.shape[0] > FULL_KMEANS_LIMIT:
        model = MiniBatchKMeans(n_clusters=k, random_state=seed, n_init=3, batch_size=2048)
    else:
        model = KMeans(n_clusters=k, random_state=seed, n_init=10)
    return model.fit_predict(vectors)


def group(vectors, distance=GROUP_DISTANCE, min_size=MIN_GROUP, seed=0):
    """A group number for each row of `vectors` (rows of unit length), -1 for rows left
    out because their group is smaller than `min_size`."""
    count = vectors.shape[0]
    if count < 2:
        return np.full(count, -1)
    if count <= EXACT_LIMIT:
        labels = _join(vectors, distance)
    else:
        dimensions = min(REDUCED_DIMENSIONS, vectors.shape[1] - 1)
        reduced = normalize(TruncatedSVD(dimensions, n_iter=2, random_state=seed)
                            .fit_transform(vectors)).astype(np.float32)
        small = MiniBatchKMeans(n_clusters=SMALL_GROUPS, random_state=seed, n_init=1,
                                max_iter=5, batch_size=4096, init="random").fit(reduced)
        used, members = np.unique(small.labels_, return_inverse=True)
        labels = _join_groups(reduced, members, len(used), distance)[members]
    sizes = np.bincount(labels)
    labels = np.where(sizes[labels] >= min_size, labels, -1)
    return labels


def _join(vectors, distance):
    """Average-link joining of rows of unit length, from their cosine distances (an n×n
    matrix: only for n up to EXACT_LIMIT)."""
    likeness = vectors @ vectors.T
    likeness = likeness.toarray() if sparse.issparse(likeness) else np.asarray(likeness)
    distances = np.clip(1 - likeness, 0, 2)
    np.fill_diagonal(distances, 0)
    return AgglomerativeClustering(n_clusters=None, distance_threshold=distance,
                                   metric="precomputed",
                                   linkage="average").fit_predict(distances)


def _join_groups(vectors, members, count, distance):
    """Average-link joining of `count` groups of rows of unit length (`members[i]`: row
    i's group), as if joining their rows: the average-link distance of two groups is 1
    minus the dot product of their rows' mean vectors (not of those means scaled to unit
    length, which are much more alike than the rows: every group then joined into one),
    and a joined group's distance to another is its parts' weighted by their sizes."""
    membership = sparse.csr_matrix((np.ones(len(members)), (members, np.arange(len(members)))),
                                   shape=(count, len(members)))
    sizes = np.asarray(membership.sum(axis=1)).ravel()
    means = (membership @ vectors) / sizes[:, None]
    distances = np.clip(1 - means @ means.T, 0, 2).astype(np.float64)
    np.fill_diagonal(distances, np.inf)
    labels = np.arange(count)
    nearest = distances.argmin(axis=1)
    while count > 1:
        i = int(np.argmin(distances[np.arange(len(nearest)), nearest]))
        j = int(nearest[i])
        if not distances[i, j] <= distance:
            break
        joined = (sizes[i] * distances[i] + sizes[j] * distances[j]) / (sizes[i] + sizes[j])
        distances[i], distances[:, i] = joined, joined
        distances[i, i] = np.inf
        distances[j], distances[:, j] = np.inf, np.inf
        sizes[i] += sizes[j]
        labels[labels == j] = i
        # Rows whose nearest group was one of the two look again; the others compare
        # with the joined group only.
        stale = np.flatnonzero((nearest == i) | (nearest == j))
        nearest[stale] = distances[stale].argmin(axis=1)
        closer = distances[:, i] < distances[np.arange(len(nearest)), nearest]
        nearest[closer] = i
        nearest[i] = distances[i].argmin()
        nearest[j] = 0
        count -= 1
    return np.unique(labels, return_inverse=True)[1]


def grouped_purity(labels, truth):
    """Purity over the rows placed in a group, the share placed and how many groups."""
    labels = np.asarray(labels)
    placed = np.flatnonzero(labels >= 0)
    return {"purity": purity(labels[placed], [truth[i] for i in placed]),
            "coverage": len(placed) / len(labels) if len(labels) else 0.0,
            "groups": len(np.unique(labels[placed]))}


def purity(labels, truth):
    """The share of items whose group's most common true label is their own."""
    if not labels.size:
        return 0.0
    total = 0
    for label in np.unique(labels):
        members = [truth[i] for i in np.flatnonzero(labels == label)]
        total += max(members.count(value) for value in set(members))
    return total / len(labels)


def telling_words(engine, documents, vectors, labels, n=5):
    """For each group, its `n` most telling words, in the proposals' own words."""
    words = engine.vectoriser.word_count
    word_part = vectors[:, :words]
    overall = np.asarray(word_part.mean(axis=0)).ravel()
    result = {}
    for label in np.unique(labels[labels >= 0]):
        rows = np.flatnonzero(labels == label)
        lift = np.asarray(word_part[rows].mean(axis=0)).ravel() - overall
        forms, names = {}, set()
        for row in rows:
            for stem, form in swedish.surface_forms(documents[row]).items():
                forms.setdefault(stem, form)
            names.update(swedish.stems(" ".join(names_in(documents[row]))))
        # A place's name says where, not what: it names no keyword.
        top = [j for j in np.argsort(-lift) if lift[j] > 0
               and engine.vectoriser.stem_of(j) not in names][:n]
        result[int(label)] = [forms.get(engine.vectoriser.stem_of(j),
                                        engine.vectoriser.stem_of(j)) for j in top]
    return result
