"""The moderators' queues: new, reported, untagged, hidden, all; with filters, pages, and
the proposal before and after a given one, in a fixed number of queries."""
from dataclasses import dataclass

from sqlalchemy import exists, func, select
from sqlalchemy.orm import selectinload

from app import url_words
from app.extensions import db
from app.models import (SENT_STATUSES, Channel, Proposal, ProposalStatus, Report,
                        StoredSuggestion, proposal_keywords, proposal_themes)
from app.services.participation import search
from app.services.participation.listing import Page

QUEUES = ("new", "reported", "personal", "untagged", "hidden", "all")
PER_PAGE = 50
IN_PLAY = (ProposalStatus.PENDING, ProposalStatus.PUBLISHED, ProposalStatus.WITHDRAWN)


@dataclass
class QueueFilters:
    queue: str | None = "new"  # None: a review page opened from outside the queues
    focus_area: int | None = None
    channel: Channel | None = None
    keyword: int | None = None
    theme: int | None = None
    suggested: int | None = None  # a keyword: those it is the likeliest suggestion for
    q: str = ""
    page: int = 1

    @property
    def narrowed(self):
        """Whether a search or a filter narrows the queue."""
        return bool(self.q.strip()) or any(
            value is not None for value in (self.focus_area, self.channel, self.keyword,
                                            self.theme, self.suggested))

    def args(self, **changes):
        """The filters as URL query arguments (for links that keep them), empty ones left
        out."""
        values = {"ko": url_words.word(url_words.QUEUES, self.queue),
                  "fokusomrade": self.focus_area,
                  "kanal": url_words.word(url_words.CHANNELS, self.channel),
                  "nyckelord": self.keyword, "tema": self.theme,
                  "foreslaget": self.suggested, "q": self.q,
                  "sida": self.page if self.page > 1 else None}
        values.update({key: url_words.word(url_words.QUEUES, value) if key == "ko" else value
                       for key, value in changes.items()})
        return {key: value for key, value in values.items() if value not in (None, "")}


def _open_report():
    return exists().where(Report.proposal_id == Proposal.id, Report.resolved_at.is_(None))


def _queue_condition(queue):
    if queue == "new":
        return Proposal.status.in_(IN_PLAY) & Proposal.reviewed_at.is_(None)
    if queue == "reported":
        return _open_report()
    if queue == "personal":  # may identify a person, and no moderator has looked yet
        return Proposal.status.in_(IN_PLAY) & Proposal.reviewed_at.is_(None) & \
            (Proposal.personal_data != "")
    if queue == "untagged":
        return Proposal.status.in_(IN_PLAY) & (Proposal.keyword_count == 0)
    if queue == "hidden":
        return Proposal.status == ProposalStatus.HIDDEN
    return Proposal.status.in_(SENT_STATUSES)


def _filtered(process, filters, queue=None):
    query = select(Proposal).where(Proposal.process_id == process.id,
                                   _queue_condition(queue or filters.queue))
    if filters.focus_area:
        query = query.where(Proposal.focus_area_id == filters.focus_area)
    if filters.channel is not None:
        query = query.where(Proposal.channel == filters.channel)
    if filters.keyword:
        query = query.where(exists().where(proposal_keywords.c.proposal_id == Proposal.id,
                                           proposal_keywords.c.keyword_id == filters.keyword))
    if filters.theme:
        query = query.where(exists().where(proposal_themes.c.proposal_id == Proposal.id,
                                           proposal_themes.c.theme_id == filters.theme))
    if filters.suggested:  # its likeliest suggestion at the last refresh, not yet on it
        query = query.where(
            Proposal.id.in_(select(StoredSuggestion.proposal_id).where(
                StoredSuggestion.process_id == process.id,
                StoredSuggestion.first_keyword_id == filters.suggested)),
            ~exists().where(proposal_keywords.c.proposal_id == Proposal.id,
                            proposal_keywords.c.keyword_id == filters.suggested))
    if filters.q.strip():
        query, _rank = search.matching(query, filters.q)
    return query


def browse(process, filters, counted=None):
    """One page of a queue, oldest first: the order proposals came in. `counted`: the
    queues' counts, already known (see counts), which are the total when nothing else
    filters."""
    query = _filtered(process, filters)
    unfiltered = filters == QueueFilters(queue=filters.queue, page=filters.page)
    if counted and unfiltered and filters.queue in counted:
        total = counted[filters.queue]
    else:
        total = db.session.scalar(query.with_only_columns(func.count(),
                                                          maintain_column_froms=True)
                                  .order_by(None))
    page = max(1, filters.page)
    items = db.session.scalars(
        query.order_by(Proposal.id).offset((page - 1) * PER_PAGE).limit(PER_PAGE)
        .options(selectinload(Proposal.focus_area), selectinload(Proposal.keywords),
                 selectinload(Proposal.themes))).all()
    return Page(items=items, total=total, page=page, per_page=PER_PAGE)


def counts(process):
    """How many proposals wait in each queue, for the tabs."""
    return {queue: db.session.scalar(
        select(func.count()).select_from(Proposal)
        .where(Proposal.process_id == process.id, _queue_condition(queue)))
        for queue in QUEUES if queue != "all"}


def neighbours(process, filters, proposal):
    """The ids of the proposals before and after `proposal` in the queue, or None."""
    ids = _filtered(process, filters).with_only_columns(Proposal.id)
    previous = db.session.scalar(ids.where(Proposal.id < proposal.id)
                                 .order_by(Proposal.id.desc()).limit(1))
    following = db.session.scalar(ids.where(Proposal.id > proposal.id)
                                  .order_by(Proposal.id).limit(1))
    return previous, following
