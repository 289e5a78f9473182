"""Similar proposals as residents see them (the compare step before sending, a proposal's
page) and as a moderator merging one sees them, with the duplicate engine: the
candidates are the proposals whose words are likest its own in the last fit's index
(`Engine.nearest`, which reads only the postings of its words) together with the
full-text search's (which knows proposals published since the fit); each is scored with
the same duplicate scorer as the moderators' hints and shown likeliest first. Before the
first fit (or with an engine this release cannot read) the lists are the full-text
search's, as they always were."""
from dataclasses import dataclass

from sqlalchemy import select

from app.extensions import db
from app.models import Proposal, ProposalStatus
from app.services.participation import proposals
from app.services.insight import hints

CANDIDATES = 30


@dataclass
class Similar:
    proposal: Proposal
    likely: bool  # at or above the moderators' threshold: likely the same


def similar_to(proposal, limit=proposals.SIMILAR_SHOWN, title_only=False):
    """Published proposals of `proposal`'s process likeliest to ask what it asks,
    likeliest first (`ranked`'s, as proposals)."""
    return [found.proposal for found in ranked(proposal, limit, title_only)]


def ranked(proposal, limit=proposals.SIMILAR_SHOWN, title_only=False):
    """Published proposals of `proposal`'s process likeliest to ask what it asks, likeliest
    first, as `Similar`: the candidates of the fit's index and of the search, ranked by the
    duplicate scorer, those scoring at least `engine.SHOWN_FROM`. Before the first fit (or with an
    engine this release cannot read), the search's (`title_only`: the title's words), none
    marked likely."""
    process = proposal.process
    searched = proposals.similar(proposal, process, title_only=title_only)
    engine, _stored = hints.engine_for(process)
    if engine is None:
        return [Similar(found, False) for found in searched[:limit]]
    from app.services.insight.engine import DUPLICATE_THRESHOLD, SHOWN_FROM, document
    text = document(proposal.title, proposal.body_text)
    ids = {*engine.nearest(text, CANDIDATES), *(p.id for p in searched)} - {proposal.id}
    if not ids:
        return []
    candidates = db.session.scalars(
        select(Proposal).where(Proposal.id.in_(ids), Proposal.process_id == process.id,
                               Proposal.status == ProposalStatus.PUBLISHED)).all()
    if not candidates:
        return []
    view = engine.pair_view([text, *(document(c.title, c.body_text) for c in candidates)])
    scores = engine.pair_scores(view, [0] * len(candidates), range(1, len(candidates) + 1))
    shown = sorted((-score, c.id, c) for score, c in zip(scores, candidates)
                   if score >= SHOWN_FROM)
    return [Similar(c, -negative >= DUPLICATE_THRESHOLD)
            for negative, _id, c in shown][:limit]
