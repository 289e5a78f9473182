"""Setting up a process: its phases and focus areas. Each function is one unit of work."""
import pickle
import re
from collections import OrderedDict

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.models import (DIALOGUE_ONLY_FEATURES, District, FocusArea, ModerationMode, Phase,
                        PhaseKind, Process)
from app.permissions import Permission, require
from app.services import audit, content_version
from app.services.errors import DomainError, commit_or_raise

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def featured_process(now):
    """The process the start page is about: one under way now, else the next to start,
    else the most recently created."""
    processes = db.session.scalars(
        select(Process).options(selectinload(Process.phases)).order_by(Process.created_at.desc())
    ).all()
    running = [p for p in processes if p.current_phase(now)]
    if running:
        return max(running, key=lambda p: p.current_phase(now).kind == PhaseKind.DIALOGUE)
    upcoming = [p for p in processes if p.next_phase(now)]
    if upcoming:
        return min(upcoming, key=lambda p: p.next_phase(now).starts_at)
    return processes[0] if processes else None


def with_results(exclude=None):
    """The processes whose results are published, newest first, but `exclude`: the start
    page shows them beside today's process, so residents can follow their goals up."""
    query = select(Process).where(Process.results_published_at.is_not(None))
    if exclude is not None:
        query = query.where(Process.id != exclude.id)
    return db.session.scalars(query.order_by(Process.results_published_at.desc())).all()


# Processes with their phases and focus areas as each worker last read them, by content
# version: nearly every page starts from its process, and they change rarely.
_read = OrderedDict()
PROCESSES_KEPT = 32


def get_by_slug(slug):
    """The process at `slug` with its phases and focus areas, or None. Read once per
    content version by each worker and merged into the session without a query (the
    same object as a fresh read; changes to it are saved as usual)."""
    key = (slug, content_version.seen())
    kept = _read.get(key)
    if kept is None:
        process = db.session.scalar(
            select(Process)
            .options(selectinload(Process.phases), selectinload(Process.focus_areas))
            .where(Process.slug == slug))
        if process is None:
            return None
        _read[key] = kept = _detached_copy(process)
        while len(_read) > PROCESSES_KEPT:
            _read.popitem(last=False)
        return process
    return db.session.merge(kept, load=False)


def _detached_copy(process):
    """A copy of `process` with its loaded phases and focus areas that belongs to no
    session (what SQLAlchemy's caching recipes keep), to merge into later ones."""
    return pickle.loads(pickle.dumps(process))


SLUG_TAKEN = _l("Another process already has this address.")
FOCUS_AREA_TAKEN = _l("This process already has a focus area with that name.")


PROCESS_FIELDS = ("title", "slug", "description", "moderation_mode", "support_limit",
                  "hide_support_counts", "report_threshold")
PHASE_FIELDS = ("name", "body", "description", "kind", "starts_at", "ends_at", "features")


def _audited(actor, obj, fields, before, process_id=None):
    """Record the change to `obj` made by `actor`, an administrator."""
    kind = type(obj).__name__.lower()
    after = audit.snapshot(obj, *fields)
    if before is None:
        audit.record(actor, f"{kind}.create", obj, after=after, process_id=process_id)
    elif (changed := audit.changes(before, after)) is not None:
        audit.record(actor, f"{kind}.update", obj, before=changed[0], after=changed[1],
                     process_id=process_id)


def save_process(*, title, slug, description, moderation_mode=ModerationMode.AFTERWARDS,
                 support_limit=10, hide_support_counts=False, report_threshold=3, process=None,
                 actor):
    require(actor, Permission.MANAGE_PROCESSES)
    slug = slug.strip()
    if not SLUG_PATTERN.match(slug):
        raise DomainError(_l("Use only lower-case letters a–z, digits and hyphens."), "slug")
    clash = db.session.scalar(select(Process.id).where(Process.slug == slug))
    if clash is not None and (process is None or clash != process.id):
        raise DomainError(SLUG_TAKEN, "slug")
    before = audit.snapshot(process, *PROCESS_FIELDS) if process else None
    process = process or Process()
    process.title, process.slug, process.description = title.strip(), slug, description.strip()
    process.moderation_mode = ModerationMode(moderation_mode)
    process.support_limit, process.hide_support_counts = support_limit, hide_support_counts
    process.report_threshold = report_threshold
    db.session.add(process)
    try:
        db.session.flush()
        _audited(actor, process, PROCESS_FIELDS, before, process_id=process.id)
    except IntegrityError:
        db.session.rollback()
        raise DomainError(SLUG_TAKEN, "slug")
    commit_or_raise(DomainError(SLUG_TAKEN, "slug"))
    return process


def save_phase(process, *, name, body, description, kind, starts_at, ends_at, features,
               phase=None, actor):
    require(actor, Permission.MANAGE_PROCESSES)
    kind = PhaseKind(kind)
    if ends_at <= starts_at:
        raise DomainError(_l("The phase must end after it starts."), "ends_at")
    if kind != PhaseKind.DIALOGUE and DIALOGUE_ONLY_FEATURES & set(features):
        raise DomainError(
            _l("Only a dialogue phase can accept proposals and supports."), "features")
    if kind == PhaseKind.DIALOGUE:
        refuse_overlapping_dialogue(phase, starts_at, ends_at)
    before = audit.snapshot(phase, *PHASE_FIELDS) if phase else None
    phase = phase or Phase()
    phase.process = process
    phase.name, phase.body, phase.description = name.strip(), body.strip(), description.strip()
    phase.kind, phase.starts_at, phase.ends_at = kind, starts_at, ends_at
    phase.features = set(features)
    db.session.add(phase)
    try:
        _audited(actor, phase, PHASE_FIELDS, before)
    except IntegrityError:  # the flush met the database's one-dialogue rule
        db.session.rollback()
        raise DomainError(OVERLAP, "starts_at")
    # The database has the last word: two concurrent saves cannot both open a dialogue.
    commit_or_raise(DomainError(OVERLAP, "starts_at"))
    return phase


OVERLAP = _l("The phase could not be saved: another dialogue phase is open at the same time. "
             "Check the dates.")


def refuse_overlapping_dialogue(phase, starts_at, ends_at):
    """At most one dialogue phase may be open at any moment, across all processes."""
    query = select(Phase).where(Phase.kind == PhaseKind.DIALOGUE,
                                Phase.starts_at < ends_at, Phase.ends_at > starts_at)
    if phase is not None:
        query = query.where(Phase.id != phase.id)
    other = db.session.scalars(query.limit(1)).first()
    if other is not None:
        raise DomainError(
            _l("Another dialogue phase (%(name)s) is open at the same time. "
               "Only one dialogue phase may be open at a time.", name=other.name),
            "starts_at")


def delete_phase(phase, *, actor):
    require(actor, Permission.MANAGE_PROCESSES)
    audit.record(actor, "phase.delete", phase, before=audit.snapshot(phase, *PHASE_FIELDS))
    db.session.delete(phase)
    db.session.commit()


def save_focus_area(process, *, name, description, position, focus_area=None, actor):
    require(actor, Permission.MANAGE_PROCESSES)
    name = name.strip()
    clash = db.session.scalar(select(FocusArea.id).where(
        FocusArea.process_id == process.id, FocusArea.name == name))
    if clash is not None and (focus_area is None or clash != focus_area.id):
        raise DomainError(FOCUS_AREA_TAKEN, "name")
    fields = ("name", "description", "position")
    before = audit.snapshot(focus_area, *fields) if focus_area else None
    focus_area = focus_area or FocusArea()
    focus_area.process = process
    focus_area.name, focus_area.description = name, description.strip()
    focus_area.position = position
    db.session.add(focus_area)
    try:
        _audited(actor, focus_area, fields, before)
    except IntegrityError:
        db.session.rollback()
        raise DomainError(FOCUS_AREA_TAKEN, "name")
    commit_or_raise(DomainError(FOCUS_AREA_TAKEN, "name"))
    return focus_area


def districts():
    """The districts a resident may say a proposal concerns, in their set order."""
    return db.session.scalars(select(District).order_by(District.position, District.name)).all()


DISTRICT_TAKEN = _l("There is already a district with that name.")


def save_district(*, name, position, district=None, actor):
    require(actor, Permission.MANAGE_PROCESSES)
    name = name.strip()
    clash = db.session.scalar(select(District.id).where(District.name == name))
    if clash is not None and (district is None or clash != district.id):
        raise DomainError(DISTRICT_TAKEN, "name")
    before = audit.snapshot(district, "name", "position") if district else None
    district = district or District()
    district.name, district.position = name, position
    db.session.add(district)
    try:
        _audited(actor, district, ("name", "position"), before)
    except IntegrityError:
        db.session.rollback()
        raise DomainError(DISTRICT_TAKEN, "name")
    commit_or_raise(DomainError(DISTRICT_TAKEN, "name"))
    return district
