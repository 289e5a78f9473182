"""Follow-up periods: an interim report (with a forecast for the year) or the annual report.
The controller opens one, records each indicator's value and each goal's assessment, and
approves it: then it is published on the progress pages, closed to changes, logged, and
the residents who asked are told once."""

from sqlalchemy import select, update

from app import jobs
from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.i18n import to_local
from app.models import (FollowUpNotice, FollowUpPeriod, GoalAssessment, Indicator, PeriodKind,
                        PeriodReading, Rating)
from app.models.base import utcnow
from app.permissions import Permission, require
from app.services import audit, goals, locking
from app.services.errors import DomainError, flush_or_raise
from app.services.followup import indicators

GONE = _l("An indicator was removed while you were writing, so nothing was saved. "
          "What you wrote is below: check it and save again.")
CLOSED = _l("This period is approved and closed: its values and assessments are not "
            "changed. Open a new period for new values.")


def periods_of(process, *, approved_only=False):
    query = select(FollowUpPeriod).where(FollowUpPeriod.process_id == process.id)
    if approved_only:
        query = query.where(FollowUpPeriod.approved_at.is_not(None))
    return db.session.scalars(query.order_by(FollowUpPeriod.year, FollowUpPeriod.kind.desc(),
                                             FollowUpPeriod.id)).all()


def open_period(actor, process, *, kind, year):
    require(actor, Permission.FOLLOW_UP)
    if process.results_published_at is None:
        raise DomainError(_l("The goals are not published yet: there is nothing to follow "
                             "up."))
    try:
        kind = PeriodKind(kind)
    except ValueError:
        raise DomainError(_l("Choose interim report or annual report."), "kind")
    # A report is on a year that has begun: a period for 2100 was accepted and, approved,
    # published, with no way to take it back.
    this_year = to_local(utcnow()).year
    if year is None or not indicators.YEARS[0] <= year <= this_year:
        raise DomainError(_l("Give a year between %(low)d and %(high)d: a report is on a "
                             "year that has begun.", low=indicators.YEARS[0],
                             high=this_year), "year")
    period = FollowUpPeriod(process_id=process.id, kind=kind, year=year)
    db.session.add(period)
    flush_or_raise(DomainError(_l("This process already has that period."), "year"))
    audit.record(actor, "followupperiod.create", period, label=str(period.title),
                 after={"kind": kind, "year": year})
    db.session.commit()
    return period


def record(actor, period, *, readings, assessments):
    """Save the period's readings ({indicator id: (value, forecast)}) and assessments ({goal
    id: (rating, text)}) in one go: all of them or, on any error, none."""
    require(actor, Permission.FOLLOW_UP)
    locking.hold(period)  # an approval since the form was opened closes it
    if period.is_approved:
        db.session.rollback()
        raise DomainError(CLOSED)
    known = {i.id for i in indicators.indicators_of(period.process)}
    public_goals = {g.id: g for g in goals.goals_of(period.process, public=True)}
    existing = {r.indicator_id: r for r in period.readings}
    given = {a.goal_id: a for a in period.assessments}  # read before anything is added
    still_there = set(db.session.scalars(select(Indicator.id).where(Indicator.id.in_(readings))))
    for indicator_id, (value, forecast) in readings.items():
        if indicator_id not in known:
            if indicator_id not in still_there:
                raise DomainError(GONE)
            raise DomainError(_l("An indicator of another process was given."))
        if period.kind == PeriodKind.ANNUAL:
            forecast = None
        reading = existing.get(indicator_id)
        if reading is None:
            period.readings.append(PeriodReading(indicator_id=indicator_id, value=value,
                                                 forecast=forecast))
        else:
            reading.value, reading.forecast = value, forecast
    for goal_id, (rating, text) in assessments.items():
        if goal_id not in public_goals:
            raise DomainError(_l("A goal of another process was given."))
        if not rating:
            continue
        try:
            rating = Rating(rating)
        except ValueError:
            raise DomainError(_l("Choose achieved, partly or not achieved."))
        text = (text or "").strip()[:5000]
        assessment = given.get(goal_id)
        if assessment is None:
            period.assessments.append(GoalAssessment(goal_id=goal_id, rating=rating, text=text))
        else:
            assessment.rating, assessment.text = rating, text
    # A board goal removed at the same moment takes its indicators with it: the readings
    # of them then have nothing to belong to.
    flush_or_raise(DomainError(GONE))
    audit.record(actor, "followupperiod.record", period, label=str(period.title),
                 after={"count": len(readings)})
    db.session.commit()


def approve_blockers(period):
    """Why the period cannot be approved yet, in words; empty when it can."""
    if period.is_approved:
        return [CLOSED]
    assessed = {a.goal_id for a in period.assessments}
    missing = [g.title for g in goals.goals_of(period.process, public=True)
               if g.id not in assessed]
    if missing:
        return [_l("Assess every goal before approving; not yet: %(goals)s.",
                   goals="; ".join(missing))]
    return []


def approve(actor, period, now):
    """Approve and publish the period, once (a conditional update: two controllers
    approving at the same moment approve it once), and tell the residents who asked."""
    require(actor, Permission.FOLLOW_UP)
    reasons = approve_blockers(period)
    if reasons:
        raise DomainError(reasons[0])
    done = db.session.execute(
        update(FollowUpPeriod).where(FollowUpPeriod.id == period.id,
                                     FollowUpPeriod.approved_at.is_(None))
        .values(approved_at=now, approved_by_id=actor.id)).rowcount
    if not done:
        db.session.rollback()
        raise DomainError(CLOSED)
    audit.record(actor, "followupperiod.approve", period, label=str(period.title),
                 after={"approved_at": now})
    db.session.commit()
    jobs.enqueue("followup_emails", period_id=period.id)


@jobs.task("followup_emails")
def tell_residents(period_id):
    """One email per published period to each resident who took part and asked to be told
    of the results; safe to run again (FollowUpNotice)."""
    period = db.session.get(FollowUpPeriod, period_id)
    told = set(db.session.scalars(select(FollowUpNotice.user_id).where(
        FollowUpNotice.period_id == period_id)))
    goals.mail_residents(period.process, told,
                         _l("How the goals are going: %(period)s", period=period.title),
                         "mail/followup.txt",
                         lambda user: FollowUpNotice(period_id=period_id, user_id=user.id),
                         "follow-up", period=period)
