"""Who took part, apart from who they are: the optional questions about participants,
their answers, the population they are compared with, and the staff's plans to reach
the groups not yet heard.

A participant's answers (`ParticipantProfile`) carry no user id and no relationship to the
account: only a keyed hash of the account and process (services.reach.profiles), so that a
resident is asked once and the answers go with the account, while the table alone links
to no one. They are read only in aggregate, through services.reach.figures.
"""
import datetime as dt

from sqlalchemy import (JSON, Boolean, CheckConstraint, Date, ForeignKey, Integer, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.expression import false as sa_false

from app.extensions import db
from app.models.base import UTCDateTime, enum_column, utcnow
from app.models.proposal import Channel

# Statistics Sweden's bands, from the age a resident can be expected to take part.
AGE_BANDS = ("13-17", "18-24", "25-34", "35-44", "45-64", "65-79", "80-")
# The answer "prefer not to say"; a question left unanswered is None.
DECLINED = "declined"


class ProfileQuestion(db.Model):
    """A question of the administrator's own for one process ("I work in the
    municipality"), with its choices; "prefer not to say" is always offered besides."""
    __tablename__ = "profile_questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"),
                                            index=True)
    text: Mapped[str] = mapped_column(String(200))
    choices = mapped_column(JSON, nullable=False)  # [str], two to eight
    position: Mapped[int] = mapped_column(Integer, default=0)

    process = relationship("Process")


class ParticipantProfile(db.Model):
    """One participant's answers in one process: online (keyed by `owner_key`) or from a
    paper form (no key). The week, not the day or time, is kept, so the row cannot be
    matched to the moment an account or a proposal was made."""
    __tablename__ = "participant_profiles"
    __table_args__ = (
        UniqueConstraint("process_id", "owner_key"),  # asked once, whatever the race
        CheckConstraint("age_band IS NULL OR age_band IN ('declined', "
                        + ", ".join(f"'{band}'" for band in AGE_BANDS) + ")",
                        name="age_band_known"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"),
                                            index=True)
    owner_key: Mapped[str | None] = mapped_column(String(64))
    channel: Mapped[Channel] = mapped_column(enum_column(Channel), default=Channel.DIGITAL)
    week: Mapped[dt.date] = mapped_column(Date)  # the Monday of the week it was answered
    age_band: Mapped[str | None] = mapped_column(String(10))
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id",
                                                               ondelete="SET NULL"))
    district_declined: Mapped[bool] = mapped_column(Boolean, default=False,
                                                    server_default=sa_false())

    answers = relationship("ProfileAnswer", cascade="all, delete-orphan",
                           passive_deletes=True)


class ProfileAnswer(db.Model):
    """The answer to one of the administrator's questions: a choice, or None for "prefer
    not to say"."""
    __tablename__ = "profile_answers"

    profile_id: Mapped[int] = mapped_column(
        ForeignKey("participant_profiles.id", ondelete="CASCADE"), primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("profile_questions.id", ondelete="CASCADE"), primary_key=True, index=True)
    choice: Mapped[str | None] = mapped_column(String(120))


class PopulationFigure(db.Model):
    """How many people live in a district in an age band (the municipality's own figures
    from Statistics Sweden, imported by an administrator)."""
    __tablename__ = "population_figures"
    __table_args__ = (
        UniqueConstraint("district_id", "age_band"),
        CheckConstraint("count >= 0 AND count <= 10000000", name="count_in_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id", ondelete="CASCADE"))
    age_band: Mapped[str] = mapped_column(String(10))
    count: Mapped[int] = mapped_column(Integer)


class OutreachAction(db.Model):
    """A visit the staff plan to meet a group not yet heard: where, when, whom. A public
    one is listed on "Hand in a proposal at a place"."""
    __tablename__ = "outreach_actions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"),
                                            index=True)
    place: Mapped[str] = mapped_column(String(200))
    held_on: Mapped[dt.date] = mapped_column(Date)
    hours: Mapped[str] = mapped_column(String(60), default="")
    group: Mapped[str] = mapped_column(String(200))
    age_band: Mapped[str | None] = mapped_column(String(10))
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id",
                                                               ondelete="SET NULL"))
    description: Mapped[str] = mapped_column(Text, default="")
    public: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    process = relationship("Process")
    district = relationship("District")
