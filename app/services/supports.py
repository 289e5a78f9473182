"""Supporting proposals: one support per resident and proposal, withdrawable while the
dialogue is open, within the process's limit. The proposal's count changes in the same
transaction as the support itself, so it never drifts."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import Feature, Proposal, ProposalStatus, Support
from app.services.errors import DomainError
from app.services.proposals import require_participant


class AlreadySupported(DomainError):
    pass


class SupportLimitReached(DomainError):
    pass


def has_supported(user, proposal):
    return user.is_authenticated and db.session.scalar(
        select(Support.id).where(Support.user_id == user.id,
                                 Support.proposal_id == proposal.id)) is not None


def supports_used(user, process):
    return db.session.scalar(
        select(func.count(Support.id)).join(Proposal)
        .where(Support.user_id == user.id, Proposal.process_id == process.id))


def supports_left(user, process):
    """How many more proposals `user` may support in `process`; None when unlimited."""
    if not process.support_limit:
        return None
    return max(0, process.support_limit - supports_used(user, process))


def cast_support(user, proposal, now):
    require_participant(user, proposal.process, Feature.SUPPORT, now)
    if proposal.status != ProposalStatus.PUBLISHED:
        raise DomainError(_l("This proposal cannot be supported."))
    if proposal.author_id == user.id:
        raise DomainError(_l("You cannot support your own proposal."))
    if supports_left(user, proposal.process) == 0:
        raise SupportLimitReached(_l("You have used all your %(n)d supports. Take one back "
                                     "to support this proposal.",
                                     n=proposal.process.support_limit))
    db.session.add(Support(user_id=user.id, proposal_id=proposal.id,
                           process_id=proposal.process_id, created_at=now))
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise AlreadySupported(_l("You already support this proposal."))
    db.session.execute(update(Proposal).where(Proposal.id == proposal.id)
                       .values(supports_count=Proposal.supports_count + 1))
    db.session.commit()


def withdraw_support(user, proposal, now):
    require_participant(user, proposal.process, Feature.SUPPORT, now)
    removed = db.session.execute(delete(Support).where(
        Support.user_id == user.id, Support.proposal_id == proposal.id)).rowcount
    if removed:
        db.session.execute(update(Proposal).where(Proposal.id == proposal.id)
                           .values(supports_count=Proposal.supports_count - removed))
    db.session.commit()
    return bool(removed)
