"""Locks that make a check hold until the unit of work commits, on both databases.

A service that decides on what a page read earlier (a status, a count, a limit) reads it
again under a lock first: another request's change either landed before (and is seen) or
waits for our commit. PostgreSQL locks rows (SELECT ... FOR UPDATE). SQLite has no row
locks: it locks the whole database, and only at a transaction's first write, so a check
read before that write can be overtaken by another request's commit. There a write that
changes nothing takes the lock at once; another request's write waits for our commit."""
from sqlalchemy import select, text
from sqlalchemy.exc import InvalidRequestError

from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.services.errors import DomainError

GONE = _l("It is no longer there: it was removed a moment ago.")


class Gone(DomainError):
    """What a page showed has been deleted since."""


def lock(model, *criteria, shared=False):
    """Lock the rows of `model` that match `criteria` until the unit of work ends and return
    their ids (in id order, so two requests locking the same rows never wait on each
    other crosswise). `shared`: for a unit of work that only relies on the rows, many at
    once (PostgreSQL's FOR SHARE): it waits only for one that changes them."""
    _take_sqlite_lock()
    return db.session.scalars(select(model.id).where(*criteria).order_by(model.id)
                              .with_for_update(read=shared)).all()


def hold(instance, shared=False):
    """Lock `instance`'s row and read it again: the checks that follow see what is
    committed now, and nobody else changes it before our commit. `shared`: as for `lock`."""
    instance = _unproxied(instance)
    _take_sqlite_lock()
    try:
        db.session.refresh(instance, with_for_update={"read": True} if shared else True)
    except InvalidRequestError:  # deleted meanwhile (a draft discarded from another tab)
        db.session.rollback()
        raise Gone(GONE) from None
    return instance


def _unproxied(instance):
    """The object itself where a view passes a proxy of it (Flask-Login's current_user)."""
    unwrap = getattr(instance, "_get_current_object", None)
    return unwrap() if unwrap is not None else instance


def _take_sqlite_lock():
    """SQLite's one lock is the whole database's, so any write takes it: one to a fixed row
    that holds no content (written raw, so no column's `onupdate` and no content version
    notes it), rather than to the rows being checked."""
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(text("UPDATE content_versions SET id = id WHERE id = 1"))
