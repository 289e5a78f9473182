from urllib.parse import urlsplit

from flask import url_for


def safe_next(target):
    """A path on this site to go on to, or the start page: never another host."""
    if not target or not target.startswith("/") or target.startswith("//") or any(
            ord(character) < 32 or ord(character) == 127 for character in target):
        return url_for("public.index")  # (a line break would also end the Location header)
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or "\\" in target:
        return url_for("public.index")
    return target
