"""What a proposal card shows, read for a whole page at once: one query for the
proposals with their focus area and district, one for their keywords and themes.

Cards are plain rows, not ORM objects: a list page shows twenty of them, and building,
tracking and lazily completing twenty proposals with four relationships each cost about as
much as rendering the page."""
from dataclasses import dataclass, field

from sqlalchemy import bindparam, literal, select, union_all

from app.extensions import db
from app.models import (District, FocusArea, Keyword, Proposal, Theme, proposal_keywords,
                        proposal_themes)


@dataclass(slots=True)
class Card:
    id: int
    title: str
    reference: str | None
    focus_area_name: str
    district_name: str | None
    channel: object
    status: object
    body_text: str
    supports_count: int
    paper_supports_count: int
    tag_names: list = field(default_factory=list)  # keywords, then themes, each by name


def cards(ids, status=None):
    """The cards of the proposals `ids`, in that order; ids not found, or not in `status`
    when it is given, are left out."""
    if not ids:
        return []
    rows = db.session.execute(_CARDS if status is None else _CARDS_IN_STATUS,
                              {"ids": ids, "status": status})
    found = {card.id: card for card in map(_card, rows)}
    return with_tags([found[id_] for id_ in ids if id_ in found])


def page_of(where, order_by, offset, limit):
    """The cards of the proposals `where` says, in `order_by`'s order, `limit` from
    `offset`, read in the same query as the ids would be (no tags yet: `with_tags`)."""
    return [_card(row) for row in db.session.execute(
        _COLUMNS.where(where).order_by(*order_by).offset(offset).limit(limit))]


def with_tags(found):
    """`found` with each card's keywords, then themes, each by name: one query."""
    by_id = {card.id: card for card in found}
    if by_id:
        for proposal_id, _kind, name in db.session.execute(_TAGS, {"ids": list(by_id)}):
            by_id[proposal_id].tag_names.append(name)
    return found


def _card(row):
    return Card(id=row[0], title=row[1],
                reference=Proposal.format_reference(row[2], row[3]) if row[3] else None,
                focus_area_name=row[4], district_name=row[5], channel=row[6], status=row[7],
                body_text=row[8], supports_count=row[9], paper_supports_count=row[10])


# The statements are built once: building them per page cost as much as running them.
_COLUMNS = (select(Proposal.id, Proposal.title, Proposal.year, Proposal.number,
                   FocusArea.name, District.name, Proposal.channel, Proposal.status,
                   Proposal.body_text, Proposal.supports_count, Proposal.paper_supports_count)
            .join(FocusArea, FocusArea.id == Proposal.focus_area_id)
            .outerjoin(District, District.id == Proposal.district_id))
_CARDS = _COLUMNS.where(Proposal.id.in_(bindparam("ids", expanding=True)))
_CARDS_IN_STATUS = _CARDS.where(Proposal.status == bindparam("status"))


def _tags():
    ids = bindparam("ids", expanding=True)
    keywords = (select(proposal_keywords.c.proposal_id, literal(0).label("kind"),
                       Keyword.name.label("name"))
                .join(Keyword, Keyword.id == proposal_keywords.c.keyword_id)
                .where(proposal_keywords.c.proposal_id.in_(ids)))
    themes = (select(proposal_themes.c.proposal_id, literal(1).label("kind"),
                     Theme.name.label("name"))
              .join(Theme, Theme.id == proposal_themes.c.theme_id)
              .where(proposal_themes.c.proposal_id.in_(ids)))
    tags = union_all(keywords, themes).subquery()
    return select(tags.c.proposal_id, tags.c.kind, tags.c.name).order_by(
        tags.c.proposal_id, tags.c.kind, tags.c.name)


_TAGS = _tags()
