from urllib.parse import urlsplit

from flask import request, url_for


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
    """The page a form sent to this request was on (its referrer, on this site), or None."""
    back = urlsplit(request.referrer or "")
    if back.netloc == request.host and back.path:
        return back.path + (f"?{back.query}" if back.query else "")
    return None


def this_page():
    """The address that shows this page again: its own for a GET; for a form sent and shown
    again with its errors, the page the form was on, as the form's own address takes only
    a POST."""
    if request.method == "GET":
        return request.full_path if request.query_string else request.path
    return form_page() or url_for("public.index")
