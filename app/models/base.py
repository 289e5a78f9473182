"""Column types and helpers shared by the models."""
from datetime import datetime, timezone

from sqlalchemy import DateTime, Enum
from sqlalchemy.types import TypeDecorator


def utcnow():
    return datetime.now(timezone.utc)


def enum_column(cls):
    """A Python enum stored as its values in a short string column, on every database."""
    return Enum(cls, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])


class UTCDateTime(TypeDecorator):
    """An instant in time, stored in UTC on every database and read back timezone-aware.

    SQLite has no timezone-aware timestamp, so a naive value is refused on the way in and
    UTC is attached on the way out. Local (Europe/Stockholm) time exists only at the edges:
    forms and templates.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware datetime")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)
