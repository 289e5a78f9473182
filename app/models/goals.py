"""The goals KSAU drafts from the input, each linked to the evidence that shaped it."""
import datetime as dt
import enum

from sqlalchemy import Column, Date, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, enum_column, utcnow


class GoalStatus(enum.StrEnum):
    DRAFT = "draft"          # being written by the committee
    PROPOSED = "proposed"    # proposed to the municipal executive board (KS)
    DECIDED = "decided"      # decided, with the date and the body (e.g. "KF 24/6")


def _link_table(name, column, target):
    return Table(
        name, db.metadata,
        Column("goal_id", ForeignKey("goals.id", ondelete="CASCADE"), primary_key=True),
        Column(column, ForeignKey(target, ondelete="CASCADE"), primary_key=True, index=True))


goal_themes = _link_table("goal_themes", "theme_id", "themes.id")
goal_keywords = _link_table("goal_keywords", "keyword_id", "keywords.id")
goal_proposals = _link_table("goal_proposals", "proposal_id", "proposals.id")
goal_sdg_goals = _link_table("goal_sdg_goals", "sdg_goal_number", "sdg_goals.number")


class Goal(db.Model):
    __tablename__ = "goals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"),
                                            index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[GoalStatus] = mapped_column(enum_column(GoalStatus), default=GoalStatus.DRAFT)
    decided_on: Mapped[dt.date | None] = mapped_column(Date)
    decided_by: Mapped[str] = mapped_column(String(60), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    process = relationship("Process")
    themes = relationship("Theme", secondary=goal_themes, order_by="Theme.name")
    keywords = relationship("Keyword", secondary=goal_keywords, order_by="Keyword.name")
    proposals = relationship("Proposal", secondary=goal_proposals,
                             order_by="(Proposal.year, Proposal.number)")
    sdg_goals = relationship("SdgGoal", secondary=goal_sdg_goals, order_by="SdgGoal.number")
    comments = relationship("GoalComment", order_by="GoalComment.id",
                            cascade="all, delete-orphan")

    @property
    def is_public(self):
        """Shown on the results page once published: proposed or decided, not a draft."""
        return self.status in (GoalStatus.PROPOSED, GoalStatus.DECIDED)

    @property
    def public_proposals(self):
        """The linked proposals the public may see, by reference: a merged one as the
        proposal it went into (its supports are counted there), each once; one hidden since
        left out."""
        from app.models.proposal import PUBLIC_STATUSES, ProposalStatus
        shown = {}
        for proposal in self.proposals:
            standing = proposal.merged_into if proposal.status == ProposalStatus.MERGED \
                else proposal
            if standing is not None and standing.status in PUBLIC_STATUSES:
                shown.setdefault(standing.id, standing)
        return sorted(shown.values(), key=lambda p: (p.year, p.number))

    def __repr__(self):
        return f"<Goal {self.title}>"


class GoalComment(db.Model):
    """A committee member's comment on a draft goal, for the other members."""
    __tablename__ = "goal_comments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    author = relationship("User")
