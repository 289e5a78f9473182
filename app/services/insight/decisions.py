"""What a moderator decides from the engine's hints. Suggestions never tag by themselves:
each function here is a person's decision, and its audit entry says that the tag came
from a suggestion or an emerging theme."""
from sqlalchemy import delete, exists, select, update
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.models import (DistinctPair, DuplicatePair, EmergingTheme, LeftOut, Proposal,
                        ProposalStatus)
from app.permissions import Permission, require
from app.services import audit
from app.services.review import moderation, taxonomy
from app.services.errors import DomainError, commit_or_raise
from app.services.insight import hints


def _keyword_names(proposal):
    return [k.name for k in proposal.keywords]


def accept_suggestion(actor, proposal, *, keyword_id, revision, now, read=True):
    """Tag `proposal` with a suggested keyword (and so its theme). `read`: the moderator
    accepted it on the proposal's review page, so it counts as reviewed; accepted from the
    queue's list, where only its title shows, it stays in the queue of new proposals."""
    require(actor, Permission.MODERATE)
    if not proposal.is_sent:
        raise DomainError(_l("This proposal cannot be tagged."))
    if proposal.status == ProposalStatus.MERGED:  # its tags would reach nobody: tag that one
        raise moderation.already_merged(proposal)
    (keyword,), _themes, _goals = moderation.resolve_tags(proposal.process, [keyword_id])
    if keyword in proposal.keywords:
        raise DomainError(_l("The proposal already has the keyword %(name)s.",
                             name=keyword.name))
    moderation.claim(proposal, revision)
    before = _keyword_names(proposal)
    moderation.add_tags(proposal, [keyword], [keyword.theme] if keyword.theme else ())
    if read:
        moderation.mark_reviewed(proposal, now)
    audit.record(actor, "proposal.tag_suggestion", proposal, before={"keywords": before},
                 after={"keywords": _keyword_names(proposal), "suggested": keyword.name})
    db.session.commit()
    return keyword


def keyword_from_theme(actor, emerging, *, name, meaning, theme_id, now):
    """Make a keyword of an emerging theme and tag its proposals with it, in one step. They
    do not count as reviewed: the moderator read a few titles of the group, not each."""
    require(actor, Permission.MODERATE)
    _refuse_settled(emerging)
    keyword = taxonomy.stage_keyword(actor, emerging.process, name=name, meaning=meaning,
                                     theme_id=theme_id)
    tagged = _tag_group(actor, emerging, keyword)
    commit_or_raise(DomainError(taxonomy.KEYWORD_TAKEN, "name"))
    return keyword, tagged


def theme_to_keyword(actor, emerging, *, keyword_id, now):
    """Tag an emerging theme's proposals with a keyword the process already has (the group
    is what its meaning describes), in one step."""
    require(actor, Permission.MODERATE)
    _refuse_settled(emerging)
    (keyword,), _themes, _goals = moderation.resolve_tags(emerging.process, [keyword_id])
    tagged = _tag_group(actor, emerging, keyword)
    db.session.commit()
    return keyword, tagged


def _refuse_settled(emerging):
    if emerging.keyword_id is not None:
        raise DomainError(_l("This group is already tagged with %(name)s.",
                             name=emerging.keyword.name))


def _tag_group(actor, emerging, keyword):
    """Settle the group with `keyword`, then tag its proposals that still have no keyword
    (what the page showed), each audited as coming from the emerging theme. The group is
    claimed by a conditional update first: of moderators settling it at once, one does."""
    db.session.flush()  # a new keyword's id
    claimed = db.session.execute(
        update(EmergingTheme).where(EmergingTheme.id == emerging.id,
                                    EmergingTheme.keyword_id.is_(None))
        .values(keyword_id=keyword.id)).rowcount
    if not claimed:  # another moderator settled it since we read it: say with what
        db.session.rollback()
        db.session.refresh(emerging)
        _refuse_settled(emerging)
    group = hints.still_untagged(emerging)
    for proposal_id in group:
        proposal = db.session.get(Proposal, proposal_id)
        moderation.claim(proposal, None)
        before = _keyword_names(proposal)
        moderation.add_tags(proposal, [keyword], [keyword.theme] if keyword.theme else ())
        audit.record(actor, "proposal.tag_suggestion", proposal, before={"keywords": before},
                     after={"keywords": _keyword_names(proposal),
                            "emerging_theme": emerging.name})
    return len(group)


def leave_out(actor, emerging, proposal, *, now):
    """`proposal` does not belong to the emerging theme's group: it leaves the emerging
    themes, so that neither this group's keyword nor a later refresh's groups tag it (a
    moderator tags it on its review page). True if this left it out, False if it was
    already (unique per proposal)."""
    require(actor, Permission.MODERATE)
    _refuse_settled(emerging)
    if proposal.id not in emerging.proposal_ids:
        raise DomainError(_l("%(reference)s is not in this group.",
                             reference=proposal.reference))
    try:
        db.session.add(LeftOut(process_id=emerging.process_id, proposal_id=proposal.id,
                               group_name=emerging.name[:80], decided_by_id=actor.id,
                               decided_at=now))
        db.session.flush()  # the unique proposal decides a race here, before the audit
        audit.record(actor, "proposal.left_out", proposal,
                     after={"left_out_of": emerging.name})
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


def take_back_left_out(actor, process, proposal):
    """The proposal may be grouped in the emerging themes again (from the next refresh, or
    now if its group holds it). False if it was not left out (taken back meanwhile)."""
    require(actor, Permission.MODERATE)
    taken_back = db.session.execute(delete(LeftOut).where(
        LeftOut.process_id == process.id, LeftOut.proposal_id == proposal.id)).rowcount
    if taken_back:
        audit.record(actor, "proposal.left_out_undone", proposal)
    db.session.commit()
    return taken_back == 1


def emerging_or_none(process, group_id):
    emerging = db.session.get(EmergingTheme, group_id)
    return emerging if emerging is not None and emerging.process_id == process.id else None


def not_the_same(actor, one, other, *, now):
    """`one` and `other` do not ask the same thing: the pair leaves the likely duplicates
    and no refresh suggests it again. True if this decided it, False if it was already
    decided (by another moderator at the same moment, say: the pair is unique)."""
    require(actor, Permission.MODERATE)
    if one.process_id != other.process_id or one.id == other.id:
        raise DomainError(_l("These two proposals cannot be compared."))
    for proposal in (one, other):
        if proposal.status == ProposalStatus.MERGED:
            raise moderation.already_merged(proposal)
    first, second = sorted((one, other), key=lambda p: p.id)
    if db.session.scalar(select(exists().where(*_distinct(first, second)))):
        return False
    # The engine's pair stays stored (the hints leave decided pairs out): an undo brings
    # it back at once, with its likeness.
    try:
        db.session.add(DistinctPair(process_id=first.process_id, first_id=first.id,
                                    second_id=second.id, decided_by_id=actor.id,
                                    decided_at=now))
        db.session.flush()  # the unique pair decides a race here, before anything else
        audit.record(actor, "proposal.not_duplicate", first,
                     after={"not_the_same_as": second.reference})
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


def undo_not_the_same(actor, one, other):
    """Take back a "not the same": the pair may be suggested as duplicates again. Returns
    whether it is among the likely duplicates at once (the engine's pair was stored before
    the decision) or None if there was no decision to take back (another moderator took it
    back at the same moment, say)."""
    require(actor, Permission.MODERATE)
    for proposal in (one, other):
        if proposal.status == ProposalStatus.MERGED:
            raise moderation.already_merged(proposal)
    first, second = sorted((one, other), key=lambda p: p.id)
    taken_back = db.session.execute(delete(DistinctPair).where(*_distinct(first, second)))
    if taken_back.rowcount != 1:  # the delete decides a race: one of them removes the row
        db.session.rollback()
        return None
    audit.record(actor, "proposal.not_duplicate_undone", first,
                 before={"not_the_same_as": second.reference})
    db.session.commit()
    return db.session.scalar(select(exists().where(DuplicatePair.first_id == first.id,
                                                   DuplicatePair.second_id == second.id)))


def _distinct(first, second):
    return DistinctPair.first_id == first.id, DistinctPair.second_id == second.id
