"""What views look up from the address: an object or 404, and numbers and dates from the
query string, checked (a value that is not one is ignored, never a 500)."""
import datetime

from flask import abort, request

from app.extensions import db
from app.services import processes


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
