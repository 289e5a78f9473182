"""The summary KSAU reads: what came in, by channel, focus area, district and over time;
by strategy theme and keyword, with the most supported proposals; Agenda 2030 coverage;
and what is not yet tagged. Every number is counted over the same set of proposals, the
input (published or withdrawn: not drafts, pending, hidden or merged ones, whose
supports moved), so each can be traced to the public list of proposals behind it.

A fixed number of grouped queries, whatever the size of the process; support counts
come from the proposals' kept counts, not from a million supports.
"""
import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.i18n import to_local
from app.services import comments
from app.models import (PUBLIC_STATUSES, SENT_STATUSES, District, Keyword, OpenSpaceEvent,
                        Proposal, Quote, SdgGoal, Support, Theme, proposal_keywords,
                        proposal_sdg_goals,
                        proposal_themes, theme_sdg_goals)

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
    # The residents' comments for and against (services.comments.Arguments): per theme id,
    # and per proposal id for the proposals shown.
    arguments: dict = field(default_factory=dict)
    proposal_arguments: dict = field(default_factory=dict)

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


def summarise(process):
    by_channel, areas, districts = _by_channel_area_district(process)
    total = Group(*(sum(getattr(g, f) for g in by_channel.values())
                    for f in ("proposals", "supports", "paper_supports")))
    district_names = {d.id: d for d in db.session.scalars(
        select(District).where(District.id.in_([k for k in districts if k])))}
    themes = _tag_summaries(process, Theme, proposal_themes, proposal_themes.c.theme_id)
    keywords = _tag_summaries(process, Keyword, proposal_keywords, proposal_keywords.c.keyword_id)
    coverage = dict(((t, g), n) for t, g, n in db.session.execute(
        select(proposal_themes.c.theme_id, proposal_sdg_goals.c.sdg_goal_number, func.count())
        .select_from(proposal_themes)
        .join(proposal_sdg_goals,
              proposal_sdg_goals.c.proposal_id == proposal_themes.c.proposal_id)
        .join(Proposal, Proposal.id == proposal_themes.c.proposal_id)
        .where(_input(process)).group_by(proposal_themes.c.theme_id,
                                         proposal_sdg_goals.c.sdg_goal_number)))
    linked = set(db.session.execute(
        select(theme_sdg_goals.c.theme_id, theme_sdg_goals.c.sdg_goal_number)
        .join(Theme, Theme.id == theme_sdg_goals.c.theme_id)
        .where(Theme.process_id == process.id)).all())
    untagged = db.session.scalar(select(func.count()).select_from(Proposal).where(
        _input(process), Proposal.keyword_count == 0))
    return Summary(
        process=process, total=total, by_channel=by_channel,
        by_focus_area=[(area, areas.get(area.id, Group())) for area in process.focus_areas],
        by_district=sorted(((district_names.get(k), g) for k, g in districts.items()),
                           key=lambda item: (item[0] is None, item[0].name if item[0] else "")),
        by_day=_by_day(process), themes=themes, keywords=keywords,
        goals=db.session.scalars(select(SdgGoal).order_by(SdgGoal.number)).all(),
        coverage=coverage, linked=linked, untagged=untagged, quotes=_quotes(process),
        participants=_participants(process),
        open_space_participants=int(db.session.scalar(
            select(func.coalesce(func.sum(OpenSpaceEvent.participants), 0))
            .where(OpenSpaceEvent.process_id == process.id))),
        arguments=comments.arguments_by_theme(process),
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


def _tag_summaries(process, model, table, column):
    """Each tag in use with its counts and most supported proposals, largest first."""
    counted = _grouped(process, column, (table, table.c.proposal_id == Proposal.id))
    query = select(model).where(model.process_id == process.id, model.merged_into_id.is_(None))
    if model is Theme:
        query = query.options(selectinload(Theme.sdg_goals))
    tags = db.session.scalars(query).all()
    top = _top(process, table, column, counted)
    summaries = [TagSummary(tag=tag, counts=counted.get(tag.id, Group()), top=top[tag.id])
                 for tag in tags if tag.id in counted or not tag.is_archived]
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
