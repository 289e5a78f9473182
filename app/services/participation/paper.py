"""Input from the dialogue's other channels, entered by moderators: proposals handed in at
a physical place, written at an Open Space session, sent by email or letter; and supports
given on paper. A paper proposal is a full proposal: it gets a reference, is published,
and goes through the same moderation and tagging; it shows its source, never the
moderator who typed it. Each function is one unit of work."""
import datetime as dt
import secrets

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.i18n import GIVE_THE_DATE, number_between, to_local
from app.i18n import lazy_gettext as _l
from app.models import (PUBLIC_STATUSES, Channel, OpenSpaceEvent, OpenSpaceSession, PaperSupport,
                        Place, Proposal, ProposalStatus)
from app.permissions import Permission, require
from app.services import audit, locking
from app.services.participation import search
from app.services.reach import profiles
from app.services.errors import DomainError, raise_any
from app.services.participation.proposals import SHUFFLE_RANGE, content_problems, set_content

PAPER_CHANNELS = (Channel.PLACE, Channel.OPEN_SPACE, Channel.EMAIL, Channel.LETTER)
PAPER_SUPPORTS_MAX = 10_000  # more than any Open Space or counter gathers: a typing error
EARLIEST = dt.date(2000, 1, 1)


def source(process, channel, place_id=None, session_id=None):
    """The channel and its place or Open Space session, checked: a place for 'place', a
    session of this process for 'open_space', neither for email and letter."""
    try:
        channel = Channel(channel)
    except ValueError:
        raise DomainError(_l("Choose how the proposal came in."), "channel")
    if channel not in PAPER_CHANNELS:
        raise DomainError(_l("Choose how the proposal came in."), "channel")
    place = session = None
    if channel == Channel.PLACE:
        place = db.session.get(Place, place_id or 0)
        if place is None:
            raise DomainError(_l("Choose the place where it was handed in."), "place_id")
    if channel == Channel.OPEN_SPACE:
        session = db.session.get(OpenSpaceSession, session_id or 0)
        if session is None or session.event.process_id != process.id:
            raise DomainError(_l("Choose the Open Space session it came from."), "session_id")
    return channel, place, session


def check_received(received_on, today, field="received_on"):
    """The date something was handed in: given, not in the future, and not before
    EARLIEST (a mistyped year); the error at `field`, the form's name for it."""
    if received_on is None:
        raise DomainError(GIVE_THE_DATE, field)
    problem = date_problem(received_on, today)
    if problem:
        raise DomainError(problem, field)
    return received_on


def date_problem(day, today):
    """Why `day` cannot be when something was handed in, or None."""
    if day > today:
        return _l("The date cannot be in the future.")
    if day < EARLIEST:
        return _l("The date is too long ago: check the year.")
    return None


def build(actor, process, *, title, body, focus_area_id, district_id=None, channel,
          place_id=None, session_id=None, received_on, now, import_key=None,
          import_batch=None, cleaned=None, writer=None):
    """A paper proposal, checked and added to the session, not yet numbered or committed:
    part of a unit of work (one entry, or a whole import). Every problem is raised at
    once, each for its field."""
    problems = []
    try:
        channel, place, session = source(process, channel, place_id, session_id)
    except DomainError as error:
        problems.append(error)
    try:
        received_on = check_received(received_on, to_local(now).date())
    except DomainError as error:
        problems.append(error)
    if problems:
        raise_any(problems + content_problems(process, title=title, body=body,
                                              focus_area_id=focus_area_id,
                                              district_id=district_id))
    proposal = Proposal(process=process, author=None, entered_by_id=actor.id, channel=channel,
                        place=place, session=session, show_name=False,
                        status=ProposalStatus.PUBLISHED, import_key=import_key,
                        import_batch=import_batch)
    set_content(proposal, process, title=title, body=body, focus_area_id=focus_area_id,
                district_id=district_id, cleaned=cleaned)
    proposal.received_on = received_on
    proposal.published_at = now
    proposal.shuffle_key = secrets.randbelow(SHUFFLE_RANGE)
    db.session.add(proposal)
    if writer:  # the writer's optional answers, kept apart from the proposal
        profiles.paper_profile(process, channel=channel, day=proposal.received_on, **writer)
    return proposal


def number(proposals, now):
    """Give references to new proposals, in order, after the year's last."""
    year = to_local(now).year
    last = db.session.scalar(select(func.max(Proposal.number)).where(Proposal.year == year)) or 0
    for offset, proposal in enumerate(proposals, start=1):
        proposal.year, proposal.number = year, last + offset


def enter(actor, process, *, now, **fields):
    """A moderator records one paper proposal."""
    require(actor, Permission.MODERATE)
    for _attempt in range(5):  # two entered at the same moment may take one number
        proposal = build(actor, process, now=now, **fields)
        number([proposal], now)
        db.session.flush()
        search.index(proposal)
        audit.record(actor, "proposal.enter", proposal, after={
            "channel": proposal.channel, "source": source_label(proposal),
            "received_on": proposal.received_on})
        try:
            db.session.commit()
            return proposal
        except IntegrityError:
            db.session.rollback()
    raise DomainError(_l("The proposal could not be saved just now. Please try again."))


def source_label(proposal):
    if proposal.place is not None:
        return proposal.place.name
    if proposal.session is not None:
        return f"{proposal.session.event.title}: {proposal.session.topic}"
    return ""


def record_supports(actor, proposal, *, count, place_id=None, session_id=None, given_on,
                    note="", now):
    """Supports given on paper: a count with its source, kept apart from online ones."""
    require(actor, Permission.MODERATE)
    locking.hold(proposal)  # a merge since the form was opened: they belong to the target
    if not proposal.is_public:
        db.session.rollback()
        raise DomainError(_l("Paper supports can only be added to a published proposal."))
    if count is None or not 1 <= count <= PAPER_SUPPORTS_MAX:
        raise DomainError(number_between(1, PAPER_SUPPORTS_MAX),
                          "count")
    if bool(place_id) == bool(session_id):
        raise DomainError(_l("Choose where the supports were given: a place or an Open "
                             "Space session."), "source")
    place = db.session.get(Place, place_id) if place_id else None
    session = db.session.get(OpenSpaceSession, session_id) if session_id else None
    if (place_id and place is None) or (session_id and (
            session is None or session.event.process_id != proposal.process_id)):
        raise DomainError(_l("Choose where the supports were given: a place or an Open "
                             "Space session."), "source")
    given_on = check_received(given_on, to_local(now).date(), field="given_on")
    entry = PaperSupport(proposal_id=proposal.id, count=count, place=place, session=session,
                         given_on=given_on, note=(note or "").strip(), recorded_by_id=actor.id,
                         created_at=now)
    db.session.add(entry)
    db.session.execute(update(Proposal).where(Proposal.id == proposal.id)
                       .values(paper_supports_count=Proposal.paper_supports_count + count))
    audit.record(actor, "proposal.paper_supports", proposal, after={
        "count": count, "source": place.name if place else session.topic,
        "given_on": given_on})
    db.session.commit()
    return entry


def supports_of(proposal):
    """The paper supports recorded for `proposal`, latest first, with who recorded them."""
    return db.session.scalars(select(PaperSupport).where(
        PaperSupport.proposal_id == proposal.id)
        .options(selectinload(PaperSupport.place), selectinload(PaperSupport.session),
                 selectinload(PaperSupport.recorded_by))
        .order_by(PaperSupport.created_at.desc(), PaperSupport.id.desc())).all()


def remove_supports(actor, entry):
    """Take back paper supports recorded by mistake (140 typed for 14): the entry goes,
    its count leaves the proposal's, and the audit log keeps what it was."""
    require(actor, Permission.MODERATE)
    proposal = locking.hold(db.session.get(Proposal, entry.proposal_id))
    if not proposal.is_public:
        db.session.rollback()
        raise DomainError(_l("Paper supports can only be taken back from a published "
                             "proposal."))
    before = {"count": entry.count, "given_on": entry.given_on,
              "source": entry.place.name if entry.place else entry.session.topic}
    # Conditional: the same entry removed twice at once (a double click, two moderators)
    # is removed, and its count taken away, once.
    removed = db.session.execute(delete(PaperSupport).where(PaperSupport.id == entry.id)
                                 .execution_options(synchronize_session=False)).rowcount
    if not removed:
        db.session.rollback()
        raise DomainError(_l("These paper supports have been taken back already."))
    db.session.execute(update(Proposal).where(Proposal.id == proposal.id)
                       .values(paper_supports_count=Proposal.paper_supports_count - entry.count))
    audit.record(actor, "proposal.paper_supports_remove", proposal, before=before)
    db.session.commit()


def save_place(actor, *, name, address, opening_hours, accessibility, position=0, place=None):
    require(actor, Permission.MANAGE_PROCESSES)
    name = " ".join((name or "").split())
    if not name:
        raise DomainError(_l("Write a name."), "name")
    clash = db.session.scalar(select(Place.id).where(Place.name == name))
    if clash is not None and (place is None or clash != place.id):
        raise DomainError(_l("There is already a place with that name."), "name")
    fields = ("name", "address", "opening_hours", "accessibility", "position")
    before = audit.snapshot(place, *fields) if place else None
    place = place or Place()
    place.name, place.address = name, (address or "").strip()
    place.opening_hours, place.accessibility = (opening_hours or "").strip(), \
        (accessibility or "").strip()
    place.position = position or 0
    db.session.add(place)
    audit.record(actor, "place.update" if before else "place.create", place, before=before,
                 after=audit.snapshot(place, *fields))
    db.session.commit()
    return place


def save_event(actor, process, *, title, held_on, place_id, venue, theme, facilitator,
               participants, event=None):
    require(actor, Permission.MODERATE)
    title = (title or "").strip()
    if not title:
        raise DomainError(_l("Write a title."), "title")
    if held_on is None:
        raise DomainError(GIVE_THE_DATE, "held_on")
    if place_id and db.session.get(Place, place_id) is None:
        raise DomainError(_l("Choose one of the places, or none."), "place_id")
    _check_participants(participants)
    fields = ("title", "held_on", "place_id", "venue", "theme", "facilitator", "participants")
    before = audit.snapshot(event, *fields) if event else None
    event = event or OpenSpaceEvent(process_id=process.id)
    event.title, event.held_on, event.place_id = title, held_on, place_id or None
    event.venue, event.theme = (venue or "").strip(), (theme or "").strip()
    event.facilitator, event.participants = (facilitator or "").strip(), participants or 0
    db.session.add(event)
    audit.record(actor, "open_space.update" if before else "open_space.create", event,
                 before=before, after=audit.snapshot(event, *fields))
    db.session.commit()
    return event


def save_session(actor, event, *, topic, convener, participants, summary, recommendations,
                 session=None):
    require(actor, Permission.MODERATE)
    topic = (topic or "").strip()
    if not topic:
        raise DomainError(_l("Write the session's topic."), "topic")
    _check_participants(participants)
    if participants and event.participants and participants > event.participants:
        raise DomainError(_l("A session cannot have more participants than its event "
                             "(%(num)d).", num=event.participants), "participants")
    fields = ("topic", "convener", "participants", "summary", "recommendations")
    before = audit.snapshot(session, *fields) if session else None
    session = session or OpenSpaceSession(event=event)
    session.topic, session.convener = topic, (convener or "").strip()
    session.participants = participants or 0
    session.summary, session.recommendations = (summary or "").strip(), \
        (recommendations or "").strip()
    db.session.add(session)
    audit.record(actor, "session.update" if before else "session.create", session,
                 before=before, after=audit.snapshot(session, *fields),
                 process_id=event.process_id, label=session.topic)
    db.session.commit()
    return session


PARTICIPANTS_MAX = 10_000


def _check_participants(participants):
    if participants is not None and not 0 <= participants <= PARTICIPANTS_MAX:
        raise DomainError(number_between(0, PARTICIPANTS_MAX),
                          "participants")


def places():
    return db.session.scalars(select(Place).order_by(Place.position, Place.name)).all()


def events_of(process):
    return db.session.scalars(select(OpenSpaceEvent).where(
        OpenSpaceEvent.process_id == process.id).order_by(OpenSpaceEvent.held_on)).all()


def sessions_of(process):
    return db.session.scalars(
        select(OpenSpaceSession).join(OpenSpaceEvent)
        .where(OpenSpaceEvent.process_id == process.id)
        .order_by(OpenSpaceEvent.held_on, OpenSpaceSession.id)).all()


def proposals_by_session(event):
    """The published proposals that came from each of `event`'s sessions: {session id: [...]}."""
    found = {}
    for proposal in db.session.scalars(
            select(Proposal).where(Proposal.session_id.in_([s.id for s in event.sessions]),
                                   Proposal.status.in_(PUBLIC_STATUSES))
            .options(selectinload(Proposal.focus_area)).order_by(Proposal.number)):
        found.setdefault(proposal.session_id, []).append(proposal)
    return found
