"""The public list of proposals: search, filters, sorting and pages, in a fixed number
of queries however many proposals there are."""
import datetime as dt
import math
import re
from collections import OrderedDict
from dataclasses import dataclass

from sqlalchemy import exists, func, or_, select

from app.extensions import db
from app.i18n import from_local
from app.models import (PUBLIC_STATUSES, Channel, Proposal, ProposalStatus, proposal_keywords,
                        proposal_sdg_goals, proposal_themes)
from app.services import content_version
from app.services.insight.text import STOP_WORDS
from app.services.participation import cards, search

PER_PAGE = 20
# A search reads at most this many matches, the newest: enough to rank and page through,
# and its cost does not grow with the input however common the word.
SEARCH_CAP = 1000


@dataclass
class Filters:
    q: str = ""
    focus_area: int | None = None
    district: int | None = None
    status: ProposalStatus | None = None
    keyword: int | None = None
    theme: int | None = None
    goal: int | None = None
    channel: Channel | None = None
    day: dt.date | None = None        # sent that day (Swedish time)
    untagged: bool = False            # without keywords yet
    sort: str = "random"              # random, newest or supports
    page: int = 1


@dataclass
class Page:
    items: list
    total: int
    page: int
    per_page: int
    more_than: bool = False   # more match than `total`, which is then SEARCH_CAP

    @property
    def pages(self):
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self):
        return self.page > 1

    @property
    def has_next(self):
        return self.page < self.pages

    @property
    def prev_num(self):
        return self.page - 1

    @property
    def next_num(self):
        return self.page + 1


def browse(process, filters, seed):
    """One page of proposals. `seed` says where the random order starts (see the view):
    no proposal is always first, and the order stays put while the pages are turned."""
    query = _filtered(process, filters)
    page = max(1, filters.page)
    offset = (page - 1) * PER_PAGE
    if filters.q.strip():
        return _search(query, filters, page, offset)
    total = _count(process, filters, query)
    if filters.sort not in ("newest", "supports"):
        items = _shuffled(query, seed, offset)
    else:
        items = cards.with_tags(cards.page_of(query.whereclause, _order(filters), offset,
                                              PER_PAGE))
    return Page(items=items, total=total, page=page, per_page=PER_PAGE)


# Counts already made, per content version: exact (the version is the current one), and
# each worker counts a list once per change of the content, not once per view.
_counted = OrderedDict()
COUNTS_KEPT = 256


def _count(process, filters, query):
    key = (content_version.seen(), process.id, filters.focus_area, filters.district,
           filters.status, filters.keyword, filters.theme, filters.goal, filters.channel,
           filters.day, filters.untagged)
    if key not in _counted:
        # count(*), not count(id): PostgreSQL answers it from the (process, status) index.
        _counted[key] = db.session.scalar(
            query.with_only_columns(func.count(), maintain_column_froms=True).order_by(None))
        while len(_counted) > COUNTS_KEPT:
            _counted.popitem(last=False)
    return _counted[key]


def _search(query, filters, page, offset):
    """A search: the matches read in one pass (at most SEARCH_CAP, the newest), ordered
    best first, newest first or most supported first, and one page of them loaded."""
    hits = search.best_matches(query, filters.q, SEARCH_CAP + 1)
    more_than, hits = len(hits) > SEARCH_CAP, hits[:SEARCH_CAP]
    if filters.sort == "newest":
        hits.sort(key=lambda hit: (hit.published_at is not None, hit.published_at, hit.id),
                  reverse=True)
    elif filters.sort == "supports":
        hits.sort(key=lambda hit: (hit.supports_count, hit.id), reverse=True)
    else:
        hits.sort(key=lambda hit: (-hit[1], -hit.id))
    return Page(items=cards.cards([hit.id for hit in hits[offset:offset + PER_PAGE]]),
                total=len(hits), page=page, per_page=PER_PAGE, more_than=more_than)


def _filtered(process, filters):
    query = select(Proposal).where(Proposal.process_id == process.id)
    if filters.status in PUBLIC_STATUSES:
        query = query.where(Proposal.status == filters.status)
    else:
        query = query.where(Proposal.status.in_(PUBLIC_STATUSES))
    if filters.focus_area:
        query = query.where(Proposal.focus_area_id == filters.focus_area)
    if filters.district:
        query = query.where(Proposal.district_id == filters.district)
    if filters.channel is not None:
        query = query.where(Proposal.channel == filters.channel)
    if filters.day:  # the day it came in: received (paper), else sent
        start = from_local(dt.datetime.combine(filters.day, dt.time()))
        end = from_local(dt.datetime.combine(filters.day + dt.timedelta(days=1), dt.time()))
        query = query.where(or_(
            Proposal.received_on == filters.day,
            Proposal.received_on.is_(None) & (Proposal.published_at >= start)
            & (Proposal.published_at < end)))
    if filters.untagged:
        query = query.where(Proposal.keyword_count == 0)
    for table, column, value in ((proposal_keywords, "keyword_id", filters.keyword),
                                 (proposal_themes, "theme_id", filters.theme),
                                 (proposal_sdg_goals, "sdg_goal_number", filters.goal)):
        if value:
            query = query.where(exists().where(table.c.proposal_id == Proposal.id,
                                               table.c[column] == value))
    return query


def _shuffled(query, seed, offset):
    """Read the shuffle from the visitor's point to the end, then from the start: ordered
    index scans, never a sort of every proposal, each reading its cards in the same query.
    Where the first part ends is counted only when a page reaches past it."""
    order = (Proposal.shuffle_key, Proposal.id)
    after = query.whereclause & (Proposal.shuffle_key >= seed)
    page = cards.page_of(after, order, offset, PER_PAGE)
    if len(page) < PER_PAGE:
        count_after = offset + len(page) if page else db.session.scalar(
            select(func.count()).select_from(Proposal).where(after))
        page += cards.page_of(query.whereclause & (Proposal.shuffle_key < seed), order,
                              max(0, offset - count_after), PER_PAGE - len(page))
    return cards.with_tags(page)


def _order(filters):
    if filters.sort == "newest":
        return Proposal.published_at.desc(), Proposal.id.desc()
    return Proposal.supports_count.desc(), Proposal.id.desc()


def district_named(text_, districts):
    """The district whose name a search names, and the search without it: ("Söderby",
    "cykelbana") for "cykelbana Söderby". The search finds the proposals that write the
    name; the district filter finds every proposal about it. None if it names none."""
    for district in districts:
        # The name, or its genitive ("Söderbys skola").
        name = re.compile(rf"(?<!\w){re.escape(district.name)}s?(?!\w)", re.IGNORECASE)
        if name.search(text_):
            # What is left, as the words a search reads ("i" and stray marks dropped).
            rest = [word for word in re.findall(r"\w+", name.sub(" ", text_))
                    if word.lower() not in STOP_WORDS and len(word) > 1]
            return district, " ".join(rest)
    return None
