"""Locks that make a check hold until the unit of work commits, on both databases."""
from sqlalchemy import select, update

from app.extensions import db


def lock(model, *criteria):
    """Lock the rows of `model` that match `criteria` until the unit of work ends and return
    their ids, so that what is checked next cannot change under it.

    PostgreSQL locks the rows (SELECT ... FOR UPDATE, in id order, so two requests locking
    the same rows never wait on each other crosswise). SQLite has no row locks: it locks
    the whole database, and only at a transaction's first write, so a check read before
    that write can be overtaken by another request's commit. There a write that changes
    nothing takes the lock now; another request's write waits for our commit."""
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(update(model).where(*criteria).values(id=model.id)
                           .execution_options(synchronize_session=False))
    return db.session.scalars(select(model.id).where(*criteria).order_by(model.id)
                              .with_for_update()).all()
