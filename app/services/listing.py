"""The public list of proposals: search, filters, sorting and pages, in a fixed number
of queries however many proposals there are."""
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import PUBLIC_STATUSES, Proposal, ProposalStatus
from app.services import search

SORTS = ("random", "newest", "supports")
PER_PAGE = 20
# A permutation of ids that depends on the visitor's seed: random order, but stable while
# they page through it, and fair to early and late proposals alike.
_PRIME = 2_147_483_629


@dataclass
class Filters:
    q: str = ""
    focus_area: int | None = None
    district: int | None = None
    status: str | None = None
    sort: str = "random"
    page: int = 1


def browse(process, filters, seed):
    query = select(Proposal).where(Proposal.process_id == process.id)
    if filters.status in PUBLIC_STATUSES:
        query = query.where(Proposal.status == ProposalStatus(filters.status))
    else:
        query = query.where(Proposal.status.in_(PUBLIC_STATUSES))
    if filters.focus_area:
        query = query.where(Proposal.focus_area_id == filters.focus_area)
    if filters.district:
        query = query.where(Proposal.district_id == filters.district)
    rank = None
    if filters.q.strip():
        query, rank = search.matching(query, filters.q)
    query = query.order_by(*_order(filters, seed, rank)).options(
        selectinload(Proposal.focus_area), selectinload(Proposal.district))
    return db.paginate(query, page=filters.page, per_page=PER_PAGE, error_out=False)


def _order(filters, seed, rank):
    if filters.sort == "newest":
        return Proposal.published_at.desc(), Proposal.id.desc()
    if filters.sort == "supports":
        return Proposal.supports_count.desc(), Proposal.id.desc()
    if rank is not None:  # a search lists the best matches first
        return rank, Proposal.id
    return ((Proposal.id * 7919 + seed) % _PRIME), Proposal.id
