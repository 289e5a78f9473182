"""The engine's results in the database, so that every app server reads the same ones and
no request fits a model. `refresh` (run by `flask insight refresh`, e.g. from cron) fits
the engine on the process's proposals and tags, finds likely duplicate pairs and emerging
themes, and replaces what was stored, in one unit of work. `hints` reads them."""
import pickle
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.decomposition import TruncatedSVD
from sklearn.preprocessing import normalize
from sqlalchemy import delete, func, insert, select

from app.extensions import db
from app.models import (DistinctPair, DuplicatePair, EmergingTheme, InsightModel, Keyword,
                        Proposal, ProposalStatus, StoredSuggestion, proposal_keywords)
from app.services.insight import READ_STATUSES, clusters
from app.services.insight.engine import DUPLICATE_THRESHOLD, Engine, KeywordInfo, document

# A plain refresh refits only when this many proposals were tagged or sent since.
STALE_AFTER = 25
# At most this many likely duplicates are kept per proposal.
PAIRS_PER_PROPOSAL = 5
# Emerging themes: at most this many groups are kept, the largest (clusters.group decides
# how many there are and leaves out the smallest).
MAX_GROUPS = 20
_CHUNK = 1000
# Duplicate candidates: how many nearest per proposal, sought in how many dimensions once
# there are more proposals than REDUCE_ABOVE.
CANDIDATES, REDUCE_ABOVE, REDUCED_DIMENSIONS = 10, 3_000, 128


@dataclass
class Refreshed:
    proposals: int
    tagged: int
    pairs: int
    themes: int


def keyword_info(keyword):
    return KeywordInfo(str(keyword.id), keyword.name, keyword.meaning or "",
                       keyword.theme.name if keyword.theme else "")


def _read(process):
    rows = db.session.execute(
        select(Proposal.id, Proposal.title, Proposal.body_text, Proposal.keyword_count,
               Proposal.status)
        .where(Proposal.process_id == process.id, Proposal.status.in_(READ_STATUSES))
        .order_by(Proposal.id)).all()
    tags = defaultdict(list)
    for proposal_id, keyword_id in db.session.execute(
            select(proposal_keywords.c.proposal_id, proposal_keywords.c.keyword_id)
            .join(Proposal, Proposal.id == proposal_keywords.c.proposal_id)
            .where(Proposal.process_id == process.id,
                   Proposal.status.in_(READ_STATUSES))):
        tags[proposal_id].append(str(keyword_id))
    return rows, tags


def is_stale(process):
    stored = db.session.execute(select(InsightModel.proposal_count, InsightModel.tagged_count)
                                .where(InsightModel.process_id == process.id)).first()
    if stored is None:
        return True
    counts = db.session.execute(
        select(func.count(), func.count().filter(Proposal.keyword_count > 0))
        .where(Proposal.process_id == process.id, Proposal.status.in_(READ_STATUSES))).one()
    return (abs(counts[0] - stored.proposal_count) + abs(counts[1] - stored.tagged_count)
            >= STALE_AFTER)


def refresh(process, *, now):
    """Fit the engine for `process` and store it with its duplicate pairs and emerging
    themes. Run outside requests: at 100,000 proposals it takes about a minute."""
    rows, tags = _read(process)
    keywords = db.session.scalars(select(Keyword).where(
        Keyword.process_id == process.id, Keyword.archived_at.is_(None))
        .order_by(Keyword.id)).all()
    docs = [document(r.title, r.body_text) for r in rows]
    if not docs and not keywords:
        return Refreshed(0, 0, 0, 0)  # a new process: nothing to learn from yet
    engine = Engine([keyword_info(k) for k in keywords], docs,
                    [(docs[i], tags[r.id]) for i, r in enumerate(rows) if tags.get(r.id)])
    ids = [r.id for r in rows]
    published = [i for i, r in enumerate(rows) if r.status == ProposalStatus.PUBLISHED]
    vectors = engine.vectors(docs) if docs else None
    # The duplicate scorer's view of every proposal, computed once (after the vectors:
    # its temporaries and theirs together were the refresh's peak memory): its word
    # vectors are also the compare step's index (of the published ones).
    view = engine.pair_view(docs) if docs else None
    engine.index_for_compare([ids[i] for i in published],
                             view.words[published] if published else None)
    # Pairs a moderator decided are not the same stay out (and take no proposal's place).
    distinct = {(a, b) for a, b in db.session.execute(
        select(DistinctPair.first_id, DistinctPair.second_id)
        .where(DistinctPair.process_id == process.id))}
    pairs = _duplicate_pairs(engine, view, ids, vectors, skip=distinct)
    del view  # some hundreds of MB at real size; the compare index keeps what it needs
    suggested = engine.suggest_many(docs, vectors, [tags.get(i, ()) for i in ids]) \
        if docs else []
    untagged = [i for i, r in enumerate(rows) if not tags.get(r.id)]
    themes = _emerging(engine, [docs[i] for i in untagged], [ids[i] for i in untagged],
                       vectors[untagged] if untagged else None)

    db.session.execute(delete(DuplicatePair).where(DuplicatePair.process_id == process.id))
    db.session.execute(delete(StoredSuggestion)
                       .where(StoredSuggestion.process_id == process.id))
    rows_to_store = [{"process_id": process.id, "proposal_id": proposal_id,
                      "keyword_ids": [int(code) for code, _reasons in found],
                      "first_keyword_id": int(found[0][0]),
                      "reasons": [reasons for _code, reasons in found]}
                     for proposal_id, found in zip(ids, suggested) if found]
    for start in range(0, len(rows_to_store), _CHUNK):
        db.session.execute(insert(StoredSuggestion), rows_to_store[start:start + _CHUNK])
    db.session.execute(delete(EmergingTheme).where(EmergingTheme.process_id == process.id,
                                                   EmergingTheme.keyword_id.is_(None)))
    # Inserted as rows, not objects: there are a few hundred thousand at real size.
    pair_rows = [{"process_id": process.id, "first_id": a, "second_id": b, "score": score}
                 for a, b, score in pairs]
    for start in range(0, len(pair_rows), _CHUNK):
        db.session.execute(insert(DuplicatePair), pair_rows[start:start + _CHUNK])
    db.session.add_all(EmergingTheme(process_id=process.id, name=name, words=words,
                                     proposal_ids=members, computed_at=now)
                       for name, words, members in themes)
    stored = db.session.scalar(select(InsightModel).where(InsightModel.process_id == process.id))
    stored = stored or InsightModel(process_id=process.id)
    stored.fitted_at, stored.proposal_count = now, len(rows)
    stored.tagged_count, stored.engine = engine.tagged_count, pickle.dumps(engine)
    db.session.add(stored)
    db.session.commit()
    return Refreshed(len(rows), engine.tagged_count, len(pairs), len(themes))


def _duplicate_pairs(engine, view, ids, vectors, skip=frozenset()):
    """Likely duplicates. Candidates are sought only within the same likeliest keyword (two
    proposals that ask the same thing share it), and above a few thousand proposals in a
    reduced space (truncated SVD), so the work stays near linear; each candidate is then
    scored exactly, with the same score and threshold as `flask insight evaluate` (its
    word-by-word coverage only where the other features leave the threshold within
    reach: `Engine.pair_scores`)."""
    if len(ids) < 2:
        return []
    exact = normalize(sparse.hstack([view.words, view.chars], format="csr"))
    reduced = exact
    if len(ids) > REDUCE_ABOVE:
        dimensions = min(REDUCED_DIMENSIONS, exact.shape[0] - 1, exact.shape[1] - 1)
        reduced = normalize(TruncatedSVD(dimensions, random_state=0)
                            .fit_transform(exact)).astype(np.float32)
    if engine.centroids is not None:
        blocks = np.asarray(vectors @ engine.centroids.T).argmax(axis=1)
    else:
        blocks = np.zeros(len(ids), dtype=int)
    first, second = _candidates(reduced, blocks)
    # Each pair once, however many of its two proposals found the other.
    unique = np.unique(np.column_stack([np.minimum(first, second),
                                        np.maximum(first, second)]), axis=0)
    first, second = unique[:, 0], unique[:, 1]
    step = _CHUNK * 20
    scores = np.concatenate([engine.pair_scores(view, first[i:i + step], second[i:i + step],
                                                at_least=DUPLICATE_THRESHOLD)
                             for i in range(0, len(first), step)] or [np.zeros(0)])
    found = {}
    for a, b, score in zip(first, second, scores):
        pair = tuple(sorted((ids[a], ids[b])))
        if score >= DUPLICATE_THRESHOLD and pair not in skip:
            found[pair] = float(score)
    per_proposal = defaultdict(int)
    kept = []
    for (a, b), score in sorted(found.items(), key=lambda item: -item[1]):
        if per_proposal[a] < PAIRS_PER_PROPOSAL and per_proposal[b] < PAIRS_PER_PROPOSAL:
            per_proposal[a] += 1
            per_proposal[b] += 1
            kept.append((a, b, round(score, 3)))
    return kept


def _candidates(vectors, blocks):
    """For each row, its nearest rows in the same block: two index arrays (row, other)."""
    first, second = [], []
    for block in np.unique(blocks):
        members = np.flatnonzero(blocks == block)
        block_vectors = vectors[members]
        take = min(CANDIDATES + 1, len(members))
        for start in range(0, len(members), _CHUNK):
            likeness = block_vectors[start:start + _CHUNK] @ block_vectors.T
            if sparse.issparse(likeness):
                likeness = likeness.toarray()
            nearest = np.argpartition(-likeness, take - 1, axis=1)[:, :take]
            rows = np.repeat(np.arange(start, start + likeness.shape[0]), take)
            columns = nearest.ravel()
            keep = rows != columns
            first.append(members[rows[keep]])
            second.append(members[columns[keep]])
    if not first:
        return np.zeros(0, dtype=int), np.zeros(0, dtype=int)
    return np.concatenate(first), np.concatenate(second)


def _emerging(engine, docs, ids, vectors):
    """Groups of untagged proposals, each with a suggested name and its telling words."""
    if len(docs) < clusters.MIN_GROUP:
        return []
    labels = clusters.group(engine.grouping_vectors(vectors))
    words = clusters.telling_words(engine, docs, vectors, labels)
    themes = []
    for label, telling in words.items():
        members = [ids[i] for i in np.flatnonzero(labels == label)]
        if telling:
            themes.append((telling[0].capitalize()[:80], telling, members))
    return sorted(themes, key=lambda theme: -len(theme[2]))[:MAX_GROUPS]
