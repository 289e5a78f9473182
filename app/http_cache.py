"""Public pages that a browser, a proxy or the worker itself may keep: each answer carries
a validator (ETag) built from what it depends on, and a request that names the current
one is answered 304 without rendering anything; a worker that rendered a page for the
same validator a moment ago sends the same bytes again.

What a public page shows depends on the content's version (app.services.content_version),
the language, the address, which phases are open and the hour (texts such as "3 days
left"). Anyone logged in sees a page of their own (their supports, their menu): such pages
are never stored anywhere (`private, no-store`), nor is any page that carries a message
for one visitor (a flash), a form with the visitor's CSRF token, or sets a cookie.
"""
import functools
import hashlib
import time
from collections import OrderedDict

from flask import current_app, g, request, session
from flask_login import current_user
from sqlalchemy import bindparam, text

from app.extensions import db
from app.i18n import get_locale
from app.models.base import UTCDateTime, utcnow
from app.services import content_version

PUBLIC = "public, no-cache"          # keep, but ask each time (a 304 costs next to nothing)
PERSONAL = "private, no-store"


def cacheable(view):
    """For a public view: answer 304 when the visitor's copy is current, else mark the page
    with its validator. Personal pages pass through untouched, then marked `no-store`."""
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        if current_user.is_authenticated or "_flashes" in session:
            return view(*args, **kwargs)
        etag = _validator()
        if request.if_none_match.contains_weak(etag):
            response = current_app.response_class(status=304)
        elif etag in _pages:
            _pages.move_to_end(etag)
            body, mimetype = _pages[etag]
            response = current_app.response_class(body, mimetype=mimetype)
        else:
            response = current_app.make_response(view(*args, **kwargs))
            if "csrf_token" in g:  # a form signed for this visitor: theirs alone
                g.cache_control = PERSONAL
                return response
            _keep(etag, response)
        if response.status_code in (200, 304):
            response.set_etag(etag, weak=True)
            g.cache_control = PUBLIC
        return response
    return wrapper


# Pages this worker rendered for anonymous visitors, by validator: the validator names
# everything such a page depends on, so while it is current the page is the same bytes.
_pages = OrderedDict()
LARGEST_KEPT_PAGE = 512 * 1024


def _keep(etag, response):
    size = current_app.config["PAGE_CACHE_SIZE"]
    if (not size or response.status_code != 200 or response.is_streamed
            or session.modified):
        return
    body = response.get_data()
    if len(body) <= LARGEST_KEPT_PAGE:
        _pages[etag] = (body, response.mimetype)
        while len(_pages) > size:
            _pages.popitem(last=False)


# One round trip, prepared once (a 304 should cost next to nothing): the content's
# version, and which phases are open (their number and the sum of their ids tell one set
# of open phases from another well enough here).
VALIDATOR_QUERY = text(
    "SELECT (SELECT value FROM content_versions WHERE id = 1),"
    " (SELECT count(*) FROM phases WHERE starts_at <= :now AND ends_at > :now),"
    " (SELECT coalesce(sum(id), 0) FROM phases WHERE starts_at <= :now AND ends_at > :now)"
).bindparams(bindparam("now", type_=UTCDateTime()))


_read = {"at": float("-inf"), "state": None}


def _content_state(now):
    """What every public page depends on, read at most once per VALIDATOR_MAX_AGE seconds
    per worker: a burst of revalidations then touches no database at all, and a change
    shows in the validators that much later at most."""
    if time.monotonic() - _read["at"] >= current_app.config["VALIDATOR_MAX_AGE"]:
        _read["state"] = tuple(db.session.execute(VALIDATOR_QUERY, {"now": now}).one())
        _read["at"] = time.monotonic()
    return _read["state"]


def _validator():
    now = utcnow()
    state = _content_state(now)
    # The page is assembled for the version its validator names (read at most a moment
    # ago), which spares the request reading it again.
    content_version.assume(state[0])
    key = "|".join(map(str, (*state, get_locale(), request.full_path,
                             now.strftime("%Y%m%d%H"),
                             current_app.config.get("CACHE_SALT", ""))))
    return hashlib.blake2b(key.encode(), digest_size=12).hexdigest()


def init_app(app):
    @app.after_request
    def set_cache_control(response):
        if "Cache-Control" in response.headers and response.status_code not in (200, 304):
            return response
        if g.get("cache_control") == PUBLIC and not _sets_cookie(response):
            response.headers["Cache-Control"] = PUBLIC
            response.vary.add("Cookie")
        elif g.get("cache_control") == PERSONAL or (
                request.endpoint != "static" and current_user.is_authenticated):
            response.headers["Cache-Control"] = PERSONAL
        return response


def _sets_cookie(response):
    return "Set-Cookie" in response.headers or session.modified
