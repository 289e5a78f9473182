"""The population per district and age band, the municipality's own figures from
Statistics Sweden: imported as CSV by an administrator, replacing the figures before it,
all or nothing."""
from sqlalchemy import delete, func, select

from app.extensions import db
from app.i18n import filled_in, lazy_gettext as _l
from app.models import AGE_BANDS, District, PopulationFigure
from app.permissions import Permission, require
from app.services.participation.imports import ImportRefused, _read_csv

COLUMNS = ("district", "age_band", "count")
COUNT_MAX = 10_000_000
FILE_MAX = 1_000_000  # bytes: a municipality has some hundred lines
TOO_LARGE = _l("The file is too large: at most 1 MB.")
HEADER = _l("The first line must name the columns district, age_band and count.")
EMPTY = _l("The file has no figures.")
LINE = _l("Line %(line)s: %(message)s")
NO_DISTRICT = _l("there is no district with this name (add it under Districts first).")
NO_BAND = _l("the age band must be one of %(bands)s.")
BAD_COUNT = _l("the count must be a whole number from 0 to 10 000 000.")
TWICE = _l("this district and age band came earlier in the file.")


class PopulationRefused(Exception):
    """The file was not imported; `problems` says why, line by line."""

    def __init__(self, problems):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def template_csv():
    return "district;age_band;count\n" + "".join(
        f"Centrum;{band};1000\n" for band in AGE_BANDS)


def read(content):
    """[(district id, age band, count)] from the file, or PopulationRefused."""
    try:
        rows = _read_csv(content)
    except ImportRefused as refused:
        raise PopulationRefused([refused.message])
    if not rows or [cell.strip().lower() for cell in rows[0][1]][:3] != list(COLUMNS):
        raise PopulationRefused([HEADER])
    if len(rows) == 1:
        raise PopulationRefused([EMPTY])
    districts = {name.casefold(): id_ for id_, name in
                 db.session.execute(select(District.id, District.name))}
    figures, seen, problems = [], set(), []
    for number, row in rows[1:]:
        district, band, count = ([cell.strip() for cell in row] + ["", "", ""])[:3]
        message = None
        if district.casefold() not in districts:
            message = NO_DISTRICT
        elif band not in AGE_BANDS:
            message = filled_in(NO_BAND, bands=lambda: ", ".join(AGE_BANDS))
        elif not (count.isascii() and count.isdigit() and len(count) <= 8
                  and int(count) <= COUNT_MAX):
            message = BAD_COUNT
        elif (districts[district.casefold()], band) in seen:
            message = TWICE
        if message is not None:
            problems.append(filled_in(LINE, line=number, message=lambda m=message: str(m)))
            continue
        seen.add((districts[district.casefold()], band))
        figures.append((districts[district.casefold()], band, int(count)))
    if problems:
        raise PopulationRefused(problems)
    return figures


def replace(actor, content):
    """The figures in the file replace all figures before them, in one unit of work."""
    require(actor, Permission.MANAGE_PROCESSES)
    figures = read(content)
    db.session.execute(delete(PopulationFigure))
    db.session.add_all(PopulationFigure(district_id=district_id, age_band=band, count=count)
                       for district_id, band, count in figures)
    db.session.commit()
    return len(figures)


def table():
    """{(district id, age band): count}."""
    return {(district_id, band): count for district_id, band, count in db.session.execute(
        select(PopulationFigure.district_id, PopulationFigure.age_band, PopulationFigure.count))}


def total():
    return db.session.scalar(select(func.coalesce(func.sum(PopulationFigure.count), 0)))
