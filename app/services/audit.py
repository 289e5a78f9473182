"""The audit log: every moderator and administrator action, who, when, what, before and
after. `record` adds the entry to the caller's unit of work, so the action and its entry
are committed together or not at all. Nothing here changes or deletes an entry."""
import enum
import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import String, cast, exists, func, select

from app.extensions import db
from app.i18n import from_local, to_local
from app.models import AuditEntry, User
from app.models.base import utcnow
from app.services.reporting import exports

PER_PAGE = 50


def record(actor, action, target, *, before=None, after=None, process_id=None, label=None):
    """Log `action` on `target` (a model instance with an id). `before` and `after` are the
    changed fields' values, as plain data."""
    db.session.flush()  # a new target gets its id
    entry = AuditEntry(
        created_at=utcnow(), action=action, target_type=type(target).__name__.lower(),
        target_id=target.id, target_label=(label or _label(target))[:200],
        process_id=process_id if process_id is not None else getattr(target, "process_id", None),
        before=_plain(before), after=_plain(after))
    if actor is not None and getattr(actor, "is_authenticated", False):
        # The name staff chose to show, or the account's number: never an address.
        entry.actor_id, entry.actor_name = actor.id, actor.display_name or f"#{actor.id}"
    db.session.add(entry)
    return entry


def snapshot(obj, *fields):
    """The current values of `fields` on `obj`, for a `before` or `after`."""
    return {field: getattr(obj, field) for field in fields}


def changes(before, after):
    """Only the fields that changed, as (before, after); None when nothing did."""
    changed = [key for key in after if before.get(key) != after[key]]
    if not changed:
        return None
    return {k: before.get(k) for k in changed}, {k: after[k] for k in changed}


def _label(target):
    for attribute in ("reference", "name", "title", "email"):
        value = getattr(target, attribute, None)
        if value:
            return str(value)
    return f"{type(target).__name__} {target.id}"


def _plain(value):
    """JSON-ready: enums as their values, instants as ISO text, objects as their labels."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_plain(v) for v in value]
        return sorted(items, key=str) if isinstance(value, (set, frozenset)) else items
    if hasattr(value, "id"):
        return _label(value)
    return str(value)


@dataclass
class LogFilters:
    actor: int | None = None
    action: str = ""
    process: int | None = None
    target_type: str = ""
    target_id: int | None = None
    since: date | None = None
    until: date | None = None
    page: int = 1


def _filtered(filters):
    query = select(AuditEntry)
    if filters.actor:
        query = query.where(AuditEntry.actor_id == filters.actor)
    if filters.action:
        query = query.where(AuditEntry.action == filters.action)
    if filters.process:
        query = query.where(AuditEntry.process_id == filters.process)
    if filters.target_type:
        query = query.where(AuditEntry.target_type == filters.target_type)
    if filters.target_id:
        query = query.where(AuditEntry.target_id == filters.target_id)
    if filters.since:
        query = query.where(AuditEntry.created_at >= from_local(datetime.combine(
            filters.since, time())))
    if filters.until:
        query = query.where(AuditEntry.created_at < from_local(datetime.combine(
            filters.until + timedelta(days=1), time())))
    return query


def entries(filters):
    """One page of the log, newest first, and how many entries match."""
    query = _filtered(filters)
    total = db.session.scalar(query.with_only_columns(func.count(), maintain_column_froms=True)
                              .order_by(None))
    page = max(1, filters.page)
    rows = db.session.scalars(query.order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
                              .offset((page - 1) * PER_PAGE).limit(PER_PAGE)).all()
    return rows, total


def actions():
    return db.session.scalars(
        select(AuditEntry.action).distinct().order_by(AuditEntry.action)).all()


def actors():
    """The people who appear in the log (staff: a handful), by the index on actor."""
    return db.session.execute(
        select(User.id, func.coalesce(User.display_name, "#" + cast(User.id, String)))
        .where(exists().where(AuditEntry.actor_id == User.id))
        .order_by(User.display_name)).all()


def filter_args(filters):
    """The filters as URL arguments (for the pages and the CSV link)."""
    values = {"vem": filters.actor, "handling": filters.action, "process": filters.process,
              "fran": filters.since and filters.since.isoformat(),
              "till": filters.until and filters.until.isoformat()}
    return {key: value for key, value in values.items() if value}


CSV_COLUMNS = ("time", "actor", "action", "target_type", "target_id", "target", "process_id",
               "before", "after")


def as_csv(filters):
    """The matching entries, oldest first, as CSV for Swedish Excel (services.exports)."""
    query = _filtered(filters).order_by(AuditEntry.created_at, AuditEntry.id)
    return exports.csv_text(CSV_COLUMNS, (
        (to_local(entry.created_at).strftime("%Y-%m-%d %H:%M:%S"), entry.actor_name,
         entry.action, entry.target_type, entry.target_id, entry.target_label,
         entry.process_id,
         json.dumps(entry.before, ensure_ascii=False) if entry.before is not None else "",
         json.dumps(entry.after, ensure_ascii=False) if entry.after is not None else "")
        for entry in db.session.scalars(query.execution_options(yield_per=500))))
