"""What the app reads of a request before any view: how much, how long an address, never
a NUL character in an address, and form fields without the characters nobody means to
type (`sanitize.clean_text`: NUL, other control characters, invisible ones), removed
before any view reads them, so a form with a pasted one is saved as its writer meant it,
or comes back with the right message for what is left (a text of zero-width spaces only
is empty).

Forms may send MAX_FORM_BYTES; a view marked `accepts_upload` takes a file up to
UPLOAD_MAX_BYTES. Anything larger is refused before it is read, with the 413 page.
"""
from flask import abort, request
from werkzeug.datastructures import ImmutableMultiDict

from app.errors import render_error
from app.i18n import lazy_gettext as _l
from app.sanitize import clean_text

MAX_FORM_BYTES = 512 * 1024
# The documented 8 MB file, and room for the rest of the multipart form around it.
UPLOAD_MAX_BYTES = 8 * 1024 * 1024 + 64 * 1024
# As gunicorn's own limit on the request line: a longer address is not one people use.
MAX_URL_BYTES = 4094
NUL_MESSAGE = _l("What you sent contains a character that cannot be used (a NUL "
                 "character). Nothing was saved. Go back, remove it and try again.")


def accepts_upload(view):
    """Mark a view whose form carries a file (a CSV or XLSX import)."""
    view.accepts_upload = True
    return view


def init_app(app):
    """Call before the extensions are bound: the CSRF check reads the form, and the limit
    must be set before anything reads it."""
    app.config["MAX_CONTENT_LENGTH"] = MAX_FORM_BYTES
    app.config["MAX_FORM_MEMORY_SIZE"] = MAX_FORM_BYTES

    @app.before_request
    def guard_request():
        view = app.view_functions.get(request.endpoint)
        if getattr(view, "accepts_upload", False):
            request.max_content_length = UPLOAD_MAX_BYTES
        if len(request.path.encode("utf-8")) + len(request.query_string) > MAX_URL_BYTES:
            abort(414)
        if "\x00" in request.path or _has_nul(request.args) or \
                (request.method == "POST" and any("\x00" in key for key in request.form)):
            return render_error(400, NUL_MESSAGE)
        if request.method == "POST":
            request.form = _cleaned(request.form)


def _has_nul(values):
    return any("\x00" in key or "\x00" in value for key, value in values.items(multi=True))


def _cleaned(form):
    """The form's fields without the characters nobody means to type; passwords as they
    came (a password is never shown or stored, and must match as typed)."""
    return ImmutableMultiDict([(key, value if "password" in key else clean_text(value))
                               for key, value in form.items(multi=True)])
