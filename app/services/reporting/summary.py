"""The summary KSAU reads: what came in, by channel, focus area, district and over time;
by strategy theme and keyword, with the most supported proposals; Agenda 2030 coverage;
and what is not yet tagged. Every number is counted over the same set of proposals, the
input (published or withdrawn: not drafts, pending, hidden or merged ones, whose
supports moved), so each can be traced to the public list of proposals behind it.

A fixed number of grouped queries, whatever the size of the process; support counts
come from the proposals' kept counts, not from a million supports.
"""
import datetime as dt
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import and_, exists, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app import jobs
from app.extensions import db
from app.i18n import to_local
from app.models import (PUBLIC_STATUSES, SENT_STATUSES, Channel, District, Keyword,
                        OpenSpaceEvent, Process, Proposal, Quote, SdgGoal, Support,
                        SummarySnapshot, Theme, proposal_keywords, proposal_sdg_goals,
                        proposal_themes, theme_sdg_goals)
from app.models.base import utcnow
from app.services import content_version
from app.services.discussion import comments
from app.services.reach.suppression import shown_count

TOP = 5


@dataclass
class Group:
    """A slice of the input: how many proposals, their supports online and on paper."""
    proposals: int = 0
    supports: int = 0
    paper_supports: int = 0

    @property
    def all_supports(self):
        return self.supports + self.paper_supports

    def share(self, total):
        return self.proposals / total.proposals if total.proposals else 0.0


@dataclass
class TagSummary:
    tag: object
    counts: Group
    top: list = field(default_factory=list)


@dataclass
class Summary:
    process: object
    total: Group
    by_channel: dict
    by_focus_area: list          # (focus area, Group)
    by_district: list            # (district or None, Group)
    by_day: list                 # (date, proposals)
    themes: list                 # TagSummary
    keywords: list               # TagSummary
    goals: list                  # SdgGoal
    coverage: dict               # (theme id, goal number) -> proposals tagged with both
    linked: set                  # (theme id, goal number) the theme is linked to
    quotes: dict                 # theme id -> [Quote]
    untagged: int
    participants: int            # distinct people who wrote or supported online
    open_space_participants: int
    computed_at: dt.datetime = None  # when the kept figures were counted
    # The residents' comments for and against (services.comments.Arguments): per theme id,
    # and per proposal id for the proposals shown.
    arguments: dict = field(default_factory=dict)
    proposal_arguments: dict = field(default_factory=dict)

    @property
    def participants_shown(self):
        """The people who took part online as shown: under 5 withheld ("fewer than 5"), as
        every count of people is (`reach.suppression`)."""
        return shown_count(self.participants)

    @property
    def open_space_participants_shown(self):
        return shown_count(self.open_space_participants)

    @property
    def is_empty(self):
        return self.total.proposals == 0


def _input(process):
    return and_(Proposal.process_id == process.id, Proposal.status.in_(PUBLIC_STATUSES))


def _counts():
    return (func.count(Proposal.id), func.coalesce(func.sum(Proposal.supports_count), 0),
            func.coalesce(func.sum(Proposal.paper_supports_count), 0))


def _grouped(process, key, *joins):
    query = select(key, *_counts()).select_from(Proposal)
    for target, on in joins:
        query = query.join(target, on)
    rows = db.session.execute(query.where(_input(process)).group_by(key)).all()
    return {row[0]: Group(*map(int, row[1:])) for row in rows}


def summarise(process, now=None):
    """The summary, from the figures kept for the process (see `kept_figures`)."""
    figures, computed_at = kept_figures(process, now or utcnow())
    return _hydrate(process, figures, computed_at)


def kept_figures(process, now):
    """The process's figures and when they were counted. Counting all the input takes
    seconds at real size, so it is done once per change of the content, not per view: a
    view finds the figures current, or counted a short while ago, or it is the one
    request that claims the recount (the others meanwhile read the previous figures);
    with a job queue, that request leaves the recount to a job.
    How old figures may be is the setting SUMMARY_MAX_AGE.
    `flask summary refresh` recounts from a schedule, outside any request."""
    version = content_version.current()
    snapshot = db.session.get(SummarySnapshot, process.id)
    if snapshot is None:
        return refresh(process, version, now), now
    figures, counted_at = json.loads(snapshot.figures), snapshot.computed_at
    current = snapshot.version == version or counted_at > now - _max_age()
    if not current and _claim(snapshot, now):
        if not jobs.in_background():
            return refresh(process, version, now), now
        jobs.enqueue("summary_refresh", process_id=process.id)
    return figures, counted_at


@jobs.task("summary_refresh")
def refresh_in_background(process_id):
    refresh(db.session.get(Process, process_id), content_version.current(), utcnow())


def _max_age():
    return dt.timedelta(seconds=current_app.config["SUMMARY_MAX_AGE"])


def _claim(snapshot, now):
    """Whether this request may recount: true for exactly one of those arriving at once."""
    claimed = db.session.execute(
        update(SummarySnapshot).where(SummarySnapshot.process_id == snapshot.process_id,
                                      SummarySnapshot.computed_at == snapshot.computed_at)
        .values(computed_at=now).execution_options(synchronize_session=False)).rowcount
    db.session.commit()
    return claimed == 1


def refresh(process, version, now):
    """Count everything and keep it; returns the figures."""
    figures = count(process)
    values = {"version": version, "computed_at": now, "figures": json.dumps(figures)}
    snapshot = db.session.get(SummarySnapshot, process.id)
    if snapshot is None:
        db.session.add(SummarySnapshot(process_id=process.id, **values))
    else:
        for key, value in values.items():
            setattr(snapshot, key, value)
    try:
        db.session.commit()
    except IntegrityError:  # another request kept the same figures first
        db.session.rollback()
    return figures


def count(process):
    """Every figure of the summary, counted from the input now, as plain data."""
    by_channel, areas, districts = _by_channel_area_district(process)
    return {
        "by_channel": {channel.value: _numbers(g) for channel, g in by_channel.items()},
        "by_focus_area": {str(k): _numbers(g) for k, g in areas.items()},
        "by_district": {str(k or ""): _numbers(g) for k, g in districts.items()},
        "by_day": [[day.isoformat(), n] for day, n in _by_day(process)],
        "themes": _tag_figures(process, proposal_themes, proposal_themes.c.theme_id),
        "keywords": _tag_figures(process, proposal_keywords, proposal_keywords.c.keyword_id),
        "coverage": [list(row) for row in db.session.execute(
            select(proposal_themes.c.theme_id, proposal_sdg_goals.c.sdg_goal_number,
                   func.count())
            .select_from(proposal_themes)
            .join(proposal_sdg_goals,
                  proposal_sdg_goals.c.proposal_id == proposal_themes.c.proposal_id)
            .join(Proposal, Proposal.id == proposal_themes.c.proposal_id)
            .where(_input(process)).group_by(proposal_themes.c.theme_id,
                                             proposal_sdg_goals.c.sdg_goal_number))],
        "untagged": db.session.scalar(select(func.count()).select_from(Proposal).where(
            _input(process), Proposal.keyword_count == 0)),
        "participants": _participants(process),
        "arguments": {str(theme): figure for theme, figure in
                      comments.theme_argument_figures(process).items()},
    }


def _numbers(group):
    return [group.proposals, group.supports, group.paper_supports]


def _tag_figures(process, table, column):
    counted = _grouped(process, column, (table, table.c.proposal_id == Proposal.id))
    top = _top(process, table, column, counted)
    return {str(tag): [_numbers(group), [p.id for p in top[tag]]]
            for tag, group in counted.items()}


def _hydrate(process, figures, computed_at):
    """The summary to show, from the kept figures and what is cheap to read now."""
    by_channel = {Channel(k): Group(*v) for k, v in figures["by_channel"].items()}
    areas = {int(k): Group(*v) for k, v in figures["by_focus_area"].items()}
    districts = {(int(k) if k else None): Group(*v) for k, v in figures["by_district"].items()}
    total = Group(*(sum(getattr(g, f) for g in by_channel.values())
                    for f in ("proposals", "supports", "paper_supports")))
    district_names = {d.id: d for d in db.session.scalars(
        select(District).where(District.id.in_([k for k in districts if k])))}
    top_ids = [i for kind in ("themes", "keywords") for _, ids in figures[kind].values()
               for i in ids]
    proposals = {p.id: p for p in db.session.scalars(
        select(Proposal).where(Proposal.id.in_(top_ids)))} if top_ids else {}
    linked = set(db.session.execute(
        select(theme_sdg_goals.c.theme_id, theme_sdg_goals.c.sdg_goal_number)
        .join(Theme, Theme.id == theme_sdg_goals.c.theme_id)
        .where(Theme.process_id == process.id)).all())
    themes = _tag_summaries(process, Theme, figures["themes"], proposals)
    return Summary(
        process=process, total=total, by_channel=by_channel,
        by_focus_area=[(area, areas.get(area.id, Group())) for area in process.focus_areas],
        by_district=sorted(((district_names.get(k), g) for k, g in districts.items()),
                           key=lambda item: (item[0] is None, item[0].name if item[0] else "")),
        by_day=[(dt.date.fromisoformat(day), n) for day, n in figures["by_day"]],
        themes=themes,
        keywords=_tag_summaries(process, Keyword, figures["keywords"], proposals),
        goals=db.session.scalars(select(SdgGoal).order_by(SdgGoal.number)).all(),
        coverage={(t, g): n for t, g, n in figures["coverage"]}, linked=linked,
        untagged=figures["untagged"], quotes=_quotes(process),
        participants=figures["participants"],
        open_space_participants=int(db.session.scalar(
            select(func.coalesce(func.sum(OpenSpaceEvent.participants), 0))
            .where(OpenSpaceEvent.process_id == process.id))),
        computed_at=computed_at,
        arguments=comments.arguments_from(
            {int(theme): figure for theme, figure in figures.get("arguments", {}).items()}),
        proposal_arguments=comments.arguments_by_proposal(
            {p.id for item in themes for p in item.top}))


def _by_channel_area_district(process):
    """Three breakdowns from one pass over the input."""
    breakdowns = (defaultdict(Group), defaultdict(Group), defaultdict(Group))
    for channel, area, district, *counts in db.session.execute(
            select(Proposal.channel, Proposal.focus_area_id, Proposal.district_id, *_counts())
            .where(_input(process))
            .group_by(Proposal.channel, Proposal.focus_area_id, Proposal.district_id)):
        for breakdown, key in zip(breakdowns, (channel, area, district)):
            group = breakdown[key]
            group.proposals += int(counts[0])
            group.supports += int(counts[1])
            group.paper_supports += int(counts[2])
    return tuple(dict(b) for b in breakdowns)


def _tag_summaries(process, model, figures, proposals):
    """Each tag in use with its counts and most supported proposals, largest first (with
    the unarchived tags not yet in use)."""
    counted = {int(k): (Group(*group), ids) for k, (group, ids) in figures.items()}
    query = select(model).where(model.process_id == process.id, model.merged_into_id.is_(None))
    if model is Theme:
        query = query.options(selectinload(Theme.sdg_goals))
    summaries = []
    for tag in db.session.scalars(query):
        if tag.id in counted or not tag.is_archived:
            group, ids = counted.get(tag.id, (Group(), []))
            summaries.append(TagSummary(tag=tag, counts=group,
                                        top=[proposals[i] for i in ids if i in proposals]))
    return sorted(summaries, key=lambda s: (-s.counts.proposals, s.tag.name))


def _top(process, table, column, counted):
    """The TOP most supported (online and on paper) proposals of each tag, without sorting
    every proposal: proposals are read in order of online supports, down the index, until
    each tag has its TOP (or all it has); proposals with paper supports, few, are read
    apart. Any proposal not read has no more supports than those already found."""
    wanted = {tag: min(TOP, group.proposals) for tag, group in counted.items()}
    counted = defaultdict(Group, counted)
    found = defaultdict(dict)
    with_paper = db.session.execute(
        select(column, Proposal).join(table, table.c.proposal_id == Proposal.id)
        .where(_input(process), Proposal.paper_supports_count > 0)).all()
    for tag, proposal in with_paper:
        found[tag][proposal.id] = proposal
    online = (select(column, Proposal.id).join(table, table.c.proposal_id == Proposal.id)
              .where(_input(process), Proposal.paper_supports_count == 0)
              .order_by(Proposal.supports_count.desc(), Proposal.id)
              .execution_options(yield_per=200))
    read = defaultdict(int)
    pending = {tag for tag, n in wanted.items() if n}
    pending = {tag for tag in pending if counted[tag].proposals > len(found[tag])}
    ids = defaultdict(list)
    for tag, proposal_id in db.session.execute(online):
        if read[tag] < TOP:
            ids[tag].append(proposal_id)
        read[tag] += 1
        # Done when its TOP online are read, or all it has online: a paper-supported
        # proposal may rank below online ones not read yet.
        if read[tag] >= min(TOP, counted[tag].proposals - len(found[tag])):
            pending.discard(tag)
        if not pending:
            break
    loaded = {p.id: p for p in db.session.scalars(select(Proposal).where(
        Proposal.id.in_([i for group in ids.values() for i in group])))}
    top = {}
    for tag in wanted:
        candidates = [*found[tag].values(), *(loaded[i] for i in ids[tag])]
        top[tag] = sorted(candidates, key=lambda p: (-(p.supports_count + p.paper_supports_count),
                                                     p.id))[:TOP]
    return defaultdict(list, top)


def _quotes(process):
    quotes = defaultdict(list)
    for quote in db.session.scalars(
            select(Quote).join(Theme).join(Proposal, Proposal.id == Quote.proposal_id)
            .where(Theme.process_id == process.id, Proposal.status.in_(PUBLIC_STATUSES))
            .options(selectinload(Quote.proposal)).order_by(Quote.id)):
        quotes[quote.theme_id].append(quote)
    return quotes


def _by_day(process):
    """Proposals per day they came in, in Swedish time: the day received for input from
    paper, otherwise the day sent (counted per hour in the database, Sweden's offset
    being whole hours, then each hour put on its local day)."""
    if db.session.get_bind().dialect.name == "postgresql":
        hour = func.date_trunc("hour", Proposal.published_at)
    else:  # stored as UTC text
        hour = func.strftime("%Y-%m-%d %H:00:00", Proposal.published_at)
    days = Counter()
    for bucket, count in db.session.execute(
            select(hour, func.count()).where(_input(process), Proposal.received_on.is_(None),
                                             Proposal.published_at.is_not(None))
            .group_by(hour)):
        if isinstance(bucket, str):
            bucket = dt.datetime.fromisoformat(bucket).replace(tzinfo=dt.timezone.utc)
        days[to_local(bucket).date()] += count
    for day, count in db.session.execute(
            select(Proposal.received_on, func.count()).where(
                _input(process), Proposal.received_on.is_not(None))
            .group_by(Proposal.received_on)):
        days[day if isinstance(day, dt.date) else dt.date.fromisoformat(day)] += count
    return sorted(days.items())


def _participants(process):
    """People who sent a proposal or supported one online (each once), whatever became of
    it. Input from paper and Open Space has no accounts, so it is counted apart.

    The supporters are read off the index on (process, person) in order, so counting
    them once needs no sorting; then the authors who supported nothing are added."""
    supporters = select(Support.user_id).where(
        Support.process_id == process.id, Support.user_id.is_not(None)).distinct()
    authors_only = select(Proposal.author_id).where(
        Proposal.process_id == process.id, Proposal.status.in_(SENT_STATUSES),
        Proposal.author_id.is_not(None),
        ~exists().where(Support.process_id == process.id,
                        Support.user_id == Proposal.author_id)).distinct()
    return sum(db.session.scalar(select(func.count()).select_from(query.subquery()))
               for query in (supporters, authors_only))
