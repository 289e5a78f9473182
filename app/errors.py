"""Error pages: every HTTP error gets a page in the layout, never a stack trace."""
from flask import render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.permissions import PermissionDenied

MESSAGES = {
    400: (_l("The request could not be handled"),
          _l("Something in the request was wrong. Go back and try again.")),
    403: (_l("You do not have access to this page"),
          _l("Your account does not have permission to see this page. If you think it "
             "should, contact the municipality.")),
    404: (_l("Page not found"),
          _l("The page you asked for does not exist. It may have moved, or the address "
             "may be mistyped.")),
    405: (_l("The request could not be handled"),
          _l("This page cannot be used that way.")),
    413: (_l("What you sent is too large"),
          _l("The site takes files of at most 8 MB and forms of at most 500 kB. Nothing was "
             "saved. Go back, and split the file or shorten the text.")),
    414: (_l("The address is too long"),
          _l("The address you followed is longer than the site accepts. Go back and try "
             "again, or start from the start page.")),
    429: (_l("Too many attempts"),
          _l("You have made too many attempts in a short time. Wait a while and try again.")),
    500: (_l("Something went wrong"),
          _l("An error occurred on our side. Nothing you sent was saved; please try again "
             "in a while.")),
}
CSRF_MESSAGE = _l("The form had expired or was not sent from this site. Nothing was saved. "
                  "Go back, reload the page and try again.")


def render_error(code, message=None):
    title, default_message = MESSAGES.get(code, MESSAGES[400 if code < 500 else 500])
    return render_template("errors/error.html", code=code, title=title,
                           message=message or default_message), code


def init_app(app):
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(400, CSRF_MESSAGE)

    @app.errorhandler(PermissionDenied)
    def permission_denied(error):
        db.session.rollback()
        return render_error(403)

    @app.errorhandler(HTTPException)
    def http_error(error):
        if isinstance(error, InternalServerError):
            db.session.rollback()
        return render_error(error.code)
