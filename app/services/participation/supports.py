"""Supporting proposals: one support per resident and proposal, withdrawable while the
dialogue is open, within the process's limit. The proposal's count changes in the same
transaction as the support itself, so it never drifts."""
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.models import Feature, Proposal, ProposalStatus, Support
from app.services.errors import DomainError
from app.services.participation.proposals import require_participant


class AlreadySupported(DomainError):
    pass


class SupportLimitReached(DomainError):
    pass


def has_supported(user, proposal):
    return user.is_authenticated and db.session.scalar(
        select(Support.id).where(Support.user_id == user.id,
                                 Support.proposal_id == proposal.id)) is not None


def supported_among(user, proposal_ids):
    """Which of `proposal_ids` `user` supports (one query, for a list)."""
    if not user.is_authenticated or not proposal_ids:
        return set()
    return set(db.session.scalars(select(Support.proposal_id).where(
        Support.user_id == user.id, Support.proposal_id.in_(list(proposal_ids)))))


def supports_used(user, process):
    return db.session.scalar(select(func.count()).select_from(Support).where(
        Support.user_id == user.id, Support.process_id == process.id))


def supports_left(user, process):
    """How many more proposals `user` may support in `process`; None when unlimited."""
    if not process.support_limit:
        return None
    return max(0, process.support_limit - supports_used(user, process))


def cast_support(user, proposal, now):
    """Support `proposal`, in a slot of the resident's own (models.Support): if another
    support took the slot at the same moment, the database refuses this one and the next
    free slot is tried, until none is left within the limit."""
    require_participant(user, proposal.process, Feature.SUPPORT, now)
    if proposal.status != ProposalStatus.PUBLISHED:
        raise DomainError(_l("This proposal cannot be supported."))
    if proposal.author_id == user.id:
        raise DomainError(_l("You cannot support your own proposal."))
    user_id, proposal_id, process = user.id, proposal.id, proposal.process
    limit_reached = SupportLimitReached(_l(
        "You have used all your %(n)d supports. Take one back to support this proposal.",
        n=process.support_limit))
    for _attempt in range(MAX_ATTEMPTS):
        # The proposal's row first, by counting the support while the proposal may still
        # be supported: a merge or a moderator's decision either landed before (and this
        # is refused) or waits for this support. Taking the row before writing the support
        # keeps the order a merge keeps too (the proposal, then its supports), so a merge
        # moving a resident's support here never waits for a support waiting for it.
        counted = db.session.execute(
            update(Proposal).where(Proposal.id == proposal_id,
                                   Proposal.status == ProposalStatus.PUBLISHED)
            .values(supports_count=Proposal.supports_count + 1)).rowcount
        if not counted:
            db.session.rollback()
            raise DomainError(_l("This proposal cannot be supported."))
        slot = free_slot(user_id, process)
        if slot is None:
            db.session.rollback()
            if has_supported(user, proposal):  # a second click, or a tab left open
                raise AlreadySupported(_l("You already support this proposal."))
            raise limit_reached
        db.session.add(Support(user_id=user_id, proposal_id=proposal_id,
                               process_id=process.id, slot=slot, created_at=now))
        try:
            db.session.flush()
        except IntegrityError:
            db.session.rollback()
            if db.session.scalar(select(Support.id).where(Support.user_id == user_id,
                                                          Support.proposal_id == proposal_id)):
                raise AlreadySupported(_l("You already support this proposal."))
            continue
        db.session.commit()
        return
    raise DomainError(_l("Many supports arrived at once. Please try again."))


# Each failed attempt means another of the resident's supports was saved meanwhile.
MAX_ATTEMPTS = 20


def free_slot(user_id, process):
    """The lowest slot the resident has free in `process`; None when every slot within
    the limit is taken, or they already hold as many supports as the limit (which an
    administrator may have lowered)."""
    held = db.session.scalars(select(Support.slot).where(
        Support.user_id == user_id, Support.process_id == process.id)).all()
    limit, taken = process.support_limit, set(held)
    if limit and len(held) >= limit:
        return None
    slot = next(n for n in range(1, len(held) + 2) if n not in taken)
    return slot if not limit or slot <= limit else None


def withdraw_support(user, proposal, now):
    require_participant(user, proposal.process, Feature.SUPPORT, now)
    removed = db.session.execute(delete(Support).where(
        Support.user_id == user.id, Support.proposal_id == proposal.id)).rowcount
    if removed:
        db.session.execute(update(Proposal).where(Proposal.id == proposal.id)
                           .values(supports_count=Proposal.supports_count - removed))
    db.session.commit()
    return bool(removed)
