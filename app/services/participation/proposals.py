"""Writing, publishing, editing and withdrawing proposals. One unit of work per function.

A proposal is first saved as a draft (so nothing typed is ever lost), compared with
similar proposals, previewed, then published. Every rule is checked here, on the server,
whatever the form did: the phase is open, the author has a confirmed address, the focus
area belongs to the process.
"""
import secrets

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.i18n import AT_MOST_CHARACTERS_NOW, filled_in, to_local
from app.i18n import lazy_gettext as _l
from app.models import (PUBLIC_STATUSES, District, Feature, FocusArea, ModerationMode, Proposal,
                        ProposalStatus, Report, ReportReason, WithdrawalReason)
from app.models.base import utcnow
from app.permissions import PermissionDenied
from app.sanitize import clean_html, one_line, plain_text
from app.services import locking
from app.services.participation import cards, search
from app.services.people import personal_data
from app.services.review import reports
from app.services.errors import DomainError, raise_any

NO_LONGER_EDITABLE = _l("This proposal can no longer be changed: since you opened it, "
                        "someone has supported it or a moderator has decided on it. Nothing "
                        "was saved; what you wrote is below.")
TITLE_LENGTH = (10, 120)
SHUFFLE_RANGE = 2**31 - 1
TEXT_LENGTH = (30, 5000)


class PhaseClosed(DomainError):
    pass


class NotVerified(DomainError):
    pass


def require_participant(user, process, feature, now):
    """The checks every resident action shares: a confirmed account, and the phase open."""
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied(feature)
    require_verified(user)
    if not process.is_open_for(feature, now):
        raise PhaseClosed(_l("The dialogue phase is not open, so this cannot be done now."))


def require_verified(user):
    if not user.is_verified:
        raise NotVerified(_l("Confirm your email address first: open the link we sent you, "
                             "or ask for a new one on My pages."))


def save_draft(process, author, *, title, body, focus_area_id, district_id, show_name, now,
               draft=None):
    require_participant(author, process, Feature.SUBMIT, now)
    if draft is not None:
        if draft.author_id != author.id:
            raise PermissionDenied("edit")
        # Read again, locked: a support or a moderator's decision since the form was
        # opened ends the author's right to change it, and is never overwritten.
        locking.hold(draft)
        if not draft.can_edit(author, now):
            raise DomainError(NO_LONGER_EDITABLE)
    proposal = draft or Proposal(process=process, author=author, status=ProposalStatus.DRAFT)
    set_content(proposal, process, title=title, body=body, focus_area_id=focus_area_id,
                district_id=district_id)
    proposal.show_name = bool(show_name)
    if draft is not None and draft.status != ProposalStatus.DRAFT:
        _back_to_review(proposal)
    db.session.add(proposal)
    if proposal.is_public:
        search.index(proposal)
    db.session.commit()
    return proposal


def set_content(proposal, process, *, title, body, focus_area_id, district_id, cleaned=None):
    """What every proposal, whatever its channel, must be: a title and a text of the right
    length (HTML cleaned here, by the one sanitiser, unless `cleaned` brings the sanitiser's
    (html, text) for `body` already), one of the process's focus areas and, if any, one of
    the districts."""
    title = one_line(title)
    body_html, body_text = cleaned or clean(body)
    focus_area = db.session.get(FocusArea, focus_area_id or 0)
    raise_any(_problems(process, title, body_text, focus_area, district_id))
    proposal.title, proposal.body, proposal.body_text = title, body_html, body_text
    proposal.personal_data = personal_data.kinds(f"{title}\n{body_text}")
    proposal.focus_area, proposal.district_id = focus_area, district_id or None


def content_problems(process, *, title, body, focus_area_id, district_id):
    """What `set_content` would refuse, each next to its field, without changing anything:
    for a form that its own checks stopped, so that every problem still shows at once."""
    return [error for error in _problems(
        process, one_line(title), clean(body)[1], db.session.get(FocusArea, focus_area_id or 0),
        district_id) if error is not None]


def _problems(process, title, body_text, focus_area, district_id):
    return [  # every problem at once, each next to its field
        _length_problem(title, TITLE_LENGTH, "title", _l("Write a title.")),
        _length_problem(body_text, TEXT_LENGTH, "body", _l("Describe your proposal.")),
        DomainError(_l("Choose one of the focus areas."), "focus_area_id")
        if focus_area is None or focus_area.process_id != process.id else None,
        DomainError(_l("Choose one of the districts, or none."), "district_id")
        if district_id and db.session.get(District, district_id) is None else None]


def clean(body):
    """The sanitiser's HTML for `body`, and its words."""
    body_html = clean_html(body or "")
    return body_html, plain_text(body_html)


def _back_to_review(proposal):
    """A sent proposal was changed by its author: the moderators review the new text (a
    pre-moderated one waits for approval again), and a moderator's form opened on the old
    text is stale."""
    proposal.reviewed_at = None
    proposal.similar_ids = None  # worked out again for the new text
    if (proposal.process.moderation_mode == ModerationMode.BEFOREHAND
            and proposal.status == ProposalStatus.PUBLISHED):
        proposal.status = ProposalStatus.PENDING
    proposal.revision = Proposal.revision + 1  # in SQL: another change is never lost


def publish(proposal, author, now):
    """Send a draft: it gets its reference and is published, or waits for a moderator."""
    require_participant(author, proposal.process, Feature.SUBMIT, now)
    if proposal.author_id != author.id:
        raise PermissionDenied("publish")
    if proposal.status != ProposalStatus.DRAFT:
        if proposal.number is not None:
            return proposal  # sent already: a second click, or the page sent again
        raise PermissionDenied("publish")
    neighbours = neighbours_of(proposal)
    year = to_local(now).year
    status = (ProposalStatus.PENDING
              if proposal.process.moderation_mode == ModerationMode.BEFOREHAND
              else ProposalStatus.PUBLISHED)
    for _attempt in range(5):  # two proposals sent at the same moment may take one number
        # The draft is taken first, by a conditional update: the same draft sent twice at
        # once (a double click, two tabs) is sent once, and takes one number.
        if not db.session.execute(update(Proposal).where(
                Proposal.id == proposal.id, Proposal.status == ProposalStatus.DRAFT)
                .values(status=status)).rowcount:
            db.session.rollback()
            db.session.refresh(proposal)
            if proposal.number is not None:
                return proposal  # sent a moment ago by the author's other request
            raise PermissionDenied("publish")
        proposal.year, proposal.number = year, next_number(year)
        proposal.published_at = now
        proposal.shuffle_key = secrets.randbelow(SHUFFLE_RANGE)
        proposal.status = status
        search.index(proposal)
        link_similar(proposal, neighbours)
        try:
            db.session.commit()
            return proposal
        except IntegrityError:
            db.session.rollback()
    raise DomainError(_l("The proposal could not be sent just now. Please try again."))


SIMILAR_SHOWN = 5


def neighbours_of(proposal):
    """The similar proposals its page shows: ranked by the duplicate engine once a fit
    exists, else the search's on its title (`insight.compare.similar_to`)."""
    from app.services.insight.compare import similar_to  # insight builds on this module
    return similar_to(proposal, limit=SIMILAR_SHOWN, title_only=True)


def link_similar(proposal, neighbours=None):
    """Its page will show its `neighbours` (the most similar published proposals); once it
    is published, each of theirs (when worked out) shows it first. Within a unit of work:
    publishing, or a moderator's approval."""
    if neighbours is None:
        neighbours = neighbours_of(proposal)
    proposal.similar_ids = [n.id for n in neighbours]
    if proposal.status != ProposalStatus.PUBLISHED:
        return
    for neighbour in neighbours:
        if neighbour.similar_ids is not None and proposal.id not in neighbour.similar_ids:
            neighbour.similar_ids = [proposal.id, *neighbour.similar_ids][:SIMILAR_SHOWN]


def similar_for_page(proposal):
    """The similar proposals a proposal's page shows. A search costs tens of milliseconds
    at 100,000 proposals, so it is worked out once, kept, and brought up to date as new
    proposals are published (link_similar); only those still published are shown, as cards."""
    ids = proposal.similar_ids
    if ids is None:
        ids = [p.id for p in neighbours_of(proposal)]
        db.session.execute(update(Proposal).where(Proposal.id == proposal.id)
                           .values(similar_ids=ids))
        db.session.commit()
    return cards.cards(ids, status=ProposalStatus.PUBLISHED)


def written_by(user, proposal_ids):
    """Which of `proposal_ids` `user` wrote (one query, for a list)."""
    if not user.is_authenticated or not proposal_ids:
        return set()
    return set(db.session.scalars(select(Proposal.id).where(
        Proposal.author_id == user.id, Proposal.id.in_(list(proposal_ids)))))


def next_number(year):
    """The number the next reference of `year` gets: after the year's last."""
    return (db.session.scalar(select(func.max(Proposal.number)).where(Proposal.year == year))
            or 0) + 1


def withdraw(proposal, author, *, reason, note, now):
    if not proposal.can_withdraw(author, now):
        raise PermissionDenied("withdraw")
    try:
        reason = WithdrawalReason(reason)
    except ValueError:
        raise DomainError(_l("Choose a reason."), "reason")
    # Conditional, so a moderator's decision taken meanwhile (hidden, merged) stands.
    withdrawn = db.session.execute(
        update(Proposal).where(Proposal.id == proposal.id,
                               Proposal.status == ProposalStatus.PUBLISHED)
        .values(status=ProposalStatus.WITHDRAWN, withdrawal_reason=reason,
                withdrawal_note=(note or "").strip(), revision=Proposal.revision + 1)
    ).rowcount
    if not withdrawn:
        db.session.rollback()
        raise DomainError(_l("The proposal has just been changed by a moderator and cannot "
                             "be withdrawn now."))
    db.session.commit()
    db.session.refresh(proposal)
    return proposal


AlreadyReported = reports.AlreadyReported


def report(proposal, user, *, reason, note):
    """Tell the moderators; each resident reports a proposal once (the database says so).
    Only a confirmed account's report counts: reports hide a proposal, and addresses that
    were never confirmed cost nothing to make."""
    if not user.is_authenticated or not proposal.is_public:
        raise PermissionDenied("report")
    require_verified(user)
    try:
        reason = ReportReason(reason)
    except ValueError:
        raise DomainError(_l("Choose which rule it breaks."), "reason")
    reports.file(proposal, Report(proposal_id=proposal.id, user_id=user.id, reason=reason,
                                  note=(note or "").strip()),
                 already=_l("You have already reported this proposal. The moderators will "
                            "look at it."))
    # After the process's number of open reports, the proposal is hidden until a
    # moderator upholds or clears them (see services.moderation).
    reports.hide_if_reported_enough(
        proposal, Report.proposal_id, threshold=proposal.process.report_threshold,
        visible=PUBLIC_STATUSES, hidden=ProposalStatus.HIDDEN,
        action="proposal.hide_by_reports", revision=Proposal.revision + 1)
    db.session.commit()


def discard_draft(proposal, author):
    """Read again, locked: a draft sent from another tab meanwhile is no longer a draft,
    and stays."""
    if proposal.author_id != author.id:
        raise PermissionDenied("discard")
    try:
        locking.hold(proposal)
    except locking.Gone:
        return  # discarded a moment ago (a second click): what was asked is done
    if proposal.status != ProposalStatus.DRAFT:
        db.session.rollback()
        raise DomainError(_l("The draft has been sent meanwhile, so it was not deleted."))
    db.session.delete(proposal)
    db.session.commit()


def by_reference(reference):
    """The proposal a reference such as "2026-0012" names, or None: for one no proposal has,
    or junk ("2026-²", a number longer than any column holds)."""
    year, _sep, number = (reference or "").strip().partition("-")
    if not all(part.isascii() and part.isdigit() and len(part) <= 9 for part in (year, number)):
        return None
    return db.session.scalar(select(Proposal).where(Proposal.year == int(year),
                                                    Proposal.number == int(number)))


def example_references(process, count=2):
    """References for help texts, as the process's proposals have them: its first public
    ones, or this year's first numbers while it has none."""
    found = db.session.execute(
        select(Proposal.year, Proposal.number)
        .where(Proposal.process_id == process.id, Proposal.status.in_(PUBLIC_STATUSES))
        .order_by(Proposal.id).limit(count)).all()
    if not found:
        found = [(to_local(utcnow()).year, number) for number in range(1, count + 1)]
    return [Proposal.format_reference(year, number) for year, number in found]


SIMILAR_CANDIDATES = 30
SIMILAR_MIN_SHARED_WORDS = 2


SIMILAR_KEY_WORDS = 4


def telling_words(text_):
    """The words `similar` searches by: the longest, ties in alphabetical order, so that
    the same text always gives the same words (a set's order changes from one server
    process to the next)."""
    return sorted(set(search.words(text_)), key=lambda word: (-len(word), word))[
        :SIMILAR_KEY_WORDS]


def similar(proposal, process, limit=5, title_only=False):
    """Published proposals in `process` that look like `proposal`: the search engine's best
    candidates sharing any of its most telling words (the longest, which tend to be the
    rarest), kept if they share at least two stemmed words with it. The title alone is
    quicker and says most of what a proposal is about."""
    text_ = proposal.title if title_only else search.document(proposal)
    words = " ".join(telling_words(text_))
    query = select(Proposal).where(Proposal.process_id == process.id,
                                   Proposal.status == ProposalStatus.PUBLISHED)
    if proposal.id:
        query = query.where(Proposal.id != proposal.id)
    query, rank = search.matching(query, words, any_word=True, best=SIMILAR_CANDIDATES)
    if rank is not None:
        query = query.order_by(rank)
    candidates = db.session.scalars(query.limit(SIMILAR_CANDIDATES)).all()
    own = set(search.stems(text_))
    shared = {c.id: len(own & set(search.stems(search.document(c)))) for c in candidates}
    close = [c for c in candidates if shared[c.id] >= SIMILAR_MIN_SHARED_WORDS]
    return sorted(close, key=lambda c: -shared[c.id])[:limit]


def _length_problem(value, bounds, field, empty):
    """What is wrong with the length of `value`, or None. `empty`: the message when there
    is nothing at all (nothing but spaces or invisible characters)."""
    low, high = bounds
    if not value:
        return DomainError(empty, field)
    if len(value) < low:
        return DomainError(_l("Write at least %(n)d characters.", n=low), field)
    if len(value) > high:  # how far over, so that the writer knows how much to cut
        return DomainError(filled_in(AT_MOST_CHARACTERS_NOW, max=high, now=len(value)), field)
    return None
