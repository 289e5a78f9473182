"""Merging duplicates, and taking a merge back.

A merge records what it changed (models.ProposalMerge): which supports moved, which went
because their residents already backed the target, the paper supports moved, the tags it
added, and the proposals merged earlier that now lead to the target. Taking it back undoes
exactly that, so a wrong click costs no resident their support. Both are one unit of work
with an audit entry, and both claim the proposals (`moderation.claim`), so two moderators
acting at once cannot merge or take back the same proposal twice.
"""
from sqlalchemy import delete, exists, func, inspect, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased, joinedload

from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.models import (DroppedSupport, PaperSupport, Proposal, ProposalMerge, ProposalStatus,
                        Support)
from app.permissions import Permission, require
from app.services import audit, notifications
from app.services.errors import DomainError
from app.services.participation.supports import free_slot
from app.services.review.moderation import add_tags, already_merged, claim

# Not a pending one: merged, its page would show text no moderator approved.
MERGEABLE = (ProposalStatus.PUBLISHED, ProposalStatus.WITHDRAWN)
TAGS = ("keywords", "themes", "sdg_goals")
# Ids per IN list: well below what SQLite allows in one statement.
CHUNK = 500


def merge(actor, source, target, *, revision, now):
    """`source` says the same as `target`: it shows "merged into …" and leads there; its
    supports move over, each resident counted once; its tags are added to the target's.
    Proposals merged into `source` earlier now lead to `target` as well, so no chain or
    cycle can form."""
    require(actor, Permission.MODERATE)
    if target is None or target.process_id != source.process_id:
        raise DomainError(_l("Give the reference of a proposal in the same process."), "target")
    if target.id == source.id:
        raise DomainError(_l("A proposal cannot be merged into itself."), "target")
    for proposal in (source, target):  # another moderator was quicker, say
        if proposal.status == ProposalStatus.MERGED:
            raise already_merged(proposal)
    if source.status not in MERGEABLE:
        raise DomainError(_l("This proposal cannot be merged."), "target")
    if target.status != ProposalStatus.PUBLISHED:
        raise DomainError(_l("Merge into a published proposal: %(reference)s is not.",
                             reference=target.reference), "target")
    claim(source, revision)
    claim(target, None)
    record = ProposalMerge(source_id=source.id, target_id=target.id,
                           source_status=source.status, merged_at=now,
                           merged_by_id=actor.id, redirected_ids=db.session.scalars(
                               select(Proposal.id).where(Proposal.merged_into_id == source.id)
                           ).all())
    moved, dropped = _move_supports(source, target, record)
    record.added_tags = _add_tags(target, source)
    db.session.execute(update(Proposal).where(Proposal.merged_into_id == source.id)
                       .values(merged_into_id=target.id))
    before = audit.snapshot(source, "status")
    source.status, source.merged_into_id = ProposalStatus.MERGED, target.id
    source.reviewed_at = source.reviewed_at or now
    db.session.add(record)
    audit.record(actor, "proposal.merge", source, before=before, after={
        "status": "merged", "into": target.reference, "supports_moved": moved,
        "supports_already_counted": dropped})
    db.session.commit()
    notifications.tell_author(source, _l("Your proposal %(reference)s has been merged",
                                         reference=source.reference),
                              "mail/proposal_merged.txt", target=target)
    return moved, dropped


def open_merge(proposal):
    """The merge of `proposal` not taken back, or None (not merged, or merged before
    merges were recorded, and so not to be taken back)."""
    return db.session.scalar(select(ProposalMerge).where(
        ProposalMerge.source_id == proposal.id, ProposalMerge.undone_at.is_(None)))


def merged_here(proposal, limit=50):
    """The merges into `proposal` not taken back, latest first (each with its source)."""
    return db.session.scalars(select(ProposalMerge).where(
        ProposalMerge.target_id == proposal.id, ProposalMerge.undone_at.is_(None))
        .options(joinedload(ProposalMerge.source), joinedload(ProposalMerge.merged_by))
        .order_by(ProposalMerge.merged_at.desc(), ProposalMerge.id.desc()).limit(limit)).all()


def merged_into(proposal, limit=50):
    """The proposals merged into `proposal`, for its public page, oldest first: their
    authors find where their proposal went, and readers what the supports count."""
    return db.session.scalars(select(Proposal).where(
        Proposal.merged_into_id == proposal.id, Proposal.status == ProposalStatus.MERGED)
        .order_by(Proposal.year, Proposal.number).limit(limit)).all()


def came_with(merges):
    """For merges into a proposal, the proposals merged earlier into each merge's source,
    which now lead to the proposal too: {source id: [proposals]}, a level deep per call
    (read again for a longer chain from the source's own page)."""
    found = {}
    ids = [merge.source_id for merge in merges]
    if ids:
        for earlier in db.session.scalars(select(ProposalMerge).where(
                ProposalMerge.target_id.in_(ids), ProposalMerge.undone_at.is_(None))
                .options(joinedload(ProposalMerge.source))
                .order_by(ProposalMerge.merged_at, ProposalMerge.id)):
            found.setdefault(earlier.target_id, []).append(earlier.source)
    return found


def unmerge(actor, source, *, revision, now):
    """Take back `source`'s merge: it is again what it was, its supports (those moved and
    those that went) and paper supports are back on it, the tags the merge added leave the
    target, and the proposals it led on lead to it again. A resident who has since used
    the support that went elsewhere, up to the process's limit, does not get it back (they
    are counted). Returns (supports back, supports not given back)."""
    require(actor, Permission.MODERATE)
    if source.status != ProposalStatus.MERGED:
        raise DomainError(_l("%(reference)s is not merged.", reference=source.reference))
    record = open_merge(source)
    if record is None:
        raise DomainError(_l("%(reference)s was merged before merges were recorded, and "
                             "cannot be taken back.", reference=source.reference))
    target = record.target
    if target.status == ProposalStatus.MERGED:
        raise DomainError(_l("%(target)s has been merged into %(next)s since: take that "
                             "merge back first.", target=target.reference,
                             next=target.merged_into.reference))
    claim(source, revision)
    claim(target, None)
    try:
        back, not_back = _take_back(record, source, target)
        source.status, source.merged_into_id = record.source_status, None
        record.undone_at, record.undone_by_id = now, actor.id
        audit.record(actor, "proposal.unmerge", source,
                     before={"status": "merged", "into": target.reference},
                     after={"status": record.source_status, "supports_back": back,
                            "supports_not_given_back": not_back})
        db.session.commit()
    except IntegrityError:  # the resident took the slot we gave back at that moment, say
        db.session.rollback()
        raise DomainError(_l("Many changes arrived at once. Please try again."))
    notifications.tell_author(source, _l("Your proposal %(reference)s is no longer merged",
                                         reference=source.reference),
                              "mail/proposal_unmerged.txt", target=target)
    return back, not_back


def _take_back(record, source, target):
    """What `record`'s merge changed, undone; returns (supports back, not given back)."""
    back = _supports_back(record, source, target)
    restored, not_restored = _restore_dropped(record, source)
    _moved_back(PaperSupport, record.paper_support_ids, target, source)
    back += db.session.scalar(_on_paper(source))  # as the merge counted them
    for ids in _chunks(record.redirected_ids):
        db.session.execute(update(Proposal).where(Proposal.id.in_(ids),
                                                  Proposal.merged_into_id == target.id)
                           .values(merged_into_id=source.id))
    others = db.session.scalars(select(ProposalMerge).where(
        ProposalMerge.target_id == target.id, ProposalMerge.undone_at.is_(None),
        ProposalMerge.id != record.id).options(joinedload(ProposalMerge.source))).all()
    _remove_added_tags(record, target, others)
    still, not_still = _still_counted(target, others)
    _recount(source, target)
    return back + restored, not_restored + not_still


def _supports_back(record, source, target):
    """The moved supports the target still has go back: by row (also one whose resident
    has since deleted their account, and so is no longer theirs), then by person (in a
    chain of merges, one taken back later gave it back as a new row)."""
    back = _moved_back(Support, record.moved_support_ids, target, source)
    for ids in _chunks(record.moved_user_ids):
        back += db.session.execute(
            update(Support).where(Support.proposal_id == target.id, Support.user_id.in_(ids))
            .values(proposal_id=source.id).execution_options(synchronize_session=False)
        ).rowcount
    return back


def _still_counted(target, others):
    """Another merge into the target, still in place, let a resident's support go because
    they already backed the target through this one: now that this one's support has
    left, that support is given to the target (it moves back with that merge, if that is
    taken back too). Returns (given, not given: no slot left)."""
    given = not_given = 0
    for other in others:
        for dropped in list(other.dropped):
            if dropped.user_id is None or dropped.user_id == target.author_id or \
                    _supports(dropped.user_id, target):
                continue
            slot = free_slot(dropped.user_id, target.process)
            if slot is None:
                not_given += 1
                continue
            db.session.add(Support(proposal_id=target.id, process_id=target.process_id,
                                   user_id=dropped.user_id, slot=slot,
                                   created_at=dropped.given_at))
            other.moved_user_ids = [*other.moved_user_ids, dropped.user_id]
            other.dropped.remove(dropped)
            db.session.flush()
            given += 1
    return given, not_given


def _supports(user_id, proposal):
    return db.session.scalar(select(Support.id).where(
        Support.user_id == user_id, Support.proposal_id == proposal.id)) is not None


def _move_supports(source, target, record):
    """Supports on `source` from residents who do not already support `target` (and are
    not its author) move over; the rest would count someone twice, and go. Both counts are
    then read from the supports themselves. Returns how many moved (those given on paper
    among them) and how many went; `record` keeps which."""
    other = aliased(Support)
    counted_twice = (exists().where(other.proposal_id == target.id,
                                    other.user_id == Support.user_id)
                     | (Support.user_id == target.author_id))
    going = db.session.execute(select(Support.id, Support.user_id, Support.created_at).where(
        Support.proposal_id == source.id, Support.user_id.is_not(None), counted_twice)).all()
    record.dropped = [DroppedSupport(user_id=user_id, given_at=given_at)
                      for _id, user_id, given_at in going]
    for ids in _chunks([row.id for row in going]):
        db.session.execute(delete(Support).where(Support.id.in_(ids))
                           .execution_options(synchronize_session=False))
    record.moved_user_ids = db.session.scalars(select(Support.user_id).where(
        Support.proposal_id == source.id, Support.user_id.is_not(None))).all()
    record.moved_support_ids = db.session.scalars(select(Support.id).where(
        Support.proposal_id == source.id)).all()
    moved = db.session.execute(update(Support).where(Support.proposal_id == source.id)
                               .values(proposal_id=target.id)
                               .execution_options(synchronize_session=False)).rowcount
    # Supports given on paper carry no person: they all move, and add up.
    record.paper_support_ids = db.session.scalars(select(PaperSupport.id).where(
        PaperSupport.proposal_id == source.id)).all()
    moved += db.session.scalar(_on_paper(source))
    _moved_back(PaperSupport, record.paper_support_ids, source, target)
    _recount(source, target)
    return moved, len(going)


def _moved_back(model, ids, holder, to):
    """Move the rows `ids` of `model` (supports) that `holder` still has to `to`."""
    count = 0
    for chunk in _chunks(ids):
        count += db.session.execute(
            update(model).where(model.id.in_(chunk), model.proposal_id == holder.id)
            .values(proposal_id=to.id).execution_options(synchronize_session=False)).rowcount
    return count


def _restore_dropped(record, source):
    """The supports that went come back, each in a free slot of its resident's (one whose
    resident deleted their account since comes back without them, as their supports
    stay). Returns (given back, not given back: no slot left within the limit)."""
    process = source.process
    restored = not_restored = 0
    for dropped in record.dropped:
        slot = free_slot(dropped.user_id, process) if dropped.user_id else None
        if dropped.user_id and slot is None:
            not_restored += 1
            continue
        db.session.add(Support(proposal_id=source.id, process_id=process.id,
                               user_id=dropped.user_id, slot=slot, created_at=dropped.given_at))
        db.session.flush()  # the next free slot reads this one
        restored += 1
    return restored, not_restored


def _add_tags(target, source):
    """Add `source`'s tags to `target`'s; returns the ids of those it did not have."""
    added = {name: [_tag_id(tag) for tag in getattr(source, name)
                    if tag not in getattr(target, name)] for name in TAGS}
    add_tags(target, source.keywords, source.themes, source.sdg_goals)
    return added


def _remove_added_tags(record, target, others):
    """The tags the merge added leave the target, but for those another merge into it,
    still in place, brings too: they stay, as that merge's to take back."""
    for name in TAGS:
        added = set(record.added_tags.get(name, ()))
        for other in others:
            theirs = added & {_tag_id(tag) for tag in getattr(other.source, name)}
            if theirs:
                other.added_tags = {**other.added_tags, name: sorted(
                    set(other.added_tags.get(name, ())) | theirs)}
                added -= theirs
        current = getattr(target, name)
        for tag in [tag for tag in current if _tag_id(tag) in added]:
            current.remove(tag)
    target.keyword_count = len(target.keywords)


def _tag_id(tag):
    return inspect(tag).identity[0]  # a keyword's or theme's id, an Agenda 2030 goal's number


def _recount(*proposals):
    """Read each proposal's counts from its supports (online and on paper)."""
    for proposal in proposals:
        count = select(func.count()).where(Support.proposal_id == proposal.id).scalar_subquery()
        db.session.execute(update(Proposal).where(Proposal.id == proposal.id).values(
            supports_count=count, paper_supports_count=_on_paper(proposal).scalar_subquery()))
        db.session.refresh(proposal, ["supports_count", "paper_supports_count"])


def _on_paper(proposal):
    """The supports given on paper for `proposal`, added up (a select)."""
    return select(func.coalesce(func.sum(PaperSupport.count), 0)).where(
        PaperSupport.proposal_id == proposal.id)


def _chunks(ids):
    ids = list(ids or ())
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]
