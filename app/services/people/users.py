"""User accounts: creating them, finding them, checking credentials, setting roles."""
import secrets

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.models import Role, User
from app.models.base import utcnow
from app.permissions import Permission, require
from app.services import audit, locking
from app.services.people import sessions
from app.services.errors import DomainError, commit_or_raise
from app.services.people.passwords import check_password

EMAIL_TAKEN = _l("An account with this email address already exists.")


class EmailTaken(DomainError):
    """Only staff see this message (creating accounts); residents' own forms answer the
    same for a known and a new address (services.accounts)."""

    def __init__(self):
        super().__init__(EMAIL_TAKEN, "email")


# Checked when no account matches, so a wrong email takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-password")


def normalise_email(email):
    """Email addresses are compared lower-cased: one account per address, whatever the case."""
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        raise DomainError(_l("Enter a valid email address, like namn@example.se."), "email")


def find_by_email(email):
    try:
        email = normalise_email(email)
    except DomainError:
        return None
    return db.session.scalar(select(User).where(User.email == email))


def email_taken(email, except_user=None):
    query = select(User.id).where(User.email == email)
    if except_user is not None:
        query = query.where(User.id != except_user.id)
    return db.session.scalar(query) is not None


def build_user(*, email, password, role=Role.RESIDENT, display_name=None, verified=False,
               privacy_accepted=False):
    """A new user added to the session, not yet committed: part of a larger unit of work.
    `password` None: a random one nobody knows, until the person chooses their own from a
    link (an invitation)."""
    email = normalise_email(email)
    if password is None:
        password = secrets.token_urlsafe(32)
    else:
        check_password(password, email, display_name)
    if email_taken(email):
        raise EmailTaken()
    now = utcnow()
    user = User(email=email, role=Role(role), display_name=(display_name or "").strip() or None,
                email_verified_at=now if verified else None,
                privacy_accepted_at=now if privacy_accepted else None)
    user.set_password(password)
    db.session.add(user)
    return user


def create_user(**fields):
    user = build_user(**fields)
    commit_or_raise(EmailTaken())
    return user


def authenticate(email, password):
    """The active user with these credentials, or None: the same answer, in the same time,
    whether the email or the password was wrong."""
    user = find_by_email(email)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not user.check_password(password) or not user.is_active:
        return None
    return user


def set_role(admin, user, *, role, active):
    """An administrator changes a user's role or blocks the account. Both accounts are read
    again, locked: two administrators taking each other's role at the same moment leave
    one of them an administrator."""
    require(admin, Permission.MANAGE_USERS)
    for account in sorted({admin, user}, key=lambda account: account.id):
        locking.hold(account)  # in id order: two requests never wait on each other crosswise
    require(admin, Permission.MANAGE_USERS)
    if user.id == admin.id and (Role(role) != Role.ADMIN or not active):
        raise DomainError(_l("You cannot remove your own administrator role or block "
                             "yourself."), "role")
    before = audit.snapshot(user, "role", "active")
    user.role, user.active = Role(role), active
    changed = audit.changes(before, audit.snapshot(user, "role", "active"))
    if changed:
        # A new role or a block takes effect at once: the account's log-ins end.
        sessions.end_all(user)
        # The account's number, not its address: the log keeps no personal data that
        # would outlive the account.
        audit.record(admin, "user.update", user, before=changed[0], after=changed[1],
                     label=f"#{user.id}")
    db.session.commit()
    return user
