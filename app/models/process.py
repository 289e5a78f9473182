"""The dialogue process: its dated phases and its focus areas."""
import enum

from sqlalchemy import (Boolean, CheckConstraint, ForeignKey, Integer, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.expression import false as sa_false

from app.extensions import db
from app.models.base import UTCDateTime, enum_column, utcnow


class PhaseKind(enum.StrEnum):
    DIALOGUE = "dialogue"        # residents submit and support proposals
    REVIEW = "review"            # moderators summarise the input
    DECISION = "decision"        # a political body meets or decides
    INFORMATION = "information"  # anything else worth showing on the timeline


class Feature(enum.StrEnum):
    """What a phase switches on. Only a dialogue phase may accept proposals and supports."""
    SUBMIT = "submit"
    SUPPORT = "support"
    COMMENT = "comment"
    REVIEW = "review"
    RESULTS = "results"


DIALOGUE_ONLY_FEATURES = frozenset({Feature.SUBMIT, Feature.SUPPORT})


class ModerationMode(enum.StrEnum):
    AFTERWARDS = "afterwards"  # published at once, reviewed afterwards
    BEFOREHAND = "beforehand"  # shown only after a moderator approves it


class Process(db.Model):
    __tablename__ = "processes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    moderation_mode: Mapped[ModerationMode] = mapped_column(
        enum_column(ModerationMode),
        default=ModerationMode.AFTERWARDS, server_default=ModerationMode.AFTERWARDS.value)
    # How many proposals one resident may support in this process; 0: no limit.
    support_limit: Mapped[int] = mapped_column(Integer, default=10, server_default="10")
    # Hide support counts until the dialogue phase ends, so early counts sway no one.
    hide_support_counts: Mapped[bool] = mapped_column(Boolean, default=False,
                                                      server_default=sa_false())
    # After this many residents' reports a proposal is hidden until a moderator decides;
    # 0: never hidden by reports alone.
    report_threshold: Mapped[int] = mapped_column(Integer, default=3, server_default="3")
    # At most this many goals may be drafted from the input.
    goals_limit: Mapped[int] = mapped_column(Integer, default=5, server_default="5")
    # When an administrator published the results ("Så användes förslagen"); residents who
    # asked to be told got one email then.
    results_published_at = mapped_column(UTCDateTime, nullable=True)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    phases = relationship("Phase", back_populates="process", cascade="all, delete-orphan",
                          order_by="(Phase.starts_at, Phase.id)")
    focus_areas = relationship("FocusArea", back_populates="process",
                               cascade="all, delete-orphan",
                               order_by="(FocusArea.position, FocusArea.id)")

    def current_phase(self, now):
        """The phase under way at `now`: a dialogue phase wins over others that overlap it."""
        running = [phase for phase in self.phases if phase.contains(now)]
        if not running:
            return None
        return max(running, key=lambda p: (p.kind == PhaseKind.DIALOGUE, p.starts_at))

    def next_phase(self, now):
        return next((phase for phase in self.phases if phase.starts_at > now), None)

    def dialogue_open_until(self, now):
        """The dialogue phase not yet over at `now` (running or to come), or None once
        every dialogue phase has ended: the input is then complete."""
        return next((phase for phase in reversed(self.phases)
                     if phase.kind == PhaseKind.DIALOGUE and now < phase.ends_at), None)

    def is_open_for(self, feature, now):
        """Whether a phase running at `now` has `feature` on: the server-side check behind
        every submit and support."""
        return any(phase.contains(now) and phase.has(feature) for phase in self.phases)

    def __repr__(self):
        return f"<Process {self.slug}>"


class Phase(db.Model):
    __tablename__ = "phases"
    __table_args__ = (CheckConstraint("ends_at > starts_at", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"),
                                            index=True)
    name: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(String(60), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[PhaseKind] = mapped_column(enum_column(PhaseKind))
    starts_at = mapped_column(UTCDateTime, nullable=False)
    ends_at = mapped_column(UTCDateTime, nullable=False)
    allows_submit: Mapped[bool] = mapped_column(Boolean, default=False)
    allows_support: Mapped[bool] = mapped_column(Boolean, default=False)
    allows_comment: Mapped[bool] = mapped_column(Boolean, default=False)
    allows_review: Mapped[bool] = mapped_column(Boolean, default=False)
    allows_results: Mapped[bool] = mapped_column(Boolean, default=False)

    process = relationship("Process", back_populates="phases")

    @property
    def features(self):
        return {feature for feature in Feature if getattr(self, f"allows_{feature}")}

    @features.setter
    def features(self, features):
        for feature in Feature:
            setattr(self, f"allows_{feature}", feature in features)

    def has(self, feature):
        return getattr(self, f"allows_{feature}")

    def contains(self, now):
        return self.starts_at <= now < self.ends_at

    def status(self, now):
        if now < self.starts_at:
            return "upcoming"
        return "current" if now < self.ends_at else "past"

    def __repr__(self):
        return f"<Phase {self.name} {self.kind}>"


class FocusArea(db.Model):
    """One of the 4-5 areas the politicians chose; every proposal belongs to one."""
    __tablename__ = "focus_areas"
    __table_args__ = (UniqueConstraint("process_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"),
                                            index=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    process = relationship("Process", back_populates="focus_areas")

    def __repr__(self):
        return f"<FocusArea {self.name}>"
