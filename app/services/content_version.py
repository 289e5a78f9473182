"""The content's version: raised once by every transaction that changes what the portal
shows, whether through the ORM (new, changed or deleted objects) or a bulk statement.

Public pages use it as their validator (ETag), and the KSAU summary to know whether its
kept figures are current. The bump is one UPDATE issued just before the commit, so the
row is locked only for the commit itself.
"""
from flask import has_request_context, request
from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from app.extensions import db
from app.models import (DuplicatePair, EmergingTheme, FollowUpNotice, InsightModel, Job,
                        KoladaResponse, LeftOut, LoginSession, ResultsNotice, StoredSuggestion)
from app.models.base import utcnow
from app.models.content import ContentVersion, PacketFile, SummarySnapshot

# What changes no public page or summary: who is logged in where, the jobs and what they
# did behind the scenes, the moderators' hints, and the version's own records.
UNTRACKED = (LoginSession, Job, ResultsNotice, InsightModel, DuplicatePair, EmergingTheme,
             LeftOut, StoredSuggestion, ContentVersion, SummarySnapshot, PacketFile,
             FollowUpNotice, KoladaResponse)
CHANGED = "content_changed"


_READ = select(ContentVersion.value).where(ContentVersion.id == 1)
# The same as a value to read within another statement (people.sessions reads it with the
# log-in, one round trip for both).
VALUE = _READ.scalar_subquery()


def current():
    """The version now (0 before the first change)."""
    return db.session.scalar(_READ) or 0


SEEN = "medborgardialog.content_version"


def seen():
    """The version as this request read it first: what a page is assembled from is read
    for one version however many parts ask (one query per request). A change this request
    commits makes it read again."""
    if not has_request_context():
        return current()
    if SEEN not in request.environ:
        request.environ[SEEN] = current()
    return request.environ[SEEN]


def assume(version):
    """Take `version`, read for this request by another statement (the validator's of
    app.http_cache, a moment ago; the log-in's), as the one this request reads, unless it
    has read one already."""
    if has_request_context():
        request.environ.setdefault(SEEN, version or 0)


def _tracked(objects):
    return any(not isinstance(obj, UNTRACKED) for obj in objects)


@event.listens_for(Session, "before_flush")
def _note_flush(session, flush_context, instances):
    if _tracked(session.new) or _tracked(session.deleted) or _tracked(
            obj for obj in session.dirty if session.is_modified(obj)):
        session.info[CHANGED] = True


@event.listens_for(Session, "do_orm_execute")
def _note_statement(state):
    if state.is_update or state.is_delete or state.is_insert:
        mapper = state.bind_mapper
        if mapper is None or not issubclass(mapper.class_, UNTRACKED):
            state.session.info[CHANGED] = True


@event.listens_for(Session, "before_commit")
def _bump(session):
    if session.new or session.dirty or session.deleted:
        session.flush()  # so that what is still pending is noted too
    if session.info.pop(CHANGED, False):
        session.execute(update(ContentVersion).where(ContentVersion.id == 1)
                        .values(value=ContentVersion.value + 1, changed_at=utcnow()))
        if has_request_context():
            request.environ.pop(SEEN, None)


@event.listens_for(Session, "after_rollback")
def _forget(session):
    session.info.pop(CHANGED, None)
