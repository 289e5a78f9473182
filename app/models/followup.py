"""Goals that can be followed up: indicators (with values from Kolada or entered by staff),
the boards' own goals under each overarching goal, and the follow-up periods in which a
controller records each indicator's value and each goal's assessment, then approves them."""
import enum

from sqlalchemy import (Boolean, CheckConstraint, Float, ForeignKey, Integer, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, enum_column, utcnow

# A board goal has 1–3 indicators of its own: each takes one of these slots (database-enforced).
BOARD_GOAL_INDICATORS = 3


class BoardKind(enum.StrEnum):
    BOARD = "board"        # nämnd
    COMPANY = "company"    # kommunalt bolag


class Direction(enum.StrEnum):
    HIGHER = "higher"      # higher is better
    LOWER = "lower"        # lower is better


class IndicatorSource(enum.StrEnum):
    KOLADA = "kolada"      # a key figure fetched from Kolada's open API
    MANUAL = "manual"      # entered or imported by staff


class PeriodKind(enum.StrEnum):
    INTERIM = "interim"    # delårsrapport, with a forecast for the year
    ANNUAL = "annual"      # årsredovisning


class Rating(enum.StrEnum):
    ACHIEVED = "achieved"
    PARTLY = "partly"
    NOT = "not"


class Board(db.Model):
    """A board or municipal company (nämnd, bolag) that contributes to the goals."""
    __tablename__ = "boards"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[BoardKind] = mapped_column(enum_column(BoardKind), default=BoardKind.BOARD)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    def __repr__(self):
        return f"<Board {self.name}>"


class BoardGoal(db.Model):
    """A board's own goal, serving one overarching goal."""
    __tablename__ = "board_goals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"), index=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("boards.id", ondelete="RESTRICT"),
                                          index=True)
    title: Mapped[str] = mapped_column(String(200))
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    goal = relationship("Goal", backref=db.backref("board_goals", order_by="BoardGoal.id",
                                                   cascade="all, delete-orphan"))
    board = relationship("Board")
    indicators = relationship("Indicator", order_by="Indicator.slot",
                              cascade="all, delete-orphan", back_populates="board_goal")


class Indicator(db.Model):
    """What shows whether a goal (or a board goal) is reached: a baseline, a target and a
    series of yearly values."""
    __tablename__ = "indicators"
    __table_args__ = (
        CheckConstraint("(goal_id IS NULL) <> (board_goal_id IS NULL)", name="one_owner"),
        CheckConstraint(f"board_goal_id IS NULL OR (slot BETWEEN 1 AND {BOARD_GOAL_INDICATORS})",
                        name="board_goal_slots"),
        CheckConstraint("target_year >= baseline_year", name="target_after_baseline"),
        UniqueConstraint("board_goal_id", "slot"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    goal_id: Mapped[int | None] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"),
                                                index=True)
    board_goal_id: Mapped[int | None] = mapped_column(
        ForeignKey("board_goals.id", ondelete="CASCADE"))
    slot: Mapped[int | None] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(40))
    direction: Mapped[Direction] = mapped_column(enum_column(Direction))
    baseline_value: Mapped[float] = mapped_column(Float)
    baseline_year: Mapped[int] = mapped_column(Integer)
    target_value: Mapped[float] = mapped_column(Float)
    target_year: Mapped[int] = mapped_column(Integer)
    source: Mapped[IndicatorSource] = mapped_column(enum_column(IndicatorSource),
                                                    default=IndicatorSource.MANUAL)
    kolada_kpi: Mapped[str] = mapped_column(String(20), default="")
    kolada_municipality: Mapped[str] = mapped_column(String(10), default="")
    # The last successful fetch, and why the last attempt failed (empty when it did not).
    fetched_at = mapped_column(UTCDateTime, nullable=True)
    fetch_error: Mapped[str] = mapped_column(String(300), default="")

    goal = relationship("Goal", backref=db.backref("indicators", order_by="Indicator.id",
                                                   cascade="all, delete-orphan"))
    board_goal = relationship("BoardGoal", back_populates="indicators")
    values = relationship("IndicatorValue", order_by="IndicatorValue.year",
                          cascade="all, delete-orphan", back_populates="indicator")

    @property
    def series(self):
        """(year, value) of each yearly value: what its chart and its table both show."""
        return [(str(v.year), int(v.value) if float(v.value).is_integer() else round(v.value, 2))
                for v in self.values]

    @property
    def is_kolada(self):
        return self.source == IndicatorSource.KOLADA

    def __repr__(self):
        return f"<Indicator {self.name}>"


class IndicatorValue(db.Model):
    """The indicator's outcome for a year: from Kolada, or entered or imported by staff."""
    __tablename__ = "indicator_values"
    __table_args__ = (UniqueConstraint("indicator_id", "year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[float] = mapped_column(Float)
    origin: Mapped[str] = mapped_column(String(20), default="manual")  # kolada, manual, import

    indicator = relationship("Indicator", back_populates="values")


class FollowUpPeriod(db.Model):
    """An interim report (with a forecast for the year) or the annual report for a process's
    goals. Open while the controller records it; approved, it is published and closed."""
    __tablename__ = "followup_periods"
    __table_args__ = (UniqueConstraint("process_id", "year", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"),
                                            index=True)
    kind: Mapped[PeriodKind] = mapped_column(enum_column(PeriodKind))
    year: Mapped[int] = mapped_column(Integer)
    approved_at = mapped_column(UTCDateTime, nullable=True)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id",
                                                                  ondelete="SET NULL"))
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    process = relationship("Process")
    readings = relationship("PeriodReading", cascade="all, delete-orphan",
                            back_populates="period")
    assessments = relationship("GoalAssessment", cascade="all, delete-orphan",
                               back_populates="period")

    @property
    def is_approved(self):
        return self.approved_at is not None

    @property
    def title(self):
        from app import labels
        return f"{labels.PERIOD_KINDS[self.kind]} {self.year}"


class PeriodReading(db.Model):
    """An indicator's value in a period, and for an interim period the forecast for the year."""
    __tablename__ = "period_readings"
    __table_args__ = (UniqueConstraint("period_id", "indicator_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("followup_periods.id", ondelete="CASCADE"))
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"),
                                              index=True)
    value: Mapped[float | None] = mapped_column(Float)
    forecast: Mapped[float | None] = mapped_column(Float)

    period = relationship("FollowUpPeriod", back_populates="readings")
    indicator = relationship("Indicator")


class GoalAssessment(db.Model):
    """A goal's assessment in a period: achieved, partly or not, with the reasons."""
    __tablename__ = "goal_assessments"
    __table_args__ = (UniqueConstraint("period_id", "goal_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("followup_periods.id", ondelete="CASCADE"))
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"), index=True)
    rating: Mapped[Rating] = mapped_column(enum_column(Rating))
    text: Mapped[str] = mapped_column(Text, default="")

    period = relationship("FollowUpPeriod", back_populates="assessments")
    goal = relationship("Goal")


class FollowUpNotice(db.Model):
    """A resident told by email of a published follow-up: once per period."""
    __tablename__ = "followup_notices"
    __table_args__ = (UniqueConstraint("period_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("followup_periods.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    sent_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)


class KoladaResponse(db.Model):
    """Kolada's last answer for a key figure in a municipality, kept as it came."""
    __tablename__ = "kolada_responses"
    __table_args__ = (UniqueConstraint("kpi", "municipality"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kpi: Mapped[str] = mapped_column(String(20))
    municipality: Mapped[str] = mapped_column(String(10))
    body: Mapped[str] = mapped_column(Text)
    fetched_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
