"""Counting the SQL statements an action sends, for tests that bound them."""
from sqlalchemy import event

from app.extensions import db


def count_queries(app, action):
    """How many statements `action()` sends to `app`'s database."""
    with app.app_context():
        seen = []
        listener = lambda *args: seen.append(1)  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            action()
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
    return len(seen)


def page_queries(app, client, url):
    """How many statements `client` GETting `url` sends (the page must answer 200)."""
    def visit():
        response = client.get(url)
        assert response.status_code == 200, url
    return count_queries(app, visit)
