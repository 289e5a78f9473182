"""What moderators add to the input: the taxonomy (keywords with their meaning, strategy
themes), the tags on each proposal, private notes, and the audit log of every decision."""
from sqlalchemy import (JSON, Column, ForeignKey, Index, Integer, String, Table, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from app.extensions import db
from app.models.base import UTCDateTime, utcnow

# The tags on a proposal. Each table's key leads with the proposal (its tags); the index
# on the tag serves the filters (the proposals with a tag).
proposal_keywords = Table(
    "proposal_keywords", db.metadata,
    Column("proposal_id", ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True),
    Column("keyword_id", ForeignKey("keywords.id", ondelete="CASCADE"), primary_key=True,
           index=True),
)
proposal_themes = Table(
    "proposal_themes", db.metadata,
    Column("proposal_id", ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("themes.id", ondelete="CASCADE"), primary_key=True,
           index=True),
)
proposal_sdg_goals = Table(
    "proposal_sdg_goals", db.metadata,
    Column("proposal_id", ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True),
    Column("sdg_goal_number", ForeignKey("sdg_goals.number"), primary_key=True, index=True),
)
theme_sdg_goals = Table(
    "theme_sdg_goals", db.metadata,
    Column("theme_id", ForeignKey("themes.id", ondelete="CASCADE"), primary_key=True),
    Column("sdg_goal_number", ForeignKey("sdg_goals.number"), primary_key=True),
)


class NamedOnce:
    """A name unique in its process whatever its letters' case ("Översvämning" and
    "översvämning" are one keyword): the database holds the case-folded name (`name_key`)
    under a unique constraint, so two moderators saving the same name at once make one."""

    @validates("name")
    def _keep_key(self, _field, name):
        self.name_key = (name or "").casefold()
        return name


class Theme(NamedOnce, db.Model):
    """A strategy or programme theme that groups keywords: what KSAU reads first."""
    __tablename__ = "themes"
    __table_args__ = (UniqueConstraint("process_id", "name"),
                      UniqueConstraint("process_id", "name_key"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"),
                                            index=True)
    name: Mapped[str] = mapped_column(String(120))
    name_key: Mapped[str] = mapped_column(String(120), default="", server_default="")
    description: Mapped[str] = mapped_column(Text, default="")
    # The moderators' synthesis of the input for KSAU ("strategi/program"); its earlier
    # versions are TextVersions.
    synthesis: Mapped[str] = mapped_column(Text, default="", server_default="")
    archived_at = mapped_column(UTCDateTime, nullable=True)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id"))
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    process = relationship("Process")
    sdg_goals = relationship("SdgGoal", secondary=theme_sdg_goals, order_by="SdgGoal.number")
    keywords = relationship("Keyword", back_populates="theme", order_by="Keyword.name")
    quotes = relationship("Quote", order_by="Quote.id", viewonly=True)

    @property
    def is_archived(self):
        return self.archived_at is not None

    def __repr__(self):
        return f"<Theme {self.name}>"


class Keyword(NamedOnce, db.Model):
    """A keyword and its meaning ("innebörd"), as the moderators summarise the input."""
    __tablename__ = "keywords"
    __table_args__ = (UniqueConstraint("process_id", "name"),
                      UniqueConstraint("process_id", "name_key"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"),
                                            index=True)
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id", ondelete="SET NULL"),
                                                 index=True)
    name: Mapped[str] = mapped_column(String(80))
    name_key: Mapped[str] = mapped_column(String(80), default="", server_default="")
    meaning: Mapped[str] = mapped_column(Text, default="")
    archived_at = mapped_column(UTCDateTime, nullable=True)
    # Set when merged into another keyword: the name stays findable in the audit log.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("keywords.id"))
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    process = relationship("Process")
    theme = relationship("Theme", back_populates="keywords")

    @property
    def is_archived(self):
        return self.archived_at is not None

    def __repr__(self):
        return f"<Keyword {self.name}>"


class ModeratorNote(db.Model):
    """A moderator's private note on a proposal: residents never see it."""
    __tablename__ = "moderator_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"),
                                             index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    author = relationship("User")


class AuditEntry(db.Model):
    """One moderator or administrator action: who, when, what, before and after.

    Written in the same transaction as the action itself; nothing in the application
    changes or deletes an entry."""
    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_by_time", "created_at", "id"),
                      Index("ix_audit_entries_target", "target_type", "target_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    # A copy, so the log still says who it was if the account is later deleted.
    actor_name: Mapped[str] = mapped_column(String(254), default="")
    action: Mapped[str] = mapped_column(String(60), index=True)
    target_type: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[int | None] = mapped_column(Integer)
    target_label: Mapped[str] = mapped_column(String(200), default="")
    process_id: Mapped[int | None] = mapped_column(
        ForeignKey("processes.id", ondelete="SET NULL"), index=True)
    before = mapped_column(JSON, nullable=True)
    after = mapped_column(JSON, nullable=True)

    actor = relationship("User")


class TextVersion(db.Model):
    """One version of a text the moderators write for KSAU: a keyword's meaning or a
    strategy theme's synthesis. Every save adds one; none is changed or removed."""
    __tablename__ = "text_versions"
    __table_args__ = (Index("ix_text_versions_target", "target_type", "target_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    target_type: Mapped[str] = mapped_column(String(20))  # "keyword" or "theme"
    target_id: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    author_name: Mapped[str] = mapped_column(String(120), default="")
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)


class Quote(db.Model):
    """Words from a proposal that a moderator picked to show what a theme is about."""
    __tablename__ = "quotes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("themes.id", ondelete="CASCADE"),
                                          index=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"),
                                             index=True)
    text: Mapped[str] = mapped_column(Text)
    picked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    theme = relationship("Theme")
    proposal = relationship("Proposal")
