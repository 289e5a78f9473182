"""The insight engine: Swedish-aware keyword suggestions, duplicate hints and emerging
themes for the moderators. Everything is computed locally with scikit-learn from the
process's own taxonomy and proposals; nothing is downloaded at run time.

- `text`: normalising Swedish text (å, ä, ö kept), stemming, everyday synonyms.
- `vectors`: TF-IDF on stemmed words and on character n-grams (compounds).
- `engine`: the fitted model: keyword suggestions with their reasons, duplicate scores.
- `clusters`: groups of proposals that belong together, with their telling words.
- `evaluation`: the figures `flask insight evaluate` prints.
- `store`: `flask insight refresh`: fits the engine and stores it with the likely
  duplicate pairs and emerging themes, shared by every app server.
- `hints`: what the pages read from the stored results, cheaply.
- `decisions`: a moderator's decisions from the hints (never automatic).
"""
from app import jobs
from app.models import ProposalStatus

# The proposals the engine reads: everything sent that moderators may still see.
READ_STATUSES = (ProposalStatus.PENDING, ProposalStatus.PUBLISHED, ProposalStatus.WITHDRAWN)


@jobs.task("insight_refresh")
def refresh_in_background(process_id):
    """The refit as a job. scikit-learn is imported only here and where a fitted engine is
    read, so app servers that never serve the moderators' hints do not carry it."""
    from app.extensions import db
    from app.models import Process
    from app.models.base import utcnow
    from app.services.insight import store
    store.refresh(db.session.get(Process, process_id), now=utcnow())
