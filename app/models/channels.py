"""The dialogue's other channels: physical places where paper proposals are handed in,
Open Space workshops with their sessions, and supports given on paper."""
import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, utcnow


class Place(db.Model):
    """A library, citizen office or the like where residents hand in proposals on paper."""
    __tablename__ = "places"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    address: Mapped[str] = mapped_column(String(200), default="")
    opening_hours: Mapped[str] = mapped_column(Text, default="")
    accessibility: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    def __repr__(self):
        return f"<Place {self.name}>"


class OpenSpaceEvent(db.Model):
    """An Open Space workshop: participants set the agenda as sessions."""
    __tablename__ = "open_space_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"),
                                            index=True)
    title: Mapped[str] = mapped_column(String(200))
    held_on: Mapped[dt.date] = mapped_column(Date)
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"))
    venue: Mapped[str] = mapped_column(String(200), default="")  # when not one of the places
    theme: Mapped[str] = mapped_column(Text, default="")
    facilitator: Mapped[str] = mapped_column(String(120), default="")
    participants: Mapped[int] = mapped_column(Integer, default=0)

    process = relationship("Process")
    place = relationship("Place")
    sessions = relationship("OpenSpaceSession", back_populates="event",
                            order_by="OpenSpaceSession.id", cascade="all, delete-orphan")

    __table_args__ = (CheckConstraint("participants >= 0", name="participants_not_negative"),)


class OpenSpaceSession(db.Model):
    """One session of an Open Space: its topic, convener, summary and recommendations."""
    __tablename__ = "open_space_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("open_space_events.id",
                                                     ondelete="CASCADE"), index=True)
    topic: Mapped[str] = mapped_column(String(200))
    convener: Mapped[str] = mapped_column(String(120), default="")  # a display name
    participants: Mapped[int] = mapped_column(Integer, default=0)
    summary: Mapped[str] = mapped_column(Text, default="")
    recommendations: Mapped[str] = mapped_column(Text, default="")

    event = relationship("OpenSpaceEvent", back_populates="sessions")

    __table_args__ = (CheckConstraint("participants >= 0", name="participants_not_negative"),)


class PaperSupport(db.Model):
    """Supports given on paper (dot votes at an Open Space, a list at a place): a count with
    its source, kept apart from online supports, never turned into accounts."""
    __tablename__ = "paper_supports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"),
                                             index=True)
    count: Mapped[int] = mapped_column(Integer)
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"))
    session_id: Mapped[int | None] = mapped_column(ForeignKey("open_space_sessions.id"))
    given_on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    place = relationship("Place")
    session = relationship("OpenSpaceSession")
    recorded_by = relationship("User")

    __table_args__ = (CheckConstraint("count > 0 AND count <= 100000", name="count_in_range"),)
