"""What views read from the address: ids in the path and numbers and dates in the query
string, one way each. A value that cannot be one (too large for the database, negative,
not a number) is no page (404) in a path, and in a query string it is ignored: the filter
it would have set shows as not applied. Never a 500."""
import datetime

from flask import abort, request
from werkzeug.routing import IntegerConverter

from app.extensions import db
from app.services import processes
from app.url_words import value

# The ids' column type on PostgreSQL (integer); SQLite takes what PostgreSQL takes.
ID_MAX = 2**31 - 1


class IdConverter(IntegerConverter):
    """`<int:...>` in every route: 1 to ID_MAX, at most ten digits, or the route does not
    match (404) before any query is made."""

    regex = r"\d{1,10}"

    def __init__(self, map, *args, **kwargs):
        super().__init__(map, min=1, max=ID_MAX)


def init_app(app):
    """Before the blueprints are registered: their rules take the converter then."""
    app.url_map.converters["int"] = IdConverter


def get_or_404(model, id_):
    return db.session.get(model, id_) or abort(404)


def process_or_404(slug):
    return processes.get_by_slug(slug) or abort(404)


def int_arg(name):
    """A positive whole number from the query string, or None."""
    return _positive(request.args.get(name, ""))


def int_field(name):
    """A positive whole number from the posted form, or None."""
    return _positive(request.form.get(name, ""))


def int_fields(name):
    """The positive whole numbers of a posted list (ticked rows), junk left out."""
    return [n for n in map(_positive, request.form.getlist(name)) if n is not None]


def _positive(value):
    if not (value.isascii() and value.isdigit() and len(value) <= 10):
        return None
    number = int(value)
    return number if 1 <= number <= ID_MAX else None


def date_arg(name):
    """A date from the address, if it is one the lists can use (years 1900-2999)."""
    try:
        day = datetime.date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None
    return day if 1900 <= day.year <= 2999 else None


def word_arg(name, words):
    """A value from the address given by its Swedish word (see app.url_words)."""
    return value(words, request.args.get(name))


def not_understood(read):
    """The query arguments given but not understood: `read` maps each argument's name to
    what was read from it (None: nothing usable). Lists them, so that a page can say it
    did not apply them rather than silently showing everything."""
    return [(name, request.args[name]) for name, result in read.items()
            if result is None and request.args.get(name, "").strip()]
