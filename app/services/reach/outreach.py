"""The staff's plans to meet the groups not yet heard: a place, a date, a group. A public
one is listed on "Hand in a proposal at a place" until its day has passed."""
from sqlalchemy import select

from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.models import AGE_BANDS, District, OutreachAction
from app.permissions import Permission, require
from app.services import audit
from app.services.errors import DomainError

FIELDS = ("place", "held_on", "hours", "group", "age_band", "district_id", "description",
          "public")
UNKNOWN_GROUP = _l("Choose one of the groups given.")


def plan(actor, process, *, place, held_on, hours, group, age_band, district_id,
         description, public, action=None):
    require(actor, Permission.MODERATE)
    if age_band is not None and age_band not in AGE_BANDS:
        raise DomainError(UNKNOWN_GROUP, "age_band")
    if district_id is not None and db.session.get(District, district_id) is None:
        raise DomainError(UNKNOWN_GROUP, "district_id")
    before = audit.snapshot(action, *FIELDS) if action else None
    action = action or OutreachAction(process_id=process.id, created_by_id=actor.id)
    action.place, action.held_on, action.hours = place.strip(), held_on, hours.strip()
    action.group, action.age_band, action.district_id = group.strip(), age_band, district_id
    action.description, action.public = description.strip(), public
    db.session.add(action)
    db.session.flush()
    audit.record(actor, "outreach.create" if before is None else "outreach.update", action,
                 before=before, after=audit.snapshot(action, *FIELDS), label=action.place)
    db.session.commit()
    return action


def planned(process):
    """Every planned action of the process, soonest first (for staff)."""
    return db.session.scalars(select(OutreachAction).where(
        OutreachAction.process_id == process.id)
        .order_by(OutreachAction.held_on, OutreachAction.id)).all()


def public_visits(today):
    """The public visits from today on, in every process, soonest first."""
    return db.session.scalars(select(OutreachAction).where(
        OutreachAction.public.is_(True), OutreachAction.held_on >= today)
        .order_by(OutreachAction.held_on, OutreachAction.id)).all()
