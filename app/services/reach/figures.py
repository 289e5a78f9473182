"""The reach figures: participants per age band and per district against the population,
per week, and the answers to the administrator's own questions.

Every count of people here has passed through `suppression.protect`, all of them in one
call, since the tables share their totals (the participants per week, all participants):
a count that is withheld is None, and no withheld count follows from the shown ones. The
marks on the groups furthest below their share are worked out from the true counts; they
say "fewer than expected", never a number.
"""
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, select

from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.models import AGE_BANDS, DECLINED, ParticipantProfile, ProfileAnswer
from app.permissions import Permission, require
from app.services import processes
from app.services.reach import population, profiles
from app.services.reach.suppression import protect

UNANSWERED = "unanswered"
# A group is marked when it has less than this part of what its population share would
# give: heard from less than half as much as it would be if everyone were heard alike.
MARK_BELOW = 0.5
LABELS = {DECLINED: _l("Prefer not to say"), UNANSWERED: _l("Not answered")}


def band_label(band):
    if band in LABELS:
        return LABELS[band]
    low, high = band.split("-")
    return f"{low}–{high}" if high else _l("%(age)s and over", age=low)


@dataclass
class Group:
    key: object
    label: str
    count: int | None            # None: fewer than 5, or withheld to protect one
    share: float | None = None   # of those who answered, when both are shown
    population_share: float | None = None
    marked: bool = False         # among the groups furthest below their share
    entered: bool = False        # the label is a name the municipality entered (Swedish)


@dataclass
class Dimension:
    groups: list
    answered: int | None
    by_week: list = field(default_factory=list)  # [(week, [count per group], total)]


@dataclass
class Reach:
    total: int | None
    weeks: list            # [(week, count)]
    ages: Dimension
    districts: Dimension
    questions: list        # [(question, [Group])]
    has_population: bool

    @property
    def marked(self):
        return [g for g in (*self.ages.groups, *self.districts.groups) if g.marked]


def reach(actor, process):
    require(actor, Permission.VIEW_SUMMARY)
    return compute(process)


def compute(process):
    """The reach of `process`, protected; None while fewer than RELEASED_BY have answered.
    Profiles and their answers are read by two statements: both count only the profiles up
    to the last one released (a profile and its answers are saved together), so a resident
    answering in between cannot make more answers than profiles."""
    last = _released_up_to(process)
    if last is None:
        return None
    rows = db.session.execute(
        select(ParticipantProfile.week, ParticipantProfile.age_band,
               ParticipantProfile.district_id, ParticipantProfile.district_declined,
               func.count()).where(ParticipantProfile.process_id == process.id,
                                   ParticipantProfile.id <= last)
        .group_by(ParticipantProfile.week, ParticipantProfile.age_band,
                  ParticipantProfile.district_id, ParticipantProfile.district_declined)).all()
    if not rows:
        return None
    weeks = sorted({week for week, *_ in rows})
    districts = processes.districts()
    age_keys = [*AGE_BANDS, DECLINED, UNANSWERED]
    district_keys = [d.id for d in districts] + [DECLINED, UNANSWERED]
    ages, places = Counter(), Counter()
    for week, band, district_id, declined, count in rows:
        ages[week, band or UNANSWERED] += count
        places[week, district_id or (DECLINED if declined else UNANSWERED)] += count
    questions = profiles.questions_of(process)
    answers = _answers(questions, process, last)

    values, relations = {}, []
    for name, counts, keys in (("age", ages, age_keys), ("district", places, district_keys)):
        _table(values, relations, name, counts, keys, weeks)
    for question in questions:
        choices = [*question.choices, DECLINED]
        counted = {c: answers[question.id, c] for c in choices}
        counted[UNANSWERED] = values["all"] - sum(counted.values())
        for choice, count in counted.items():
            values["question", question.id, choice] = count
        relations.append(("all", [("question", question.id, c) for c in counted]))
    shown = protect(values, relations)

    figures = population.table()
    names = {d.id: d.name for d in districts}
    return Reach(
        total=shown["all"], weeks=[(week, shown["week", week]) for week in weeks],
        ages=_dimension(shown, values, "age", age_keys, weeks, band_label, {
            band: sum(n for (_, b), n in figures.items() if b == band) for band in AGE_BANDS}),
        districts=_dimension(shown, values, "district", district_keys, weeks,
                             lambda key: names.get(key) or LABELS[key], {
                                 d.id: sum(n for (i, _), n in figures.items() if i == d.id)
                                 for d in districts}),
        questions=[(q, [Group(c, LABELS.get(c, c), shown["question", q.id, c],
                              entered=c not in LABELS)
                        for c in (*q.choices, DECLINED, UNANSWERED)]) for q in questions],
        has_population=bool(figures))


# The figures move RELEASED_BY answers at a time: a resident who answers changes nothing
# until others have answered too, so comparing the figures before and after (two views,
# two downloads) never shows one person's answers, only the sum of at least this many.
RELEASED_BY = 5


def _released_up_to(process):
    """The id of the last profile the figures count: the profiles in the order they came,
    as many as the largest multiple of RELEASED_BY; None while fewer have answered."""
    profiles_so_far = select(ParticipantProfile.id).where(
        ParticipantProfile.process_id == process.id)
    count = db.session.scalar(select(func.count()).select_from(profiles_so_far.subquery()))
    released = count - count % RELEASED_BY
    if not released:
        return None
    return db.session.scalar(profiles_so_far.order_by(ParticipantProfile.id)
                             .offset(released - 1).limit(1))


def _answers(questions, process, last=None):
    """The answers of the process's profiles, up to `last` when given (see `compute`)."""
    if not questions:
        return Counter()
    return Counter({(question_id, choice or DECLINED): count
                    for question_id, choice, count in db.session.execute(
                        select(ProfileAnswer.question_id, ProfileAnswer.choice, func.count())
                        .join(ParticipantProfile,
                              ParticipantProfile.id == ProfileAnswer.profile_id)
                        .where(ProfileAnswer.question_id.in_([q.id for q in questions]),
                               ParticipantProfile.process_id == process.id,
                               True if last is None else ParticipantProfile.id <= last)
                        .group_by(ProfileAnswer.question_id, ProfileAnswer.choice))})


def _table(values, relations, name, counts, keys, weeks):
    """Weeks by groups, with the weeks' totals (shared between tables), the groups'
    totals, those who answered (the groups other than the two kinds of no answer) and all."""
    for week in weeks:
        for key in keys:
            values[name, week, key] = counts[week, key]
        values["week", week] = sum(counts[week, key] for key in keys)
        relations.append((("week", week), [(name, week, key) for key in keys]))
    for key in keys:
        values[name, key] = sum(counts[week, key] for week in weeks)
        relations.append(((name, key), [(name, week, key) for week in weeks]))
    given = [key for key in keys if key not in (DECLINED, UNANSWERED)]
    values[name, "answered"] = sum(values[name, key] for key in given)
    values["all"] = sum(values["week", week] for week in weeks)
    relations.append(((name, "answered"), [(name, key) for key in given]))
    relations.append(("all", [(name, key) for key in keys]))
    relations.append(("all", [(name, "answered"), (name, DECLINED), (name, UNANSWERED)]))
    relations.append(("all", [("week", week) for week in weeks]))


def _dimension(shown, values, name, keys, weeks, label, population_counts):
    people = sum(population_counts.values())
    groups = []
    for key in keys:
        group = Group(key, label(key), shown[name, key],
                      entered=name == "district" and key not in LABELS)
        if key in population_counts and people:
            group.population_share = population_counts[key] / people
            if group.count is not None and shown[name, "answered"]:
                group.share = group.count / shown[name, "answered"]
        groups.append(group)
    _mark(groups, {key: values[name, key] for key in keys}, values[name, "answered"])
    return Dimension(groups=groups, answered=shown[name, "answered"],
                     by_week=[(week, [shown[name, week, key] for key in keys],
                               shown["week", week]) for week in weeks])


def _mark(groups, counts, answered):
    """Mark the groups furthest below their population share: fewer than half of it (by
    the true counts, `counts`). A withheld group is never marked where half its share is
    one person or less: the mark would say its count is 0, a figure the page withholds."""
    if not answered:
        return
    for group in groups:
        if not group.population_share:
            continue
        limit = MARK_BELOW * group.population_share * answered
        if group.count is None and limit <= 1:
            continue
        group.marked = counts[group.key] < limit
