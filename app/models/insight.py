"""What the insight engine computed for a process, stored so that every app server reads
the same results and no request ever fits a model: the fitted engine itself, the likely
duplicate pairs and the emerging themes. `flask insight refresh` replaces them."""
from sqlalchemy import (JSON, CheckConstraint, Float, ForeignKey, Index, Integer, LargeBinary,
                        String, UniqueConstraint)
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, utcnow


class InsightModel(db.Model):
    """The fitted engine of a process (a pickled `insight.engine.Engine`), with when it
    was fitted and on how much: the pages say how fresh their suggestions are."""
    __tablename__ = "insight_models"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"),
                                            unique=True)
    fitted_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    proposal_count: Mapped[int] = mapped_column(Integer, default=0)
    tagged_count: Mapped[int] = mapped_column(Integer, default=0)
    engine: Mapped[bytes] = mapped_column(LargeBinary)


class _ProposalPair:
    """Two proposals of a process, the lower id first, each pair at most once."""
    # The index a process's pairs are read by: its name and its columns.
    BY_PROCESS = ("ix_{table}_process_id", ("process_id",))

    @declared_attr.directive
    def __table_args__(cls):  # constraints of their own for each table
        name, columns = cls.BY_PROCESS
        return (UniqueConstraint("first_id", "second_id"),
                CheckConstraint("first_id < second_id", name="ordered"),
                Index(name.format(table=cls.__tablename__), *columns))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    first_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    second_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"),
                                           index=True)


class DuplicatePair(_ProposalPair, db.Model):
    """Two proposals the engine finds likely to ask the same thing."""
    __tablename__ = "insight_duplicate_pairs"
    # The duplicates queue reads a process's likeliest pairs first: walked from the end of
    # this index, the first hundred are read without sorting the process's every pair
    # (about a second at 100,000 proposals, with some 240,000 pairs).
    BY_PROCESS = ("ix_{table}_by_score", ("process_id", "score", "id"))

    score: Mapped[float] = mapped_column(Float)

    first = relationship("Proposal", foreign_keys="DuplicatePair.first_id")
    second = relationship("Proposal", foreign_keys="DuplicatePair.second_id")


class DistinctPair(_ProposalPair, db.Model):
    """Two proposals a moderator decided do not ask the same thing: no refresh suggests
    them as duplicates again. Unique, so two moderators deciding at once make one
    decision."""
    __tablename__ = "insight_distinct_pairs"

    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id",
                                                                 ondelete="SET NULL"))
    decided_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)


class EmergingTheme(db.Model):
    """A group of untagged proposals that belong together, with a suggested keyword name
    and its telling words. `keyword_id` is set once a moderator made a keyword of it, or
    tagged it with one the process had."""
    __tablename__ = "insight_emerging_themes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"),
                                            index=True)
    name: Mapped[str] = mapped_column(String(80))
    words = mapped_column(JSON, nullable=False)
    proposal_ids = mapped_column(JSON, nullable=False)
    computed_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    keyword_id: Mapped[int | None] = mapped_column(ForeignKey("keywords.id", ondelete="SET NULL"))

    process = relationship("Process")
    keyword = relationship("Keyword")


class LeftOut(db.Model):
    """A proposal a moderator left out of the emerging themes (from the group `group_name`,
    which did not fit it): no group's keyword tags it, and no refresh puts it in a group
    again, until a moderator takes that back. Unique: one decision per proposal."""
    __tablename__ = "insight_left_out"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"),
                                            index=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"),
                                             unique=True)
    group_name: Mapped[str] = mapped_column(String(80))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id",
                                                                 ondelete="SET NULL"))
    decided_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)


class StoredSuggestion(db.Model):
    """A proposal's likeliest keywords as the last refresh found them (best first, with
    the words behind each), for lists such as the moderation queue, which show many
    proposals and so read them instead of asking the engine."""
    __tablename__ = "insight_keyword_suggestions"
    # The queue's filter "suggested first" reads the process's proposals of one keyword.
    __table_args__ = (Index("ix_insight_keyword_suggestions_first", "process_id",
                            "first_keyword_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"),
                                             unique=True)
    keyword_ids = mapped_column(JSON, nullable=False)
    first_keyword_id: Mapped[int | None] = mapped_column(Integer)  # keyword_ids[0]
    reasons = mapped_column(JSON, nullable=False)
