"""Residents' comments on proposals: for, against or neutral, with one level of replies,
marked helpful by other residents and reported like proposals."""
import datetime as dt
import enum

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, enum_column, utcnow
from app.models.proposal import ReportReason


class Stance(enum.StrEnum):
    FOR = "for"
    AGAINST = "against"
    NEUTRAL = "neutral"


class CommentStatus(enum.StrEnum):
    PENDING = "pending"      # waiting for a moderator (pre-moderated processes)
    PUBLISHED = "published"
    HIDDEN = "hidden"        # by a moderator citing a rule, or by reports; kept
    DELETED = "deleted"      # by its author; kept as a public record, its words not shown


class Comment(db.Model):
    __tablename__ = "comments"
    __table_args__ = (
        # A proposal's discussion, page by page, in each order.
        Index("ix_comments_thread", "proposal_id", "parent_id", "created_at"),
        Index("ix_comments_by_helpful", "proposal_id", "parent_id", "helpful_count"),
        # KSAU's counts per proposal and side.
        Index("ix_comments_stance", "proposal_id", "stance", "status"),
        # The moderators' queue of one process.
        Index("ix_comments_queue", "process_id", "needs_review", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    # The proposal's process, kept with the comment for the moderators' queue.
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    # Set on a reply: the comment it answers, itself never a reply (services.comments).
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"),
                                                  index=True)
    # Emptied when the resident deletes the account: the comment stays, as "Deleted user".
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    # Written by a moderator or administrator for the municipality, and shown as such.
    as_municipality: Mapped[bool] = mapped_column(Boolean, default=False)
    stance: Mapped[Stance] = mapped_column(enum_column(Stance), default=Stance.NEUTRAL)
    body: Mapped[str] = mapped_column(Text)  # HTML, always from app.sanitize.clean_html
    body_text: Mapped[str] = mapped_column(Text)
    status: Mapped[CommentStatus] = mapped_column(enum_column(CommentStatus),
                                                  default=CommentStatus.PUBLISHED)
    status_before_hidden: Mapped[CommentStatus | None] = mapped_column(
        enum_column(CommentStatus))
    # None while hidden by reports, waiting for a moderator to decide.
    hidden_reason: Mapped[ReportReason | None] = mapped_column(enum_column(ReportReason))
    hidden_message: Mapped[str] = mapped_column(Text, default="")
    hidden_at = mapped_column(UTCDateTime, nullable=True)
    # In the moderators' queue: waiting for approval, reported, or hidden by reports.
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False)
    # Kept by services.comments in the same transaction as the marks themselves.
    helpful_count: Mapped[int] = mapped_column(Integer, default=0)
    # Picked by a moderator as its side's argument for KSAU, over the most helpful one.
    featured_at = mapped_column(UTCDateTime, nullable=True)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    edited_at = mapped_column(UTCDateTime, nullable=True)
    deleted_at = mapped_column(UTCDateTime, nullable=True)

    proposal = relationship("Proposal")
    author = relationship("User")
    parent = relationship("Comment", remote_side="Comment.id")

    @property
    def is_visible(self):
        """Its words are shown to everyone."""
        return self.status == CommentStatus.PUBLISHED

    @property
    def is_reply(self):
        return self.parent_id is not None

    def is_own(self, user):
        return (user.is_authenticated and self.author_id is not None
                and self.author_id == user.id)

    def can_edit(self, user, now, window):
        """Its author, for a short while after writing it, unless a moderator acted."""
        return (self.is_own(user)
                and self.status in (CommentStatus.PENDING, CommentStatus.PUBLISHED)
                and now - self.created_at <= window)

    def can_delete(self, user):
        return self.is_own(user) and self.status in (CommentStatus.PENDING,
                                                     CommentStatus.PUBLISHED)

    @property
    def can_be_featured(self):
        """A resident's published argument for or against."""
        return (self.status == CommentStatus.PUBLISHED and not self.as_municipality
                and self.stance != Stance.NEUTRAL)

    def shows_words_to(self, user):
        """Published words are for everyone; the rest for its author and the moderators."""
        from app.permissions import Permission
        if self.status == CommentStatus.DELETED:
            return False
        return self.is_visible or self.is_own(user) or (
            user.is_authenticated and user.can(Permission.MODERATE))

    def author_name(self):
        from flask_babel import gettext
        if self.as_municipality:
            return gettext("The municipality")
        return self.author.public_name() if self.author else gettext("Resident")

    @property
    def reference(self):
        """For the audit log: the proposal's reference and the comment's number."""
        return f"{self.proposal.reference} #{self.id}"

    def __repr__(self):
        return f"<Comment {self.id} {self.status}>"


class HelpfulMark(db.Model):
    """A resident found a comment helpful; once per resident and comment (the database
    says so)."""
    __tablename__ = "helpful_marks"
    __table_args__ = (UniqueConstraint("comment_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)


class CommentReport(db.Model):
    """A resident tells the moderators that a comment breaks a rule; once per comment."""
    __tablename__ = "comment_reports"
    __table_args__ = (UniqueConstraint("comment_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    reason: Mapped[ReportReason] = mapped_column(enum_column(ReportReason))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    resolved_at = mapped_column(UTCDateTime, nullable=True)
    upheld: Mapped[bool | None] = mapped_column()


class Follow(db.Model):
    """A resident follows a proposal's discussion. Authors follow their own without a row
    (services.digests)."""
    __tablename__ = "follows"
    __table_args__ = (UniqueConstraint("user_id", "proposal_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"),
                                             index=True)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    proposal = relationship("Proposal")


class DigestChoice(enum.StrEnum):
    DAILY = "daily"
    NONE = "none"


class CommentDigest(db.Model):
    """A resident's choice of a daily email of new comments on the proposals they follow,
    and how far it has been sent: at most one a day, however often the command runs."""
    __tablename__ = "comment_digests"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    choice: Mapped[DigestChoice] = mapped_column(enum_column(DigestChoice),
                                                 default=DigestChoice.NONE)
    # Comments written up to this instant have been sent (or were before the choice).
    covered_until = mapped_column(UTCDateTime, nullable=False, default=utcnow)
    # The local day the last digest went out.
    sent_on: Mapped[dt.date | None] = mapped_column(Date)

    user = relationship("User")
