"""Accounts: creating users. Registration and the rest arrive with the Accounts issue."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import Role, User
from app.models.base import utcnow
from app.services.errors import DomainError

MIN_PASSWORD_LENGTH = 10


def normalise_email(email):
    return email.strip().lower()


def find_by_email(email):
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def build_user(*, email, password, role=Role.RESIDENT, display_name=None, verified=False):
    """A new user added to the session, not yet committed: part of a larger unit of work."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError(_l("The password must be at least %(n)d characters.",
                             n=MIN_PASSWORD_LENGTH), "password")
    user = User(email=normalise_email(email), role=Role(role), display_name=display_name or None,
                email_verified_at=utcnow() if verified else None)
    user.set_password(password)
    db.session.add(user)
    return user


def create_user(**fields):
    user = build_user(**fields)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise DomainError(_l("An account with this email address already exists."), "email")
    return user


def authenticate(email, password):
    """The active user with these credentials, or None. The same answer whether the email
    or the password was wrong, so the form does not reveal who has an account."""
    user = find_by_email(email)
    if user is None or not user.is_active or not user.check_password(password):
        return None
    return user
