"""What reports on proposals and on comments share: each resident reports a thing once
(a unique constraint says so), and after the process's number of open reports the thing
is hidden until a moderator decides, however many reports arrive at the same moment."""
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models.base import utcnow
from app.services import audit
from app.services.errors import DomainError


class AlreadyReported(DomainError):
    pass


def file(target, report, *, already):
    """Add `report` on `target` within the caller's unit of work. Reports on one target
    queue up on its row, so each counts the others (PostgreSQL; SQLite writes one at a
    time anyway). A second report by the same resident raises AlreadyReported(`already`)."""
    model = type(target)
    db.session.execute(select(model.id).where(model.id == target.id).with_for_update())
    db.session.add(report)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise AlreadyReported(already)


def hide_if_reported_enough(target, report_target, *, threshold, visible, hidden, action,
                            **changes):
    """After `threshold` open reports (`report_target`: the report model's column naming
    the target), `target` is hidden, if still in a `visible` status, with no rule given:
    a moderator upholds or clears the reports. `changes`: more columns to set with it."""
    report_model = report_target.class_
    open_reports = db.session.scalar(select(func.count()).select_from(report_model).where(
        report_target == target.id, report_model.resolved_at.is_(None)))
    if not threshold or open_reports < threshold:
        return
    model, before = type(target), target.status
    done = db.session.execute(
        update(model).where(model.id == target.id, model.status.in_(visible))
        .values(status=hidden, status_before_hidden=model.status, hidden_at=utcnow(),
                hidden_reason=None, **changes)).rowcount
    if done:
        audit.record(None, action, target, before={"status": before},
                     after={"status": hidden, "open_reports": open_reports})
