"""What views look up from the address: an object or 404, and numbers and dates from the
query string, checked (a value that is not one is ignored, never a 500)."""
import datetime

from flask import abort, request

from app.extensions import db
from app.services import processes
from app.url_words import value


def get_or_404(model, id_):
    return db.session.get(model, id_) or abort(404)


def process_or_404(slug):
    return processes.get_by_slug(slug) or abort(404)


def int_arg(name):
    value = request.args.get(name, "")
    return int(value) if value.isascii() and value.isdigit() else None


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
