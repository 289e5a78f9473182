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
