"""Who may do what: the one place that decides.

Every view declares its access rule with one of the decorators below; a test walks the
URL map and fails for any route that has none, and checks each role against each rule.
"""
import enum
from functools import wraps

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user

from app.extensions import login_manager
from app.models import Role
from app.redirects import form_page


class Permission(enum.StrEnum):
    MANAGE_PROCESSES = "manage_processes"
    MANAGE_USERS = "manage_users"
    # Review, tag, hide, merge and answer proposals; keep the keywords and themes; read
    # the audit log.
    MODERATE = "moderate"
    # Read the summary of the input, its evidence and the exports (KSAU, and staff).
    VIEW_SUMMARY = "view_summary"
    # Draft the goals from the input and link them to their evidence (KSAU).
    DRAFT_GOALS = "draft_goals"
    # Record the goals' follow-up periods and approve them for publication (the controller).
    FOLLOW_UP = "follow_up"


ROLE_PERMISSIONS = {
    Role.RESIDENT: frozenset(),
    Role.MODERATOR: frozenset({Permission.MODERATE, Permission.VIEW_SUMMARY}),
    Role.COMMITTEE: frozenset({Permission.VIEW_SUMMARY, Permission.DRAFT_GOALS}),
    Role.ADMIN: frozenset({Permission.MANAGE_PROCESSES, Permission.MANAGE_USERS,
                           Permission.MODERATE, Permission.VIEW_SUMMARY,
                           Permission.DRAFT_GOALS, Permission.FOLLOW_UP}),
    Role.CONTROLLER: frozenset({Permission.VIEW_SUMMARY, Permission.FOLLOW_UP}),
}

PUBLIC = "public"
AUTHENTICATED = "authenticated"


def role_has(role, permission):
    return permission in ROLE_PERMISSIONS[Role(role)]


def allows(rule, user):
    """Whether `user` (possibly anonymous) passes access rule `rule`."""
    if rule == PUBLIC:
        return True
    if not user.is_authenticated:
        return False
    return rule == AUTHENTICATED or user.can(rule)


class PermissionDenied(Exception):
    """A service was asked to do what the acting user may not: the view answers 403."""


def require(user, permission):
    """The services' own check, so a unit of work is safe whoever calls it."""
    if not allows(Permission(permission), user):
        raise PermissionDenied(permission)


def access_rule(view):
    return getattr(view, "access_rule", None)


def _declare(view, rule):
    view.access_rule = rule
    return view


def public(view):
    return _declare(view, PUBLIC)


def _guarded(rule):
    def decorator(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            if not current_user.is_authenticated:
                if request.method != "GET":
                    return _log_in_then_back()
                return login_manager.unauthorized()
            if not allows(rule, current_user):
                abort(403)
            return view(*args, **kwargs)
        return _declare(guarded, rule)
    return decorator


def _log_in_then_back():
    """A form sent after the log-in ended (a day unused, or "log out everywhere"): after
    logging in, the browser would ask for the form's address, which takes only a POST, so
    it goes back to the page the form was on instead."""
    flash(login_manager.login_message, login_manager.login_message_category)
    back = form_page()
    if back:
        return redirect(url_for(login_manager.login_view, next=back))
    return redirect(url_for(login_manager.login_view))


login_required = _guarded(AUTHENTICATED)


def requires(permission):
    return _guarded(Permission(permission))
