"""Decisions taken at the same moment, as by people on several app servers."""
import threading

from app.extensions import db


def at_once(app, actors, prepare):
    """Each actor's decision in a thread of its own, all let go at the same moment:
    `prepare(actor)` reads what it needs and returns the decision; their outcomes."""
    from app.models import User
    start, outcomes = threading.Barrier(len(actors)), []

    def run(actor_id):
        with app.app_context():
            decide = prepare(db.session.get(User, actor_id))
            start.wait()
            try:
                outcomes.append(decide())
            finally:
                db.session.remove()
    threads = [threading.Thread(target=run, args=(a.id,)) for a in actors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def decided(action, done, refused=None):
    """What one actor's decision came to: `done` when `action()` went through; when the
    service refused it (a DomainError, rolled back), `refused`, or else the refusal's own
    words."""
    from app.services.errors import DomainError
    try:
        action()
    except DomainError as error:
        db.session.rollback()
        return str(error) if refused is None else refused
    return done


def meanwhile(app, change):
    """Another request, on a connection of its own, committing `change()` now: between
    what a page read and what its form sends, or a service's read and its write. (An app
    context of its own: a request context alone would share the caller's, and its session.)"""
    with app.app_context(), app.test_request_context():
        try:
            return change()
        finally:
            db.session.remove()
