"""What the pages read from the stored results (see `store`). Each app server unpickles
the stored engine once per fit and keeps it in memory: a request asks only whether the fit
it holds is still the newest, so suggestions cost milliseconds at any size."""
import pickle
import threading
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import exists, or_, select
from sqlalchemy.orm import aliased

from app.extensions import db
from app.models import (DistinctPair, DuplicatePair, EmergingTheme, InsightModel, Keyword,
                        LeftOut, Proposal, ProposalStatus, StoredSuggestion, User)
from app.services.insight import READ_STATUSES, clusters
from app.services.review.merging import MERGEABLE

_cache = {}
_lock = threading.Lock()


def engine_for(process):
    """The newest stored engine of `process` and when it was fitted; (None, None) if
    `flask insight refresh` has not run yet, or ran under a release whose engine this one
    cannot read (until the next refresh). Unpickled once per fit per app server."""
    stored = db.session.execute(select(InsightModel.id, InsightModel.fitted_at,
                                       InsightModel.tagged_count)
                                .where(InsightModel.process_id == process.id)).first()
    if stored is None:
        return None, None
    with _lock:
        cached = _cache.get(process.id)
        if cached is None or cached[0] != (stored.id, stored.fitted_at):
            blob = db.session.scalar(select(InsightModel.engine)
                                     .where(InsightModel.id == stored.id))
            cached = ((stored.id, stored.fitted_at), _readable(blob))
            _cache[process.id] = cached
    if cached[1] is None:
        return None, None
    return cached[1], stored


def _readable(blob):
    """The stored engine, or None if it was stored by a release with another format.
    (scikit-learn is imported here, with the first engine read, not when the app starts.)"""
    from app.services.insight.engine import Engine
    try:
        engine = pickle.loads(blob)
    except (pickle.UnpicklingError, AttributeError, ImportError, TypeError, EOFError):
        engine = None
    if getattr(engine, "format", None) != Engine.FORMAT:
        current_app.logger.warning("The stored insight engine is from another release: "
                                   "run 'flask insight refresh --force'.")
        return None
    return engine


@dataclass
class KeywordSuggestion:
    keyword: Keyword
    score: float
    reasons: list


def suggestions(proposal, n=3):
    """The `n` likeliest keywords the proposal does not have yet, in use, with reasons."""
    engine, stored = engine_for(proposal.process)
    if engine is None:
        return [], None
    from app.services.insight.engine import document
    have = {str(k.id) for k in proposal.keywords}
    found = engine.suggest(document(proposal.title, proposal.body_text), n=n + len(have),
                           exclude=have)
    keywords = {str(k.id): k for k in db.session.scalars(select(Keyword).where(
        Keyword.id.in_([int(s.code) for s in found]), Keyword.archived_at.is_(None)))}
    return [KeywordSuggestion(keywords[s.code], s.score, s.reasons)
            for s in found if s.code in keywords][:n], stored


@dataclass
class ListedSuggestion:
    keyword: Keyword
    reasons: list


def listed_suggestions(proposals, keywords, n=3):
    """For a list of proposals (a page of the queue): {proposal id: up to `n` suggested
    keywords}, read from what the last refresh stored, in one query whatever the page's
    length. `keywords`: the process's keywords in use (already loaded by the page); a
    keyword archived, or added to the proposal, since the refresh is left out, and so is a
    suggestion with no word of the proposal behind it (a faint one: nothing to say why),
    and any for a proposal no longer open to tagging (merged, hidden)."""
    proposals = [p for p in proposals if p.status in READ_STATUSES]
    if not proposals:
        return {}
    by_id = {k.id: k for k in keywords}
    stored = db.session.execute(
        select(StoredSuggestion.proposal_id, StoredSuggestion.keyword_ids,
               StoredSuggestion.reasons)
        .where(StoredSuggestion.proposal_id.in_([p.id for p in proposals]))).all()
    have = {p.id: {k.id for k in p.keywords} for p in proposals}
    found = {}
    for proposal_id, keyword_ids, reasons in stored:
        listed = [ListedSuggestion(by_id[k], list(why or ()))
                  for k, why in zip(keyword_ids, reasons)
                  if why and k in by_id and k not in have[proposal_id]]
        if listed:
            found[proposal_id] = listed[:n]
    return found


# A pair a moderator decided is not the same, during a refresh that had not read it yet.
_DECIDED_DISTINCT = exists().where(DistinctPair.first_id == DuplicatePair.first_id,
                                   DistinctPair.second_id == DuplicatePair.second_id)


def duplicates_of(proposal):
    """Proposals the last refresh found likely to ask the same as `proposal`, likeliest
    first, leaving out those merged or hidden since."""
    rows = db.session.execute(
        select(DuplicatePair.first_id, DuplicatePair.second_id, DuplicatePair.score)
        .where(or_(DuplicatePair.first_id == proposal.id,
                   DuplicatePair.second_id == proposal.id), ~_DECIDED_DISTINCT)
        .order_by(DuplicatePair.score.desc())).all()
    others = {r.second_id if r.first_id == proposal.id else r.first_id: r.score for r in rows}
    if not others:
        return []
    found = db.session.scalars(select(Proposal).where(Proposal.id.in_(others),
                                                      Proposal.status.in_(READ_STATUSES)))
    return sorted(((p, others[p.id]) for p in found), key=lambda item: -item[1])


DUPLICATES_SHOWN = 100


def duplicate_pairs(process, limit=DUPLICATES_SHOWN):
    """The likeliest duplicate pairs still open to a merge (not counted beyond: at real
    size that would read every pair of the process)."""
    first, second = aliased(Proposal), aliased(Proposal)
    return db.session.execute(
        select(DuplicatePair, first, second)
        .join(first, first.id == DuplicatePair.first_id)
        .join(second, second.id == DuplicatePair.second_id)
        .where(DuplicatePair.process_id == process.id, first.status.in_(MERGEABLE),
               second.status.in_(MERGEABLE), ~_DECIDED_DISTINCT)
        .order_by(DuplicatePair.score.desc(), DuplicatePair.id.desc()).limit(limit)).all()


DECIDED_SHOWN = 20


def decided_not_the_same(process, limit=DECIDED_SHOWN):
    """The pairs moderators last decided are not the same, latest first, with who
    decided (None once that account is gone): each one can be taken back."""
    first, second = aliased(Proposal), aliased(Proposal)
    return db.session.execute(
        select(DistinctPair, first, second, User)
        .join(first, first.id == DistinctPair.first_id)
        .join(second, second.id == DistinctPair.second_id)
        .outerjoin(User, User.id == DistinctPair.decided_by_id)
        .where(DistinctPair.process_id == process.id,  # merged since: nothing to take back
               first.status != ProposalStatus.MERGED, second.status != ProposalStatus.MERGED)
        .order_by(DistinctPair.decided_at.desc(), DistinctPair.id.desc()).limit(limit)).all()


def emerging_themes(process):
    return db.session.scalars(select(EmergingTheme).where(
        EmergingTheme.process_id == process.id, EmergingTheme.keyword_id.is_(None))
        .order_by(EmergingTheme.id)).all()


def may_compute_now(process):
    """Whether a moderator's button may have the hints computed: always on a job queue;
    without one the job runs in the request, so only for a small process."""
    from app import jobs
    if jobs.in_background():
        return True
    # Whether there is one beyond the limit, read from the index without counting them all
    # (a count of 100,000 costs a page tens of milliseconds).
    beyond = db.session.scalar(select(Proposal.id).where(
        Proposal.process_id == process.id, Proposal.status.in_(READ_STATUSES))
        .offset(current_app.config["INSIGHT_INLINE_AT_MOST"]).limit(1))
    return beyond is None


def model_info(process):
    return db.session.execute(select(InsightModel.fitted_at, InsightModel.proposal_count,
                                     InsightModel.tagged_count)
                              .where(InsightModel.process_id == process.id)).first()


def emerging_members(process, per_group=10):
    """The proposals of each open emerging theme that still have no keyword: {theme id:
    (how many, the first `per_group` of them)}. The process's untagged proposals are read
    once (an index holds them) rather than each group's members in batches: at real size
    the groups hold tens of thousands of ids."""
    untagged = set(db.session.scalars(select(Proposal.id).where(
        Proposal.process_id == process.id, Proposal.keyword_count == 0,
        Proposal.status.in_(READ_STATUSES))))
    left_out = _left_out(process.id)
    untagged -= left_out
    members = {}
    for theme in emerging_themes(process):
        ids = sorted(i for i in theme.proposal_ids if i in untagged)
        tagged_since = sum(i not in untagged and i not in left_out for i in theme.proposal_ids)
        if tagged_since and len(ids) < clusters.MIN_GROUP:
            # Most of what gave the group its name and words has been tagged since: what
            # is left is no group (the next refresh finds it one, if it has one).
            ids = []
        shown = db.session.scalars(select(Proposal).where(Proposal.id.in_(ids[:per_group]))
                                   .order_by(Proposal.id)).all()
        members[theme.id] = (len(ids), shown)
    return members


def still_untagged(theme, batch=1000):
    """The ids of an emerging theme's proposals that still have no keyword and that no
    moderator left out (read in batches: a group at real size has more ids than a query
    may bind)."""
    ids = []
    for start in range(0, len(theme.proposal_ids), batch):
        ids.extend(db.session.scalars(select(Proposal.id).where(
            Proposal.id.in_(theme.proposal_ids[start:start + batch]),
            Proposal.process_id == theme.process_id, Proposal.keyword_count == 0,
            Proposal.status.in_(READ_STATUSES))))
    left = _left_out(theme.process_id)
    return sorted(i for i in ids if i not in left)


def _left_out(process_id):
    """The ids of the proposals moderators left out of the emerging themes."""
    return set(db.session.scalars(select(LeftOut.proposal_id)
                                  .where(LeftOut.process_id == process_id)))


LEFT_OUT_SHOWN = 20


def left_out(process, limit=LEFT_OUT_SHOWN):
    """The proposals last left out of the emerging themes, latest first, with who did it
    (None once that account is gone): each can be taken back."""
    return db.session.execute(
        select(LeftOut, Proposal, User).join(Proposal, Proposal.id == LeftOut.proposal_id)
        .outerjoin(User, User.id == LeftOut.decided_by_id)
        .where(LeftOut.process_id == process.id)
        .order_by(LeftOut.decided_at.desc(), LeftOut.id.desc()).limit(limit)).all()


def group_members(theme, page, per_page=50):
    """One page of the group's proposals that still have no keyword and were not left out,
    in the order of their ids: (the page's proposals, how many there are in all)."""
    ids = still_untagged(theme)
    start = (page - 1) * per_page
    shown = db.session.scalars(select(Proposal).where(
        Proposal.id.in_(ids[start:start + per_page])).order_by(Proposal.id)).all()
    return shown, len(ids)


def decided_distinct(proposal):
    """The ids of the proposals a moderator decided `proposal` is not the same as."""
    return {a if b == proposal.id else b for a, b in db.session.execute(
        select(DistinctPair.first_id, DistinctPair.second_id).where(or_(
            DistinctPair.first_id == proposal.id, DistinctPair.second_id == proposal.id)))}


def review_hints(proposal):
    """What the review page shows from the engine: suggestions, likely duplicates, the
    other similar proposals (as its public page lists them: ranked by the duplicate
    scorer down to its floor once a fit exists; a duplicate the threshold misses is often
    among them; not those a moderator decided are not the same) and the fit they come
    from (None before the first refresh). None for a proposal merged or hidden: nothing of
    it is left to decide from hints (its tags went with the merge)."""
    from app.services.participation import proposals
    if proposal.status not in READ_STATUSES:
        return None
    found, fitted = suggestions(proposal)
    duplicates = duplicates_of(proposal)
    listed = {other.id for other, _score in duplicates} | {proposal.id} | decided_distinct(
        proposal)
    ids = proposal.similar_ids  # worked out when it was published, else now (not kept)
    if ids is None:
        ids = [other.id for other in proposals.neighbours_of(proposal)]
    # Whole proposals (five at most): each can be merged either way, with its revision.
    wanted = [i for i in ids if i not in listed]
    found_by_id = {p.id: p for p in db.session.scalars(select(Proposal).where(
        Proposal.id.in_(wanted), Proposal.status == ProposalStatus.PUBLISHED))}
    similar = [found_by_id[i] for i in wanted if i in found_by_id]
    return {"suggestions": found, "fitted": fitted, "duplicates": duplicates,
            "similar": similar}
