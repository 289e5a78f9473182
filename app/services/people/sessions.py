"""Log-ins the server can end.

Each log-in is a LoginSession row; the session cookie and the remember-me cookie carry
"<user id>:<row id>:<secret>" instead of the bare user id, and a request is logged in only
while the row exists and the secret matches. Logging out ends the row; a password reset,
a password change, blocking and a role change end every other row of the account, so a
copied cookie stops working with them.
"""
import datetime as dt
import hashlib
import hmac
import secrets

from flask import request
from flask_login import login_user, logout_user
from sqlalchemy import bindparam, delete, or_, select, update

from app.extensions import db
from app.models import LoginSession, User
from app.models.base import utcnow
from app.services import content_version

# A log-in unused this long has ended: a browser session's after a day, a remembered
# one's after the remember-me cookie's own lifetime.
IDLE_LIMIT = dt.timedelta(days=1)
REMEMBERED_IDLE_LIMIT = dt.timedelta(days=30)
# How often a log-in's last use is written down: not on every request.
SEEN_EVERY = dt.timedelta(minutes=10)


def log_in(user, *, remember=False, now=None):
    """Start a log-in for `user` in this browser: one unit of work."""
    now = now or utcnow()
    secret = secrets.token_urlsafe(32)
    row = LoginSession(user_id=user.id, secret_hash=_hash(secret), remember=remember,
                       device=_device(), created_at=now, last_seen_at=now)
    db.session.add(row)
    _purge_expired(user.id, now)
    db.session.commit()
    user.login_key = f"{user.id}:{row.id}:{secret}"
    user.login_session_id = row.id
    login_user(user, remember=remember)


def load(key, now=None):
    """The user a cookie's key stands for, while its log-in lasts; else None."""
    try:
        user_id, row_id, secret = key.split(":", 2)
        user_id, row_id = int(user_id), int(row_id)
    except (AttributeError, ValueError):
        return None
    if not (0 < row_id < 2**31 and 0 < user_id < 2**31):
        return None
    found = db.session.execute(_USER_AND_LOG_IN, {"row_id": row_id, "user_id": user_id}).first()
    if found is None:
        return None
    user, row, version = found
    content_version.assume(version)
    now = now or utcnow()
    if not hmac.compare_digest(row.secret_hash, _hash(secret)) or not user.is_active or \
            now - row.last_seen_at > (REMEMBERED_IDLE_LIMIT if row.remember else IDLE_LIMIT):
        return None
    if now - row.last_seen_at > SEEN_EVERY:
        _seen(row.id, now)
    user.login_key, user.login_session_id = key, row.id
    return user


# Built once: every logged-in request runs it, and building it cost as much as running it.
# The content's version comes with it: nearly every page reads it, and one round trip is
# cheaper than two.
_USER_AND_LOG_IN = select(User, LoginSession, content_version.VALUE).join(LoginSession).where(
    LoginSession.id == bindparam("row_id"), LoginSession.user_id == bindparam("user_id"))


def _seen(row_id, now):
    """Write down the log-in's use on a connection of its own: the user is loaded in the
    middle of other work, which this must neither commit nor roll back."""
    with db.engine.begin() as connection:
        connection.execute(update(LoginSession).where(LoginSession.id == row_id)
                           .values(last_seen_at=now))


def log_out(user):
    """End this browser's log-in (its row), then forget it in the cookies."""
    if getattr(user, "login_session_id", None) is not None:
        db.session.execute(delete(LoginSession).where(LoginSession.id == user.login_session_id))
        db.session.commit()
    logout_user()


def log_out_everywhere(user):
    """End every log-in of the account, this one included: one unit of work."""
    end_all(user)
    db.session.commit()
    logout_user()


def end_all(user, *, keep_current=False):
    """End the account's log-ins everywhere, or all but the one making this request.
    Part of the caller's unit of work: it does not commit."""
    query = delete(LoginSession).where(LoginSession.user_id == user.id)
    current = getattr(user, "login_session_id", None)
    if keep_current and current is not None:
        query = query.where(LoginSession.id != current)
    db.session.execute(query)


def active(user, now=None):
    """The account's log-ins that still last, the newest use first."""
    now = now or utcnow()
    return db.session.scalars(select(LoginSession).where(
        LoginSession.user_id == user.id, *_lasting(now))
        .order_by(LoginSession.last_seen_at.desc())).all()


def _lasting(now):
    return [or_(LoginSession.last_seen_at > now - IDLE_LIMIT,
                (LoginSession.remember.is_(True))
                & (LoginSession.last_seen_at > now - REMEMBERED_IDLE_LIMIT))]


def _purge_expired(user_id, now):
    db.session.execute(delete(LoginSession).where(
        LoginSession.user_id == user_id, ~_lasting(now)[0]))


def _hash(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


def _device():
    """The browser and system, as a person would name them: "Firefox, Windows"."""
    agent = request.user_agent.string if request else ""
    browser = next((name for token, name in _BROWSERS if token in agent), "")
    system = next((name for token, name in _SYSTEMS if token in agent), "")
    return ", ".join(part for part in (browser, system) if part)[:120]


# Checked in order: Edge and Opera also say "Chrome", Chrome also says "Safari".
_BROWSERS = [("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"),
             ("Chrome/", "Chrome"), ("Safari/", "Safari")]
_SYSTEMS = [("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"),
            ("Windows", "Windows"), ("Mac OS X", "macOS"), ("Linux", "Linux")]
