"""Proposals from residents (and later from paper and Open Space), and their supports."""
import datetime as dt
import enum

from sqlalchemy import (JSON, CheckConstraint, Date, ForeignKey, Index, Integer, LargeBinary,
                        String, Text, UniqueConstraint, text)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import UTCDateTime, enum_column, utcnow


class ProposalStatus(enum.StrEnum):
    DRAFT = "draft"          # being written: only its author sees it
    PENDING = "pending"      # sent, waiting for a moderator (pre-moderated processes)
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"  # by its author; stays visible, marked as withdrawn
    HIDDEN = "hidden"        # by a moderator, with a rule; kept as a public record
    MERGED = "merged"        # into another proposal saying the same, which it leads to


# The statuses the public list shows.
PUBLIC_STATUSES = (ProposalStatus.PUBLISHED, ProposalStatus.WITHDRAWN)
# Sent, so part of the input: a public record with a page of its own, if not in the list.
SENT_STATUSES = (ProposalStatus.PENDING, ProposalStatus.PUBLISHED, ProposalStatus.WITHDRAWN,
                 ProposalStatus.HIDDEN, ProposalStatus.MERGED)


class Channel(enum.StrEnum):
    """Where a proposal came in."""
    DIGITAL = "digital"
    PLACE = "place"
    OPEN_SPACE = "open_space"
    EMAIL = "email"
    LETTER = "letter"


class AnswerStatus(enum.StrEnum):
    """The municipality's public answer: what is happening to the proposal."""
    RECEIVED = "received"
    UNDER_CONSIDERATION = "considering"
    PART_OF_THEME = "part_of_theme"
    NOT_TAKEN_FURTHER = "not_further"


class WithdrawalReason(enum.StrEnum):
    DUPLICATE = "duplicate"
    NO_LONGER_RELEVANT = "no_longer_relevant"
    OTHER = "other"


class ReportReason(enum.StrEnum):
    """The published rules: what a proposal may not contain. A moderator hides a proposal
    citing one of them; a resident reports one citing one of them."""
    ILLEGAL = "illegal"
    INDIVIDUAL_CASE = "individual_case"
    IDENTIFIES_PERSON = "identifies_person"
    COMMERCIAL = "commercial"
    OFFENSIVE = "offensive"
    OFF_TOPIC = "off_topic"
    DUPLICATE = "duplicate"


class District(db.Model):
    """A part of the municipality a proposal may concern (admin-managed, optional)."""
    __tablename__ = "districts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Proposal(db.Model):
    __tablename__ = "proposals"
    __table_args__ = (
        UniqueConstraint("year", "number"),
        # Status is left out on purpose: the list shows two statuses, and an index in
        # (process, order) lets the database read the first page straight off it.
        Index("ix_proposals_by_supports", "process_id", "supports_count"),
        Index("ix_proposals_by_newest", "process_id", "published_at"),
        Index("ix_proposals_by_shuffle", "process_id", "shuffle_key"),
        Index("ix_proposals_by_status", "process_id", "status"),  # counts, from the index
        # The moderators' queues count from these alone: not reviewed, and without keywords.
        Index("ix_proposals_for_review", "process_id", "reviewed_at", "status"),
        Index("ix_proposals_untagged", "process_id", "keyword_count", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    focus_area_id: Mapped[int] = mapped_column(ForeignKey("focus_areas.id"), index=True)
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id"), index=True)
    # The public reference, e.g. 2019-0042: the year it was sent and its number that year.
    year: Mapped[int | None] = mapped_column(Integer)
    number: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(Text)  # HTML, always from app.sanitize.clean_html
    body_text: Mapped[str] = mapped_column(Text)  # the words only, for search and excerpts
    # The last words of its compounds ("gård" of "fritidsgård"), searched with the text
    # (services.search.heads).
    search_heads: Mapped[str] = mapped_column(Text, default="", server_default="")
    show_name: Mapped[bool] = mapped_column(default=False)
    status: Mapped[ProposalStatus] = mapped_column(enum_column(ProposalStatus),
                                                   default=ProposalStatus.DRAFT)
    withdrawal_reason: Mapped[WithdrawalReason | None] = mapped_column(
        enum_column(WithdrawalReason))
    withdrawal_note: Mapped[str] = mapped_column(Text, default="")
    # A random place in the process's shuffled order, drawn when the proposal is sent; each
    # visitor starts reading the shuffle at a point of their own (services.listing).
    shuffle_key: Mapped[int] = mapped_column(Integer, default=0)
    channel: Mapped[Channel] = mapped_column(enum_column(Channel), default=Channel.DIGITAL,
                                             server_default=Channel.DIGITAL.value)
    # Input from the other channels (services.paper): where and when it came in, and the
    # moderator who typed it (never shown as its author).
    place_id: Mapped[int | None] = mapped_column(ForeignKey("places.id"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("open_space_sessions.id"),
                                                   index=True)
    received_on: Mapped[dt.date | None] = mapped_column(Date)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # A fingerprint of an imported row: the same row imported twice is found, not added.
    import_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"),
                                                        index=True)
    # Supports given on paper (PaperSupport), counted apart from online ones.
    paper_supports_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Moderation. `revision` grows with every moderator change: a form that was opened
    # before the last change is refused instead of overwriting it.
    revision: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    reviewed_at = mapped_column(UTCDateTime, nullable=True)
    hidden_at = mapped_column(UTCDateTime, nullable=True)
    # None while hidden: hidden by reports, waiting for a moderator to decide.
    hidden_reason: Mapped[ReportReason | None] = mapped_column(enum_column(ReportReason))
    hidden_message: Mapped[str] = mapped_column(Text, default="", server_default="")
    # What a hidden proposal was before, so restoring it never skips an approval.
    status_before_hidden: Mapped[ProposalStatus | None] = mapped_column(
        enum_column(ProposalStatus))
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id"), index=True)
    # How many keywords it has, kept with the tags (services.moderation, taxonomy), so the
    # queue of untagged proposals is counted from an index.
    keyword_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The ids of the similar proposals its page shows, worked out once (services.proposals.
    # similar_for_page); None until then.
    similar_ids = mapped_column(JSON, nullable=True)
    answer_status: Mapped[AnswerStatus] = mapped_column(
        enum_column(AnswerStatus), default=AnswerStatus.RECEIVED,
        server_default=AnswerStatus.RECEIVED.value)
    answer_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    answered_at = mapped_column(UTCDateTime, nullable=True)
    # What in its text looks like it identifies a person ("id_number,phone,email", or ""):
    # the moderators' queue flags it (services.personal_data).
    personal_data: Mapped[str] = mapped_column(String(40), default="", server_default="")
    # Kept by the support services in the same transaction as the supports themselves.
    supports_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    updated_at = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False)
    published_at = mapped_column(UTCDateTime, nullable=True)

    process = relationship("Process")
    author = relationship("User", foreign_keys=[author_id])
    focus_area = relationship("FocusArea")
    district = relationship("District")
    merged_into = relationship("Proposal", remote_side="Proposal.id")
    place = relationship("Place")
    session = relationship("OpenSpaceSession")
    import_batch = relationship("ImportBatch")
    paper_supports = relationship("PaperSupport", order_by="PaperSupport.id",
                                  cascade="all, delete-orphan")
    keywords = relationship("Keyword", secondary="proposal_keywords", order_by="Keyword.name")
    themes = relationship("Theme", secondary="proposal_themes", order_by="Theme.name")
    sdg_goals = relationship("SdgGoal", secondary="proposal_sdg_goals",
                             order_by="SdgGoal.number")
    notes = relationship("ModeratorNote", order_by="ModeratorNote.created_at",
                         cascade="all, delete-orphan")

    @property
    def reference(self):
        return self.format_reference(self.year, self.number) if self.number else None

    @staticmethod
    def format_reference(year, number):
        return f"{year}-{number:04d}"

    @property
    def is_public(self):
        """Shown in full to everyone: published, or withdrawn by its author."""
        return self.status in PUBLIC_STATUSES

    @property
    def is_sent(self):
        return self.status in SENT_STATUSES

    @property
    def is_hidden(self):
        return self.status == ProposalStatus.HIDDEN

    @property
    def tags(self):
        return [*self.keywords, *self.themes]

    def author_name(self):
        """What the public sees as author: the display name only if the author chose so."""
        from flask_babel import gettext
        if self.author is None:
            return gettext("Resident")
        if self.author.is_deleted:
            return self.author.public_name()
        return self.author.public_name() if self.show_name else gettext("Resident")

    def can_edit(self, user, now):
        """The author, while the dialogue is open and before anyone else has supported it."""
        return (user.is_authenticated and user.id == self.author_id
                and self.status in (ProposalStatus.DRAFT, ProposalStatus.PENDING,
                                    ProposalStatus.PUBLISHED)
                and self.supports_count == 0 and self.process.is_open_for("submit", now))

    def can_withdraw(self, user, now):
        """Only a published proposal: a withdrawn one stays public, and a pending one was
        never approved to be shown (its author edits it instead)."""
        return (user.is_authenticated and user.id == self.author_id
                and self.status == ProposalStatus.PUBLISHED
                and self.process.is_open_for("submit", now))

    def __repr__(self):
        return f"<Proposal {self.reference or self.id} {self.status}>"


class Support(db.Model):
    """One resident backs one proposal, once, and at most the process's limit of proposals:
    the database enforces both.

    Each of a resident's supports in a process takes a numbered slot, 1, 2, 3..., unique
    per resident and process, and a support may only take a slot within the limit. Two
    supports sent at the same moment cannot take the same slot, so however many arrive
    at once, on however many app servers, no one holds more supports than slots.
    """
    __tablename__ = "supports"
    __table_args__ = (UniqueConstraint("proposal_id", "user_id"),
                      # Also who supported anything in a process, counted from the index.
                      UniqueConstraint("process_id", "user_id", "slot"),
                      CheckConstraint("slot >= 1", name="slot_positive"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"),
                                             index=True)
    # The proposal's process, kept with the support (a support never moves between
    # processes: merging stays within one).
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"))
    # Emptied when the resident deletes the account after supporting has ended: the support
    # still counts (while it is open, the support is taken back).
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    slot: Mapped[int | None] = mapped_column(Integer)
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)

    proposal = relationship("Proposal")
    process = relationship("Process")
    user = relationship("User")


class ProposalMerge(db.Model):
    """A merge and what it changed, so that a moderator can take it back: the supports that
    moved, those that went (their residents already backed the target), the paper supports
    moved, the tags it added to the target and the proposals merged earlier that it led on
    to the target. A proposal has at most one merge not taken back: the database refuses a
    second."""
    __tablename__ = "proposal_merges"
    __table_args__ = (Index("uq_proposal_merges_open", "source_id", unique=True,
                            sqlite_where=text("undone_at IS NULL"),
                            postgresql_where=text("undone_at IS NULL")),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"),
                                           index=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"),
                                           index=True)
    # What the source was before (published or withdrawn), what it becomes again.
    source_status: Mapped[ProposalStatus] = mapped_column(enum_column(ProposalStatus))
    # The supports that moved, by row and by person: in a chain of merges a support may
    # be given back as a new row, and a resident who deletes their account leaves the row.
    moved_user_ids = mapped_column(JSON, nullable=False)          # [User.id]
    moved_support_ids = mapped_column(JSON, nullable=False)       # [Support.id]
    paper_support_ids = mapped_column(JSON, nullable=False)       # [PaperSupport.id]
    added_tags = mapped_column(JSON, nullable=False)  # {"keywords", "themes", "sdg_goals"}
    redirected_ids = mapped_column(JSON, nullable=False)          # [Proposal.id]
    merged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id",
                                                                ondelete="SET NULL"))
    merged_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    undone_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id",
                                                                ondelete="SET NULL"))
    undone_at = mapped_column(UTCDateTime, nullable=True)

    source = relationship("Proposal", foreign_keys=[source_id])
    target = relationship("Proposal", foreign_keys=[target_id])
    merged_by = relationship("User", foreign_keys=[merged_by_id])
    dropped = relationship("DroppedSupport", order_by="DroppedSupport.id",
                           cascade="all, delete-orphan")


class DroppedSupport(db.Model):
    """A support on a merged proposal from a resident who already backed the target: it
    went, so that no one counts twice, and comes back if the merge is taken back. Emptied of
    the resident, like their supports, when they delete their account."""
    __tablename__ = "proposal_merge_dropped_supports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    merge_id: Mapped[int] = mapped_column(ForeignKey("proposal_merges.id", ondelete="CASCADE"),
                                          index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    given_at = mapped_column(UTCDateTime, nullable=False)


class Report(db.Model):
    """A resident tells the moderators that a proposal breaks a rule; once per proposal."""
    __tablename__ = "reports"
    __table_args__ = (UniqueConstraint("proposal_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"),
                                             index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    reason: Mapped[ReportReason] = mapped_column(enum_column(ReportReason))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    # Set when a moderator has decided: the report was upheld, or cleared.
    resolved_at = mapped_column(UTCDateTime, nullable=True)
    upheld: Mapped[bool | None] = mapped_column()

    user = relationship("User")


class ImportBatch(db.Model):
    """An uploaded file of paper proposals: kept in the database (every app server sees it)
    from the dry run to the import, and afterwards as the record of where they came from."""
    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("processes.id", ondelete="CASCADE"),
                                            index=True)
    filename: Mapped[str] = mapped_column(String(200))
    content = mapped_column(LargeBinary, nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    imported_at = mapped_column(UTCDateTime, nullable=True)
    created_count: Mapped[int] = mapped_column(Integer, default=0)
    # Rows imported before (from this file or another), and rows repeated within it.
    existing_count: Mapped[int] = mapped_column(Integer, default=0)
    repeated_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    process = relationship("Process")
    uploaded_by = relationship("User")
