from urllib.parse import urlsplit

from flask import current_app, request, url_for
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect


def safe_next(target):
    """A path on this site to go on to, or the start page: never another host."""
    if not target or not target.startswith("/") or target.startswith("//") or any(
            ord(character) < 32 or ord(character) == 127 for character in target):
        return url_for("public.index")  # (a line break would also end the Location header)
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or "\\" in target:
        return url_for("public.index")
    return target


def form_page():
    """The page a form sent to this request was on (its referrer, on this site, if a GET
    shows it), or None. A form shown again with its errors stands at the form's own
    address; sent again from there, its referrer is that address, which may take only a
    POST."""
    back = urlsplit(request.referrer or "")
    if back.netloc == request.host and back.path and _shows_a_page(back.path):
        return back.path + (f"?{back.query}" if back.query else "")
    return None


def this_page():
    """The address that shows this page again: its own where a GET shows it (a GET, or a
    form shown again at an address that also shows the form); else the page the form was
    on; else the start page."""
    if request.method == "GET" or _shows_a_page(request.path):
        return request.full_path if request.query_string else request.path
    return form_page() or url_for("public.index")


def _shows_a_page(path):
    """Whether a GET of `path` reaches a view (not a 405, nor a 404)."""
    try:
        current_app.url_map.bind(request.host).match(path, method="GET")
    except RequestRedirect:
        return True
    except HTTPException:
        return False
    return True
