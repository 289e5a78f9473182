"""Indicators on a goal or a board goal, and their yearly values entered or imported by
staff. A board goal has 1–3 indicators: each takes a free slot of three, and the database
refuses a fourth, however many requests come at once."""
import math
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.i18n import to_local
from app.models import (BOARD_GOAL_INDICATORS, BoardGoal, Direction, Goal, GoalStatus, Indicator,
                        IndicatorSource, IndicatorValue)
from app.models.base import utcnow
from app.permissions import Permission, require
from app.services import audit, locking
from app.services.errors import DomainError, flush_or_raise
from app.services.participation.imports import ImportRefused, read_table

KPI_ID = re.compile(r"^[A-Z]\d{5}$")          # Kolada's key figures: N00945, U07414
MUNICIPALITY_ID = re.compile(r"^\d{4}$")      # Kolada's municipality ids: 0180, 1480
YEARS = (1990, 2100)
TOO_MANY = _l("A board goal has at most %(max)d indicators.", max=BOARD_GOAL_INDICATORS)
FIELDS = ("name", "unit", "direction", "baseline_value", "baseline_year", "target_value",
          "target_year", "source", "kolada_kpi", "kolada_municipality")


@dataclass
class IndicatorFields:
    name: str
    unit: str
    direction: str
    baseline_value: float | None
    baseline_year: int | None
    target_value: float | None
    target_year: int | None
    source: str = IndicatorSource.MANUAL
    kolada_kpi: str = ""
    kolada_municipality: str = ""


def _checked(fields):
    """The fields as stored, or the first broken rule as a DomainError on its field."""
    name, unit = " ".join((fields.name or "").split()), " ".join((fields.unit or "").split())
    if not 3 <= len(name) <= 200:
        raise DomainError(_l("Name the indicator in 3–200 characters."), "name")
    if not 1 <= len(unit) <= 40:
        raise DomainError(_l("Give the unit, like per cent or kronor per resident."), "unit")
    try:
        direction, source = Direction(fields.direction), IndicatorSource(fields.source)
    except ValueError:
        raise DomainError(_l("Choose whether higher or lower is better."), "direction")
    for field in ("baseline_value", "baseline_year", "target_value", "target_year"):
        if getattr(fields, field) is None:
            raise DomainError(_l("Give the baseline and the target, each with its year."),
                              field)
    for field in ("baseline_year", "target_year"):
        if not YEARS[0] <= getattr(fields, field) <= YEARS[1]:
            raise DomainError(_l("Give a year between %(low)d and %(high)d.",
                                 low=YEARS[0], high=YEARS[1]), field)
    if fields.target_year < fields.baseline_year:
        raise DomainError(_l("The target year (%(target)d) is before the baseline year "
                             "(%(baseline)d): the target comes after the baseline.",
                             target=fields.target_year, baseline=fields.baseline_year),
                          "target_year")
    kpi = (fields.kolada_kpi or "").strip().upper()
    municipality = (fields.kolada_municipality or "").strip()
    if source == IndicatorSource.KOLADA:
        if not KPI_ID.match(kpi):
            raise DomainError(_l("A Kolada key figure's id is a letter and five digits, "
                                 "like N00945."), "kolada_kpi")
        if not MUNICIPALITY_ID.match(municipality):
            raise DomainError(_l("A municipality's id in Kolada is four digits, like 0180."),
                              "kolada_municipality")
    else:
        kpi = municipality = ""
    return {"name": name, "unit": unit, "direction": direction, "source": source,
            "baseline_value": float(fields.baseline_value),
            "baseline_year": fields.baseline_year, "target_value": float(fields.target_value),
            "target_year": fields.target_year, "kolada_kpi": kpi,
            "kolada_municipality": municipality}


def add_to_goal(actor, goal, fields):
    """KSAU gives a goal an indicator, while it can still be changed."""
    require(actor, Permission.DRAFT_GOALS)
    locking.hold(goal.process)  # as goals.save: decided or published meanwhile is seen
    locking.hold(goal)
    if goal.status == GoalStatus.DECIDED or goal.process.results_published_at is not None:
        raise DomainError(_l("The goal is decided or published: its indicators are kept as "
                             "they were decided."))
    indicator = Indicator(goal_id=goal.id, **_checked(fields))
    db.session.add(indicator)
    audit.record(actor, "indicator.create", indicator, process_id=goal.process_id,
                 after=audit.snapshot(indicator, *FIELDS))
    db.session.commit()
    return indicator


def build_for_board_goal(board_goal, fields):
    """The board goal's next indicator, in the first free slot, not yet committed; a full
    board goal is refused (and the database refuses a fourth slot whatever is said here)."""
    values = _checked(fields)
    taken = set(db.session.scalars(select(Indicator.slot).where(
        Indicator.board_goal_id == board_goal.id))) if board_goal.id else set()
    free = [slot for slot in range(1, BOARD_GOAL_INDICATORS + 1) if slot not in taken]
    if not free:
        raise DomainError(TOO_MANY)
    indicator = Indicator(slot=free[0], **values)
    board_goal.indicators.append(indicator)
    return indicator


def add_to_board_goal(actor, board_goal, fields):
    """The board goal's next indicator. Requests at the same moment may pick the same free
    slot: the one the database refuses tries the next free one, until none is left."""
    require(actor, Permission.MANAGE_PROCESSES)
    for _attempt in range(BOARD_GOAL_INDICATORS):
        indicator = build_for_board_goal(board_goal, fields)
        try:
            db.session.flush()
        except IntegrityError:  # another request took that slot first
            db.session.rollback()
            continue
        audit.record(actor, "indicator.create", indicator,
                     process_id=board_goal.goal.process_id,
                     after=audit.snapshot(indicator, *FIELDS))
        db.session.commit()
        return indicator
    raise DomainError(TOO_MANY)


def indicators_of(process):
    """Every indicator of the process's goals and of their board goals, goal by goal."""
    return db.session.scalars(
        select(Indicator).outerjoin(BoardGoal, BoardGoal.id == Indicator.board_goal_id)
        .join(Goal, Goal.id.in_([Indicator.goal_id, BoardGoal.goal_id]))
        .where(Goal.process_id == process.id)
        .order_by(Goal.position, Goal.id, Indicator.board_goal_id.is_not(None),
                  Indicator.board_goal_id, Indicator.id)).all()


def set_value(actor, indicator, *, year, value, origin="manual"):
    """Staff enter an indicator's outcome for a year (a Kolada indicator takes Kolada's)."""
    require(actor, Permission.FOLLOW_UP)
    before = _put_value(indicator, year, value, origin)
    # One value per indicator and year (a unique constraint): two people entering the
    # same year at once leave one value, and the other is told.
    flush_or_raise(DomainError(_l("Someone entered a value for this year at the same "
                                  "moment. Look at it, and enter yours again if it "
                                  "should replace it."), "value"))
    audit.record(actor, "indicator.values", indicator, process_id=_process_id(indicator),
                 before={"year": year, "value": before} if before is not None else None,
                 after={"year": year, "value": value})
    db.session.commit()


def _process_id(indicator):
    goal = indicator.goal or indicator.board_goal.goal
    return goal.process_id


def _put_value(indicator, year, value, origin):
    if indicator.is_kolada:
        raise DomainError(_l("“%(name)s” takes its values from Kolada.", name=indicator.name),
                          "value")
    """Put the outcome for `year`; returns the value it replaces, or None."""
    # An outcome is for a year that has begun (a target is another thing: the indicator's).
    this_year = to_local(utcnow()).year
    if year is None or not YEARS[0] <= year <= this_year:
        raise DomainError(_l("Give a year between %(low)d and %(high)d: an outcome is for a "
                             "year that has begun.", low=YEARS[0], high=this_year), "year")
    row = db.session.scalar(select(IndicatorValue).where(
        IndicatorValue.indicator_id == indicator.id, IndicatorValue.year == year))
    if row is None:
        db.session.add(IndicatorValue(indicator_id=indicator.id, year=year, value=value,
                                      origin=origin))
        return None
    before, row.value, row.origin = row.value, value, origin
    return before


IMPORT_COLUMNS = ("indikator", "år", "värde", "enhet")


def import_values(actor, process, *, filename, content):
    """Values from a CSV or XLSX file (one row: indicator number, year, value, unit), all
    or none: a row that names another unit than its indicator's refuses the whole file."""
    require(actor, Permission.FOLLOW_UP)
    try:
        rows = read_table(filename, content)
    except ImportRefused as refused:
        raise DomainError(refused.message, "file")
    if not rows or [cell.strip().lower() for cell in rows[0][1][:4]] != list(IMPORT_COLUMNS):
        raise DomainError(_l("The first row must name the columns %(columns)s.",
                             columns="; ".join(IMPORT_COLUMNS)), "file")
    indicators = {i.id: i for i in indicators_of(process)}
    problems, values, seen = [], [], {}
    for line, row in rows[1:]:
        number, year, value, unit = [(cell or "").strip() for cell in (row + [""] * 4)[:4]]
        indicator = indicators.get(_whole(number))
        if indicator is None:
            problems.append(_l("Row %(line)d: no indicator number %(number)s in this process.",
                               line=line, number=number or "–"))
            continue
        if unit != indicator.unit:
            problems.append(_l("Row %(line)d: the unit “%(unit)s” is not the indicator's "
                               "unit “%(expected)s”.", line=line, unit=unit,
                               expected=indicator.unit))
            continue
        parsed, year = read_number(value), _whole(year)
        if parsed is None or year is None:
            problems.append(_l("Row %(line)d: give the year and the value as numbers.",
                               line=line))
            continue
        problem = _value_problem(indicator, year, seen.get((indicator.id, year)))
        if problem:
            problems.append(_l("Row %(line)d: %(problem)s", line=line, problem=problem))
            continue
        seen[indicator.id, year] = line
        values.append((indicator, year, parsed))
    if not values and not problems:
        problems.append(_l("The file has a header but no values."))
    if problems:
        raise DomainError(" ".join(str(p) for p in problems[:10]), "file")
    try:
        for indicator, year, value in values:
            _put_value(indicator, year, value, "import")
    except DomainError:
        db.session.rollback()
        raise
    audit.record(actor, "indicator.values", process, process_id=process.id,
                 after={"file": filename, "count": len(values)})
    db.session.commit()
    return len(values)


# Beyond any figure a municipality follows, and beyond what the pages can write out
# (Babel's number formatting fails from about 1e25).
NUMBER_LIMIT = 1e15


def _value_problem(indicator, year, earlier_line):
    """What keeps a file's row from being imported, as its message says it (the row's
    number goes before it), or None."""
    if indicator.is_kolada:
        return _l("“%(name)s” takes its values from Kolada.", name=indicator.name)
    this_year = to_local(utcnow()).year
    if not YEARS[0] <= year <= this_year:
        return _l("give a year between %(low)d and %(high)d: an outcome is for a year that "
                  "has begun.", low=YEARS[0], high=this_year)
    if earlier_line:
        return _l("the same indicator and year as row %(line)d: keep one.", line=earlier_line)
    return None


def read_number(text):
    """A number as Swedish Excel and people write it: "12,5", "1 234,5" or "12.5"; None for
    anything else: empty, junk, digits other than 0-9, NaN, infinite ("1e999"), a
    quadrillion or more, or longer than 20 characters."""
    cleaned = (text or "").strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    if not cleaned.isascii() or "_" in cleaned:  # float() also reads "１２" and "1_000"
        return None
    try:
        number = float(cleaned)
    except ValueError:
        return None
    return number if math.isfinite(number) and abs(number) < NUMBER_LIMIT and \
        len(cleaned) <= 20 else None


def _whole(text):
    """A whole number written in digits 0-9, or None ("²" is a digit to Python, not to us)."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else None
