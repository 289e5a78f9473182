"""Importing paper proposals from a CSV or XLSX file: documented columns, a dry run that
reports row by row, and an import that is all or nothing and never adds a row twice.

Files saved by Swedish Excel work as they are: semicolon-separated CSV in UTF-8 (with or
without a byte order mark), Windows-1252 or UTF-16 ("Unicode text"), or XLSX. A cell is
only ever text: one starting with =, +, - or @ is stored as written, never evaluated.
"""
import csv
import datetime as dt
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass, field

from flask_babel import format_date
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.i18n import GIVE_THE_DATE, filled_in, number_between, to_local, today
from app.i18n import lazy_gettext as _l
from app.models import (Channel, District, ImportBatch, OpenSpaceEvent,
                        OpenSpaceSession, PaperSupport, PhaseKind, Place, Proposal)
from app.models.base import utcnow
from app.permissions import Permission, require
from app.sanitize import html_as_text, looks_like_html, one_line, text_html
from app.services import audit, locking
from app.services.participation import paper, search
from app.services.errors import DomainError
from app.services.participation.proposals import TEXT_LENGTH, TITLE_LENGTH
from app.services.reach import profiles

MAX_BYTES = 8 * 1024 * 1024
MAX_ROWS = 10_000


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    help: str


def _short_today():
    """Today as Swedish Excel may write it: 14/3/2019."""
    day = dt.date.fromisoformat(today())
    return f"{day.day}/{day.month}/{day.year}"


# The file's columns, by the names in its first row (case, accents, hyphens and spaces
# do not matter: "Fokusomrade" and "fokusområde" are one column).
COLUMNS = (
    Column("titel", True, filled_in(_l("The proposal's title, %(low)s–%(high)s characters."),
                                    low=TITLE_LENGTH[0], high=TITLE_LENGTH[1])),
    Column("text", True, filled_in(_l("The proposal, %(low)s–%(high)s characters. Blank lines "
                                      "separate paragraphs."),
                                   low=TEXT_LENGTH[0], high=TEXT_LENGTH[1])),
    Column("fokusområde", True, _l("One of the process's focus areas, written as on the "
                                   "website.")),
    Column("kanal", True, _l("How it came in: plats, open space, e-post or brev.")),
    Column("plats", False, _l("One of the places, by name. Required when the channel is "
                              "plats.")),
    Column("session", False, _l("The topic of one of the process's Open Space sessions. "
                                "Required when the channel is open space.")),
    Column("inkommet", True, filled_in(_l("The date it came in, like %(example)s (or "
                                          "%(short)s)."), example=today, short=_short_today)),
    Column("område", False, _l("One of the districts, by name, or empty.")),
    Column("stöd på papper", False, _l("Supports given on paper for it at the place or "
                                       "session, a whole number; empty for none.")),
    Column("ålder", False, _l("The writer's age band if they gave it on the form (13-17, "
                              "18-24, 25-34, 35-44, 45-64, 65-79, 80+), or \"vill inte "
                              "svara\"; empty if not asked. Counted only together.")),
    Column("bor i område", False, _l("The district the writer lives in, if they gave it, "
                                     "or \"vill inte svara\". Counted only together.")),
)
CHANNEL_WORDS = {"plats": Channel.PLACE, "fysisk plats": Channel.PLACE,
                 "open space": Channel.OPEN_SPACE, "openspace": Channel.OPEN_SPACE,
                 "e post": Channel.EMAIL, "epost": Channel.EMAIL, "email": Channel.EMAIL,
                 "mejl": Channel.EMAIL, "brev": Channel.LETTER, "letter": Channel.LETTER}


def _key(text):
    """A name as compared: lower-case, without accents, hyphens or doubled spaces."""
    text = unicodedata.normalize("NFKD", str(text or "")).casefold()
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.replace("-", " ").replace("_", " ").split())


COLUMN_KEYS = {_key(column.name): column for column in COLUMNS}


def columns_for(process):
    """The columns a file for `process` may have: the fixed ones, then a column for each of
    the process's own questions about the writer, named by the question."""
    return COLUMNS + tuple(
        Column(question.text, False, filled_in(
            _l("The process's own question about the writer: one of %(choices)s, or "
               "\"vill inte svara\"; empty if not asked. Counted only together."),
            choices=lambda choices=", ".join(question.choices): choices))
        for question in profiles.questions_of(process))


@dataclass
class Row:
    line: int
    values: dict
    errors: list = field(default_factory=list)  # (column, message)
    notes: list = field(default_factory=list)
    status: str = "new"  # new, exists, duplicate, error
    had_html: bool = False
    outside_dialogue: bool = False
    fields: dict = field(default_factory=dict)
    supports: int = 0
    key: str = ""
    existing: str = ""


@dataclass
class Report:
    rows: list
    problems: list  # about the whole file

    @property
    def ok(self):
        return not self.problems and not any(r.status == "error" for r in self.rows)

    def count(self, status):
        return sum(1 for r in self.rows if r.status == status)

    @property
    def with_html(self):
        return sum(1 for r in self.rows if r.had_html)

    @property
    def outside_dialogue(self):
        return sum(1 for r in self.rows if r.outside_dialogue)


class ImportRefused(DomainError):
    pass


def upload(actor, process, *, filename, content):
    """Keep an uploaded file for its dry run and import."""
    require(actor, Permission.MODERATE)
    if not content:
        raise DomainError(_l("The file is empty."), "file")
    if len(content) > MAX_BYTES:
        raise DomainError(_l("The file is larger than %(mb)d MB. Split it into smaller files.",
                             mb=MAX_BYTES // (1024 * 1024)), "file")
    if not filename.lower().endswith((".csv", ".txt", ".xlsx")):
        raise DomainError(_l("Choose a CSV or XLSX file."), "file")
    try:
        read_table(filename, content)  # a file that cannot be read is never kept
    except ImportRefused as error:
        raise DomainError(error.message, "file")
    batch = ImportBatch(process_id=process.id, filename=filename[:200], content=content,
                        sha256=hashlib.sha256(content).hexdigest(), uploaded_by_id=actor.id)
    db.session.add(batch)
    db.session.commit()
    return batch


def read_table(filename, content):
    """The file's rows that hold anything, the header first, each as (its row number as
    Excel shows it, its cells as text): a message about a row names the row the person
    sees, however many empty rows come before it."""
    if filename.lower().endswith(".xlsx"):
        return _read_xlsx(content)
    return _read_csv(content)


def _filled(rows):
    """The numbered rows with anything in them, up to one more than an import takes."""
    found = []
    for number, cells in enumerate(rows, start=1):
        if any(cell.strip() for cell in cells):  # formatted but empty rows are skipped
            found.append((number, cells))
            if len(found) > MAX_ROWS + 1:
                break
    return found


def _read_xlsx(content):
    from openpyxl import load_workbook
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise ImportRefused(_l("The file is not an XLSX workbook Excel can open."))
    try:
        # From the sheet's first row, which holds nothing if its data start lower down.
        return _filled([_cell_text(value) for value in values] for values in
                       book.worksheets[0].iter_rows(min_row=1, values_only=True))
    except Exception:  # a damaged workbook fails in many ways
        raise ImportRefused(_l("The file is not an XLSX workbook Excel can open."))
    finally:
        book.close()


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)  # a formula is kept as its text, e.g. "=SUM(A1:A3)"


def _read_csv(content):
    text = _decode(content)
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    try:
        # A line break typed in a cell can come as a vertical tab (Shift+Enter in Word).
        return _filled([cell.replace("\x0b", "\n") for cell in row] for row in
                       csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        raise ImportRefused(_l("The file cannot be read as CSV: a quotation mark (\") may be "
                               "missing its pair. Save it again from Excel."))


CONTROL = re.compile(r"[\x00-\x08\x0c\x0e-\x1f\x7f]")
CONTROL_BYTES = re.compile(CONTROL.pattern.encode())
NOT_TEXT = _l("The file cannot be read as text. Save it from Excel as \"CSV UTF-8\" or as an "
              "Excel workbook (XLSX).")


def _decode(content):
    """The file's text. A byte order mark says the encoding, and a file that breaks the
    encoding it announces is refused, never guessed at."""
    try:
        if content.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = content.decode("utf-16")
        elif content.startswith(b"\xef\xbb\xbf"):
            text = content[3:].decode("utf-8")
        elif CONTROL_BYTES.search(content):  # NUL and the like: a program's file, not text
            raise ImportRefused(NOT_TEXT)
        else:
            try:
                text = content.decode("utf-8")
            except UnicodeDecodeError:
                try:
                    text = content.decode("cp1252")  # Swedish Excel's own
                except UnicodeDecodeError:  # a byte Windows-1252 has no letter for: a Mac's
                    raise ImportRefused(SCRAMBLED_TEXT) from None
                _refuse_scrambled(text)
    except UnicodeDecodeError:
        raise ImportRefused(NOT_TEXT)
    if CONTROL.search(text):
        raise ImportRefused(NOT_TEXT)
    return text.replace("\r\n", "\n").replace("\r", "\n")


# Read as Windows-1252, a file saved in another encoding shows its å, ä and ö as these:
# a Mac's (Mac Roman) as Š, š, Œ; UTF-8 mixed with Windows-1252 rows as "Ã¥", "Ã¤". Š and
# š are letters of names too ("Dušan"): they count only in a file with no å, ä or ö.
SCRAMBLED = re.compile(r"[Œœ]|Ã[^\sA-Za-z0-9]")
MAC_LETTERS = re.compile(r"[ŠšŽž]")
SWEDISH_LETTERS = re.compile(r"[åäöÅÄÖ]")
SCRAMBLED_TEXT = _l("The file's letters come out scrambled (å, ä and ö read as something "
                    "else): it is saved in an encoding we cannot be sure of, or in two at "
                    "once. Save it from Excel as \"CSV UTF-8\" or as an Excel workbook (XLSX).")


def _refuse_scrambled(text):
    """A file that is not UTF-8 is read as Windows-1252; refused, rather than imported with
    scrambled letters that would be published, when it reads as another encoding."""
    if SCRAMBLED.search(text) or (MAC_LETTERS.search(text)
                                  and not SWEDISH_LETTERS.search(text)):
        raise ImportRefused(SCRAMBLED_TEXT)


def dry_run(process, batch):
    """Read and check every row, as the import would, without saving anything."""
    try:
        table = read_table(batch.filename, batch.content)
    except ImportRefused as error:
        return Report(rows=[], problems=[error.message])
    if not table:
        return Report(rows=[], problems=[_l("The file has no rows.")])
    (_first, header), *lines = table
    columns, problems = _columns(header)
    lookups = _Lookups(process)
    for index, name in enumerate(header):  # the process's own questions, by their text
        question = lookups.questions.get(_key(name))
        if question is not None and question.text in columns:
            problems.append(_l("The first row names the column %(name)s twice: keep one, "
                               "or no one can tell which is read.", name=question.text))
        elif question is not None:
            columns[question.text] = index
    if len(lines) > MAX_ROWS:
        problems.append(filled_in(_l("The file has more than %(max)s rows. Split it into "
                                     "smaller files."), max=MAX_ROWS))
    if not lines:
        problems.append(_l("The file has a header but no proposals."))
    if problems:
        return Report(rows=[], problems=problems)
    rows, seen = [], {}
    for line, cells in lines:
        values = {name: (cells[i].strip() if i < len(cells) else "")
                  for name, i in columns.items()}
        row = _check(Row(line=line, values=values), lookups)
        if any(cell.strip() for cell in cells[len(header):]):
            row.notes.append(_l("Cells to the right of the named columns are not read: give "
                                "them a name in the first row, or move them."))
        if row.status != "error":
            if row.key in seen and seen[row.key].supports != row.supports:
                row.status = "error"  # which count is right is the moderator's to say
                row.errors.append(("stöd på papper", _l(
                    "The same proposal as line %(line)d, with other supports on paper "
                    "(%(here)d here, %(there)d there): keep one line, with the right count.",
                    line=seen[row.key].line, here=row.supports,
                    there=seen[row.key].supports)))
            elif row.key in seen:
                row.status = "duplicate"
                row.notes.append(_l("The same as line %(line)d: imported once.",
                                    line=seen[row.key].line))
            else:
                seen[row.key] = row
        rows.append(row)
    _mark_existing(rows)
    return Report(rows=rows, problems=[])


def _columns(header):
    found, problems = {}, []
    for index, name in enumerate(header):
        column = COLUMN_KEYS.get(_key(name))
        if column is not None and column.name in found:
            problems.append(_l("The first row names the column %(name)s twice: keep one, "
                               "or no one can tell which is read.", name=column.name))
        elif column is not None:
            found[column.name] = index
    missing = [c.name for c in COLUMNS if c.required and c.name not in found]
    if missing:
        problems.append(_l("Columns missing from the first row: %(names)s. Start from the "
                           "template.", names=", ".join(missing)))
    return found, problems


class _Lookups:
    """The process's focus areas, places, sessions and districts, by compared name."""

    def __init__(self, process):
        self.process = process
        self.focus_areas = {_key(a.name): a for a in process.focus_areas}
        self.places = {_key(p.name): p for p in db.session.scalars(select(Place))}
        self.sessions = {_key(s.topic): s for s in db.session.scalars(
            select(OpenSpaceSession).join(OpenSpaceEvent)
            .where(OpenSpaceEvent.process_id == process.id))}
        self.districts = {_key(d.name): d for d in db.session.scalars(select(District))}
        self.questions = {_key(q.text): q for q in profiles.questions_of(process)}
        self.district_ids = {" ".join(d.name.replace("å", "a").casefold().split()): d.id
                             for d in self.districts.values()}
        self.today = to_local(utcnow()).date()  # as services.paper checks it
        # The dialogue phases' first and last days, in Swedish time.
        self.dialogue = [(to_local(p.starts_at).date(), to_local(p.ends_at).date())
                         for p in process.phases if p.kind == PhaseKind.DIALOGUE]


def _check(row, lookups):
    """Each cell of `row` checked on its own, so every problem of a line is reported."""
    v = row.values

    def error(column, message):
        row.errors.append((column, message))

    title_cell, text_cell = v.get("titel", ""), v.get("text", "")
    if looks_like_html(title_cell) or looks_like_html(text_cell):
        row.had_html = True
        title_cell, text_cell = html_as_text(title_cell), html_as_text(text_cell)
        row.notes.append(_l("HTML in the cells: turned into text, its paragraphs kept."))
    title = one_line(title_cell)
    if not TITLE_LENGTH[0] <= len(title) <= TITLE_LENGTH[1]:
        error("titel", _l("Write a title of %(low)d–%(high)d characters.",
                          low=TITLE_LENGTH[0], high=TITLE_LENGTH[1]))
    body_html, words = text_html(text_cell)
    if not TEXT_LENGTH[0] <= len(words) <= TEXT_LENGTH[1]:
        error("text", filled_in(_l("Write a text of %(low)s–%(high)s characters."),
                                low=TEXT_LENGTH[0], high=TEXT_LENGTH[1]))
    area = lookups.focus_areas.get(_key(v.get("fokusområde")))
    if area is None:
        error("fokusområde", _l("\"%(value)s\" is not one of the focus areas.",
                                value=v.get("fokusområde", "")))
    channel = CHANNEL_WORDS.get(_key(v.get("kanal")))
    place = session = None
    if channel is None:
        error("kanal", _l("Write plats, open space, e-post or brev."))
    elif channel == Channel.PLACE:
        place = lookups.places.get(_key(v.get("plats")))
        if place is None:
            error("plats", _l("\"%(value)s\" is not one of the places.",
                              value=v.get("plats", "")))
    elif channel == Channel.OPEN_SPACE:
        session = lookups.sessions.get(_key(v.get("session")))
        if session is None:
            error("session", _l("\"%(value)s\" is not one of the process's Open Space "
                                "sessions.", value=v.get("session", "")))
    received = _date(v.get("inkommet", ""))
    if received is None:
        error("inkommet", GIVE_THE_DATE)
    elif problem := paper.date_problem(received, lookups.today):
        error("inkommet", problem)
    elif lookups.dialogue and not any(first <= received <= last
                                      for first, last in lookups.dialogue):
        row.outside_dialogue = True
        row.notes.append(_l("Came in on %(date)s, outside the dialogue phase "
                            "(%(first)s–%(last)s). Check the date; it is imported as written.",
                            date=format_date(received, "long"),
                            first=format_date(lookups.dialogue[0][0], "long"),
                            last=format_date(lookups.dialogue[-1][1], "long")))
    district = None
    if v.get("område"):
        district = lookups.districts.get(_key(v["område"]))
        if district is None:
            error("område", _l("\"%(value)s\" is not one of the districts.", value=v["område"]))
    supports = v.get("stöd på papper", "")
    if supports:
        if not (supports.isascii() and supports.isdigit()) or \
                int(supports) > paper.PAPER_SUPPORTS_MAX:
            error("stöd på papper", number_between(0, paper.PAPER_SUPPORTS_MAX))
        elif int(supports) and channel in (Channel.EMAIL, Channel.LETTER):
            error("stöd på papper", _l("Paper supports need a place or an Open Space "
                                       "session."))
        else:
            row.supports = int(supports)
    writer = {}
    try:
        writer["age_band"] = profiles.read_age(v.get("ålder", ""))
    except ValueError:
        error("ålder", _l("Write an age band like 18-24, or \"vill inte svara\"."))
    try:
        writer["district"] = profiles.read_district(v.get("bor i område", ""),
                                                    lookups.district_ids)
    except KeyError:
        error("bor i område", _l("\"%(value)s\" is not one of the districts.",
                                 value=v["bor i område"]))
    writer["answers"] = {}
    for question in lookups.questions.values():
        try:
            writer["answers"][question.id] = profiles.read_choice(v.get(question.text, ""),
                                                                  question)
        except ValueError:
            error(question.text, _l("Write one of %(choices)s, or \"vill inte svara\".",
                                    choices=", ".join(question.choices)))
    wrong = {column for column, _message in row.errors}
    for name, value in v.items():
        if value.startswith(("=", "+", "-", "@")) and name not in wrong:
            row.notes.append(_l("Column %(column)s starts with \"%(sign)s\": stored as text.",
                                column=name, sign=value[0]))
    if row.errors:
        row.status = "error"
        return row
    row.fields = {"title": title, "body": body_html, "cleaned": (body_html, words),
                  "focus_area_id": area.id,
                  "district_id": district.id if district else None, "channel": channel,
                  "place_id": place.id if place else None,
                  "session_id": session.id if session else None, "received_on": received,
                  "writer": writer}
    row.key = hashlib.sha256("\x1f".join(str(x) for x in (
        lookups.process.id, title, words, area.id, channel, row.fields["place_id"],
        row.fields["session_id"], received)).encode()).hexdigest()
    return row


def _date(text):
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _mark_existing(rows):
    """Rows already imported (from this file or another) are found by their fingerprint."""
    keys = [r.key for r in rows if r.status == "new"]
    existing = {}
    for start in range(0, len(keys), 500):
        existing.update({key: f"{year}-{number:04d}" for key, year, number in db.session.execute(
            select(Proposal.import_key, Proposal.year, Proposal.number)
            .where(Proposal.import_key.in_(keys[start:start + 500])))})
    for row in rows:
        if row.status == "new" and row.key in existing:
            row.status, row.existing = "exists", existing[row.key]
            row.notes.append(_l("Already imported, as %(reference)s.",
                                reference=existing[row.key]))


def commit(actor, process, batch, now):
    """Import every new row of `batch`, all or nothing. Returns the report. The batch is
    held first, so a second click or another tab sending it at the same moment waits and
    is told that it is imported."""
    require(actor, Permission.MODERATE)
    locking.hold(batch)
    if batch.imported_at is not None:
        raise DomainError(_l("This file has already been imported."))
    report = dry_run(process, batch)
    if not report.ok:
        raise DomainError(_l("Correct the errors in the file and upload it again: nothing "
                             "has been imported."))
    try:
        _create(actor, process, batch, report, now)
        db.session.commit()
    except IntegrityError:  # the same rows imported from another file at the same moment
        db.session.rollback()
        raise DomainError(_l("The file could not be imported just now, nothing has been "
                             "imported. Please try again."))
    return report


def _create(actor, process, batch, report, now):
    """Make the proposals of the report's new rows, numbered and indexed, and mark the batch
    imported."""
    created = []
    for row in (r for r in report.rows if r.status == "new"):
        proposal = paper.build(actor, process, now=now, import_key=row.key, import_batch=batch,
                               **row.fields)
        if row.supports:
            proposal.paper_supports_count = row.supports
            proposal.paper_supports.append(PaperSupport(
                count=row.supports, place=proposal.place, session=proposal.session,
                given_on=proposal.received_on, recorded_by_id=actor.id, created_at=now))
        created.append(proposal)
    paper.number(created, now)
    db.session.flush()
    search.index_many(created)
    batch.imported_at, batch.created_count = now, len(created)
    batch.content = b""  # the rows are proposals now; other columns the file had go
    batch.existing_count = report.count("exists")
    batch.repeated_count = report.count("duplicate")
    audit.record(actor, "import.commit", batch, label=batch.filename, after={
        "created": len(created), "existing": batch.existing_count,
        "repeated": batch.repeated_count, "file": batch.filename})


def template_csv():
    """A template Swedish Excel opens as it is: semicolons, UTF-8 with a byte order mark."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";")
    writer.writerow([c.name for c in COLUMNS])
    writer.writerow(_example())
    return out.getvalue().encode("utf-8")


def template_xlsx():
    from openpyxl import Workbook
    book = Workbook()
    sheet = book.active
    sheet.title = "Förslag"
    sheet.append([c.name for c in COLUMNS])
    sheet.append(_example())
    for cell in sheet[2]:
        cell.data_type = "s"  # text, never a formula
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _example():
    """The templates' example row, dated today."""
    return ["Fler bänkar längs ån", "Det behövs fler bänkar längs promenadvägen vid ån, så "
            "att äldre orkar gå hela vägen.", "Trygghet och gemenskap", "plats",
            "Stadsbiblioteket", "", today(), "", "3"]
