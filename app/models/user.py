import enum

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.sql.expression import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import db
from app.models.base import UTCDateTime, enum_column, utcnow


class Role(enum.StrEnum):
    RESIDENT = "resident"
    MODERATOR = "moderator"
    COMMITTEE = "committee"
    ADMIN = "admin"
    CONTROLLER = "controller"  # records and approves the goals' follow-up


# The municipality's own people: given their accounts by an administrator.
STAFF_ROLES = (Role.MODERATOR, Role.COMMITTEE, Role.ADMIN, Role.CONTROLLER)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Always stored lower-cased (see services.users.normalise_email), so the unique
    # constraint is case-insensitive on every database.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str | None] = mapped_column(String(80))
    role: Mapped[Role] = mapped_column(
        enum_column(Role),
        default=Role.RESIDENT,
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    email_verified_at = mapped_column(UTCDateTime, nullable=True)
    privacy_accepted_at = mapped_column(UTCDateTime, nullable=True)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    # Set when the resident deletes the account: personal data is gone, the row stays so
    # that what they sent to the municipality (a public record) keeps its author.
    deleted_at = mapped_column(UTCDateTime, nullable=True)
    # The person asked for one email when the results of a process they took part in are
    # published; the email's link turns it off without logging in.
    notify_results: Mapped[bool] = mapped_column(Boolean, default=False,
                                                 server_default=sa_false())

    @property
    def is_active(self):
        return self.active and self.deleted_at is None

    @property
    def is_verified(self):
        return self.email_verified_at is not None

    @property
    def is_deleted(self):
        return self.deleted_at is not None

    def public_name(self):
        """How the person appears next to what they sent: never the email address."""
        from flask_babel import gettext
        if self.is_deleted:
            return gettext("Deleted user")
        return self.display_name or gettext("Resident")

    def can_edit(self, user):
        """Who may change this account: the person, or an administrator (roles only)."""
        from app.permissions import Permission
        return user.is_authenticated and (user.id == self.id or user.can(Permission.MANAGE_USERS))

    def set_password(self, password):
        self.password_hash = generate_password_hash(password)

    def check_password(self, password):
        return check_password_hash(self.password_hash, password)

    # Which login session this object was loaded for (services.sessions); flask-login
    # keeps the session's key in the cookie instead of the bare user id.
    login_key = None
    login_session_id = None

    def get_id(self):
        if self.login_key is None:
            raise RuntimeError("Log in through services.sessions.log_in.")
        return self.login_key

    def __eq__(self, other):
        """The same account, however it was loaded (flask-login compares by get_id)."""
        return isinstance(other, User) and self.id is not None and other.id == self.id

    __hash__ = object.__hash__

    def can(self, permission):
        from app.permissions import role_has
        return role_has(self.role, permission)

    def __repr__(self):
        return f"<User {self.id} {self.role}>"


class LoginSession(db.Model):
    """One log-in: in a browser's session cookie, or its remember-me cookie, as its id and
    a secret (only the secret's hash is stored). Ending the row ends the log-in, wherever
    the cookies were copied to (services.sessions)."""
    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         index=True)
    secret_hash: Mapped[str] = mapped_column(String(64))
    remember: Mapped[bool] = mapped_column(Boolean, default=False)
    # What the browser says it is, shortened, so a person recognises their devices.
    device: Mapped[str] = mapped_column(String(120), default="")
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    last_seen_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    user = relationship("User")
