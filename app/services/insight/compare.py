"""The residents' compare step before sending a proposal, with the duplicate engine: the
draft's candidates are the proposals whose words are likest its own in the last fit's
index (`Engine.nearest`, which reads only the postings of the draft's words) together with
the full-text search's (which knows proposals published since the fit); each is scored
with the same duplicate scorer as the moderators' hints, and those likely to ask the same
are shown, likeliest first. Before the first fit (or with an engine this release cannot
read) the step shows the full-text search's proposals, as it always did."""
from sqlalchemy import select

from app.extensions import db
from app.models import Proposal, ProposalStatus
from app.services.participation import proposals
from app.services.insight import hints

CANDIDATES = 30


def similar_to_draft(proposal, limit=proposals.SIMILAR_SHOWN):
    """Published proposals of the draft's process that likely ask what it asks."""
    process = proposal.process
    searched = proposals.similar(proposal, process)
    engine, _stored = hints.engine_for(process)
    if engine is None:
        return searched[:limit]
    from app.services.insight.engine import DUPLICATE_THRESHOLD, document
    draft = document(proposal.title, proposal.body_text)
    ids = {*engine.nearest(draft, CANDIDATES), *(p.id for p in searched)} - {proposal.id}
    if not ids:
        return []
    candidates = db.session.scalars(
        select(Proposal).where(Proposal.id.in_(ids), Proposal.process_id == process.id,
                               Proposal.status == ProposalStatus.PUBLISHED)).all()
    if not candidates:
        return []
    view = engine.pair_view([draft, *(document(c.title, c.body_text) for c in candidates)])
    scores = engine.pair_scores(view, [0] * len(candidates), range(1, len(candidates) + 1))
    likely = sorted((score, c.id, c) for score, c in zip(scores, candidates)
                    if score >= DUPLICATE_THRESHOLD)
    return [c for _score, _id, c in reversed(likely)][:limit]
