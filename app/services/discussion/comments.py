"""Comments on proposals: writing, answering, editing and deleting one's own, marking
others' as helpful, reporting, and the moderators' decisions. One unit of work per
function; every rule is checked here, whatever the form did.

A comment is a public record like a proposal: deleting or hiding it keeps the row and
shows, in its place, that it was deleted by its author or hidden by a rule.
"""
import re
from collections import defaultdict
from datetime import timedelta

from flask import current_app
from sqlalchemy import case, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.i18n import AT_MOST_CHARACTERS, filled_in
from app.i18n import lazy_gettext as _l
from app.models import (PUBLIC_STATUSES, Comment, CommentReport, CommentStatus, Feature,
                        HelpfulMark, ModerationMode, Proposal, ProposalStatus, ReportReason,
                        Stance, proposal_themes)
from app.permissions import Permission, PermissionDenied, require
from app.sanitize import clean_html, plain_text
from app.services import audit, locking, notifications
from app.services.review import reports
from app.services.errors import DomainError
from app.services.participation.listing import Page
from app.services.participation.proposals import require_participant, require_verified

TEXT_LENGTH = 2000
MAX_LINKS = 3
PER_PAGE = 50
SORTS = ("oldest", "newest", "helpful")
# Statuses whose words a reader may still see (or that wait to be shown).
LIVE = (CommentStatus.PENDING, CommentStatus.PUBLISHED)


class NotYours(DomainError):
    pass


class AlreadyMarked(DomainError):
    pass


AlreadyReported = reports.AlreadyReported


def edit_window():
    return timedelta(minutes=current_app.config["COMMENT_EDIT_MINUTES"])


def may_post_as_municipality(user):
    return user.is_authenticated and user.can(Permission.MODERATE)


NOT_PUBLISHED = _l("This proposal takes no comments: only published proposals can be "
                   "discussed, not hidden, withdrawn or merged ones.")
SENT_AGAIN_WITHIN = timedelta(minutes=10)
PHASE_CLOSED = _l("Comments are not open in this phase of the process.")


def closed_because(proposal, now):
    """Why `proposal` takes no comments now, or None when it does: it must be published,
    in a phase that has comments on."""
    if proposal.status != ProposalStatus.PUBLISHED:
        return NOT_PUBLISHED
    if not proposal.process.is_open_for(Feature.COMMENT, now):
        return PHASE_CLOSED
    return None


def is_open(proposal, now):
    return closed_because(proposal, now) is None


def _require_open(user, proposal, now):
    require_participant(user, proposal.process, Feature.COMMENT, now)
    # Read again, locked (shared: residents comment at once): a proposal hidden or merged
    # since the page was opened takes no comment.
    locking.hold(proposal, shared=True)
    if proposal.status != ProposalStatus.PUBLISHED:
        raise DomainError(NOT_PUBLISHED)


def _content(body, stance):
    """The sanitiser's HTML for `body` and its words, checked, and the stance."""
    try:
        stance = Stance(stance)
    except ValueError:
        raise DomainError(_l("Choose whether you are for or against the proposal, or "
                             "neither."), "stance")
    html = clean_html(body or "")
    text = plain_text(html)
    if not text:
        raise DomainError(_l("Write the comment."), "body")
    if len(text) > TEXT_LENGTH:
        raise DomainError(filled_in(AT_MOST_CHARACTERS, max=TEXT_LENGTH), "body")
    if len(re.findall(r"<a\s", html)) > MAX_LINKS:
        raise DomainError(_l("A comment may have at most %(n)d links.", n=MAX_LINKS), "body")
    return html, text, stance


def write(user, proposal, *, body, stance, now, parent=None, as_municipality=False):
    """A new comment on `proposal`, or an answer to `parent`, one of its comments that is
    not itself an answer. In a pre-moderated process a resident's comment waits for a
    moderator; one written for the municipality does not."""
    _require_open(user, proposal, now)
    if as_municipality and not may_post_as_municipality(user):
        raise PermissionDenied("post as the municipality")
    if parent is not None:
        if parent.proposal_id != proposal.id:
            raise PermissionDenied("answer elsewhere")
        if parent.is_reply:
            raise DomainError(_l("Answers cannot be answered: write an answer to the comment "
                                 "above it instead."))
        if parent.status != CommentStatus.PUBLISHED:
            raise DomainError(_l("This comment cannot be answered."))
    html, text, stance = _content(body, stance)
    # A second click, or the page sent again: the same words from the same person in the
    # same place a moment ago are that comment, not another. (The requests queue up on the
    # account's row, so two sent at once are one too.)
    locking.hold(user)
    again = db.session.scalar(select(Comment).where(
        Comment.author_id == user.id, Comment.proposal_id == proposal.id,
        Comment.parent_id.is_(None) if parent is None else Comment.parent_id == parent.id,
        Comment.body_text == text, Comment.status != CommentStatus.DELETED,
        Comment.created_at >= now - SENT_AGAIN_WITHIN).limit(1))
    if again is not None:
        db.session.rollback()
        return again
    premoderated = (proposal.process.moderation_mode == ModerationMode.BEFOREHAND
                    and not as_municipality)
    comment = Comment(proposal_id=proposal.id, process_id=proposal.process_id,
                      parent_id=parent.id if parent else None, author_id=user.id,
                      as_municipality=bool(as_municipality), stance=stance, body=html,
                      body_text=text, created_at=now, needs_review=premoderated,
                      status=CommentStatus.PENDING if premoderated else CommentStatus.PUBLISHED)
    db.session.add(comment)
    db.session.commit()
    return comment


def _own(user, comment):
    if not comment.is_own(user):
        raise NotYours(_l("Only the person who wrote a comment can change or delete it."))


def edit(user, comment, *, body, stance, now):
    """Its author changes it, within the edit window; a pre-moderated one is reviewed again."""
    _own(user, comment)
    if not comment.can_edit(user, now, edit_window()):
        raise DomainError(_l("A comment can be changed for %(n)d minutes after it is written.",
                             n=current_app.config["COMMENT_EDIT_MINUTES"]))
    html, text, stance = _content(body, stance)
    values = {"body": html, "body_text": text, "stance": stance, "edited_at": now}
    if (comment.proposal.process.moderation_mode == ModerationMode.BEFOREHAND
            and not comment.as_municipality):
        values.update(status=CommentStatus.PENDING, needs_review=True)
    _change(comment, LIVE, values, _l("A moderator has just acted on this comment, so it can "
                                      "no longer be changed."))


def delete(user, comment, *, now):
    """Its author takes it down: "deleted by its author" shows in its place; answers stay."""
    _own(user, comment)
    _change(comment, LIVE, {"status": CommentStatus.DELETED, "deleted_at": now,
                            "needs_review": False},
            _l("This comment can no longer be deleted."))


def _change(comment, statuses, values, refused):
    """Conditional, so a moderator's decision taken meanwhile stands."""
    done = db.session.execute(update(Comment).where(Comment.id == comment.id,
                                                    Comment.status.in_(statuses))
                              .values(**values)).rowcount
    if not done:
        db.session.rollback()
        raise DomainError(refused)
    db.session.commit()
    db.session.refresh(comment)


def mark_helpful(user, comment, *, now):
    """Once per resident and comment (the database says so), never one's own."""
    _require_open(user, comment.proposal, now)
    # Hidden or deleted meanwhile: no mark. (Not shared: the count below changes the row,
    # and two marks holding it shared would each wait for the other to let go.)
    locking.hold(comment)
    if comment.status != CommentStatus.PUBLISHED:
        raise DomainError(_l("This comment cannot be marked as helpful."))
    if comment.is_own(user):
        raise DomainError(_l("You cannot mark your own comment as helpful."))
    db.session.add(HelpfulMark(comment_id=comment.id, user_id=user.id, created_at=now))
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise AlreadyMarked(_l("You have already marked this comment as helpful."))
    db.session.execute(update(Comment).where(Comment.id == comment.id)
                       .values(helpful_count=Comment.helpful_count + 1))
    db.session.commit()


def report(user, comment, *, reason, note):
    """Tell the moderators: the comment joins their queue, and after the process's number
    of reports it is hidden until one of them decides."""
    if not user.is_authenticated or comment.status != CommentStatus.PUBLISHED:
        raise PermissionDenied("report")
    require_verified(user)  # as for proposals: reports hide
    try:
        reason = ReportReason(reason)
    except ValueError:
        raise DomainError(_l("Choose which rule it breaks."), "reason")
    reports.file(comment, CommentReport(comment_id=comment.id, user_id=user.id, reason=reason,
                                        note=plain_text(note or "")[:1000]),
                 already=_l("You have already reported this comment. The moderators will "
                            "look at it."))
    db.session.execute(update(Comment).where(Comment.id == comment.id).values(needs_review=True))
    reports.hide_if_reported_enough(
        comment, CommentReport.comment_id, threshold=comment.proposal.process.report_threshold,
        visible=(CommentStatus.PUBLISHED,), hidden=CommentStatus.HIDDEN,
        action="comment.hide_by_reports")
    db.session.commit()


# The discussion on a proposal's page.

def thread(proposal, user, *, sort="oldest", page=1):
    """A page of `proposal`'s comments, each with its answers, in a fixed number of
    queries however many there are. Comments waiting for a moderator are shown to their
    author and the moderators only."""
    shown = (Comment.proposal_id == proposal.id, Comment.parent_id.is_(None), _readable_by(user))
    base = select(Comment).where(*shown)
    total = db.session.scalar(select(func.count(Comment.id)).where(*shown))
    order = {"newest": (Comment.created_at.desc(), Comment.id.desc()),
             "helpful": (Comment.helpful_count.desc(), Comment.id)}.get(
                 sort, (Comment.created_at, Comment.id))
    page = max(1, min(page, -(-total // PER_PAGE) or 1))
    items = db.session.scalars(base.order_by(*order).offset((page - 1) * PER_PAGE)
                               .limit(PER_PAGE).options(selectinload(Comment.author))).all()
    answers = {}
    if items:
        for answer in db.session.scalars(
                select(Comment).where(Comment.parent_id.in_([c.id for c in items]),
                                      _readable_by(user))
                .order_by(Comment.created_at, Comment.id)
                .options(selectinload(Comment.author))):
            answers.setdefault(answer.parent_id, []).append(answer)
    shown = [c.id for c in items] + [a.id for group in answers.values() for a in group]
    return Discussion(page=Page(items=items, total=total, page=page, per_page=PER_PAGE),
                      answers=answers, marked=_marked_by(user, shown))


class Discussion:
    def __init__(self, page, answers, marked):
        self.page, self.answers, self.marked = page, answers, marked

    def answers_to(self, comment):
        return self.answers.get(comment.id, [])


def _readable_by(user):
    if user.is_authenticated and user.can(Permission.MODERATE):
        return Comment.id.is_not(None)
    if user.is_authenticated:
        return or_(Comment.status != CommentStatus.PENDING, Comment.author_id == user.id)
    return Comment.status != CommentStatus.PENDING


def _marked_by(user, comment_ids):
    if not user.is_authenticated or not comment_ids:
        return set()
    return set(db.session.scalars(select(HelpfulMark.comment_id).where(
        HelpfulMark.user_id == user.id, HelpfulMark.comment_id.in_(comment_ids))))


# The moderators' decisions.

def queue(process, *, page=1):
    """The comments the moderators have to look at: waiting for approval, reported, or
    hidden by reports; oldest first, with their open reports, in a fixed number of queries."""
    waiting = (Comment.process_id == process.id, Comment.needs_review)
    base = select(Comment).where(*waiting)
    total = db.session.scalar(select(func.count(Comment.id)).where(*waiting))
    page = max(1, min(page, -(-total // PER_PAGE) or 1))
    items = db.session.scalars(
        base.order_by(Comment.created_at, Comment.id).offset((page - 1) * PER_PAGE)
        .limit(PER_PAGE).options(selectinload(Comment.author),
                                 selectinload(Comment.proposal))).all()
    reported = {}
    if items:
        for found in db.session.scalars(select(CommentReport).where(
                CommentReport.comment_id.in_([c.id for c in items]),
                CommentReport.resolved_at.is_(None)).order_by(CommentReport.id)):
            reported.setdefault(found.comment_id, []).append(found)
    return Page(items=items, total=total, page=page, per_page=PER_PAGE), reported


def open_reports(comment):
    return db.session.scalars(select(CommentReport).where(
        CommentReport.comment_id == comment.id, CommentReport.resolved_at.is_(None))
        .order_by(CommentReport.id)).all()


def approve(actor, comment, *, now):
    require(actor, Permission.MODERATE)
    locking.hold(comment)
    if comment.status != CommentStatus.PENDING:
        raise DomainError(_l("Only a comment waiting for a moderator can be approved."))
    _decide(actor, comment, "comment.approve", CommentStatus.PUBLISHED, now=now)


def hide(actor, comment, *, reason, message, now):
    """Hidden citing one of the published rules: its place says so; its author sees why."""
    require(actor, Permission.MODERATE)
    locking.hold(comment)
    if comment.status not in (*LIVE, CommentStatus.HIDDEN):
        raise DomainError(_l("This comment cannot be hidden."))
    try:
        reason = ReportReason(reason)
    except ValueError:
        raise DomainError(_l("Choose which rule the comment breaks."), "reason")
    message = plain_text(message or "").strip()
    if len(message) > 2000:
        raise DomainError(filled_in(AT_MOST_CHARACTERS, max=2000), "message")
    if comment.status != CommentStatus.HIDDEN:
        comment.status_before_hidden = comment.status
    comment.hidden_reason, comment.hidden_message = reason, message
    comment.hidden_at = comment.hidden_at or now
    _decide(actor, comment, "comment.hide", CommentStatus.HIDDEN, upheld=True, now=now)
    if not comment.as_municipality:
        notifications.tell_comment_author(comment, _l("Your comment has been hidden"),
                                          "mail/comment_hidden.txt")


def restore(actor, comment, *, now):
    require(actor, Permission.MODERATE)
    locking.hold(comment)
    if comment.status != CommentStatus.HIDDEN:
        raise DomainError(_l("Only a hidden comment can be restored."))
    back = comment.status_before_hidden or CommentStatus.PUBLISHED
    comment.status_before_hidden, comment.hidden_at = None, None
    comment.hidden_reason, comment.hidden_message = None, ""
    _decide(actor, comment, "comment.restore", back, upheld=False, now=now)


def clear_reports(actor, comment, *, now):
    """The reports do not hold: a comment they hid is shown again."""
    require(actor, Permission.MODERATE)
    locking.hold(comment)
    if comment.status == CommentStatus.HIDDEN and comment.hidden_reason is None:
        return restore(actor, comment, now=now)
    _decide(actor, comment, "comment.clear_reports", comment.status, upheld=False, now=now)


def feature(actor, comment, *, now):
    """A moderator picks `comment` as the argument on its side of its proposal for KSAU,
    over the most helpful one; one per proposal and side (picks at the same moment queue
    up on the proposal's row)."""
    require(actor, Permission.MODERATE)
    locking.lock(Proposal, Proposal.id == comment.proposal_id)
    locking.hold(comment)
    if not comment.can_be_featured:
        raise DomainError(_l("Only a resident's published comment for or against can be "
                             "picked."))
    db.session.execute(update(Comment).where(Comment.proposal_id == comment.proposal_id,
                                             Comment.stance == comment.stance,
                                             Comment.featured_at.is_not(None))
                       .values(featured_at=None))
    comment.featured_at = now
    audit.record(actor, "comment.feature", comment, after={"stance": comment.stance})
    db.session.commit()


def unfeature(actor, comment, *, now):
    """Back to the most helpful being picked automatically."""
    require(actor, Permission.MODERATE)
    locking.hold(comment)
    comment.featured_at = None
    audit.record(actor, "comment.unfeature", comment)
    db.session.commit()


def _decide(actor, comment, action, status, *, now, upheld=None):
    before = comment.status
    comment.status = status
    comment.needs_review = status == CommentStatus.PENDING
    resolved = 0
    if upheld is not None:
        resolved = db.session.execute(
            update(CommentReport).where(CommentReport.comment_id == comment.id,
                                        CommentReport.resolved_at.is_(None))
            .values(resolved_at=now, upheld=upheld)).rowcount
    audit.record(actor, action, comment, before={"status": before},
                 after={"status": status, "hidden_reason": comment.hidden_reason,
                        "reports_resolved": resolved})
    db.session.commit()


# For KSAU: the arguments for and against, per strategy theme and per proposal.

class Arguments:
    """How many residents' comments are for and against, and the most helpful of each."""

    def __init__(self):
        self.counts = {Stance.FOR: 0, Stance.AGAINST: 0}
        self.best = {}

    @property
    def for_count(self):
        return self.counts[Stance.FOR]

    @property
    def against_count(self):
        return self.counts[Stance.AGAINST]

    @property
    def best_for(self):
        return self.best.get(Stance.FOR)

    @property
    def best_against(self):
        return self.best.get(Stance.AGAINST)


SIDES = (Stance.FOR, Stance.AGAINST)


def _arguments_query(key, *where, joins=()):
    """Published residents' comments for or against, keyed by `key`, on the input (public
    proposals only)."""
    query = select(key.label("key"), Comment.id, Comment.stance, Comment.helpful_count,
                   Comment.featured_at) \
        .select_from(Comment).join(Proposal, Proposal.id == Comment.proposal_id)
    for target, on in joins:
        query = query.join(target, on)
    return query.where(Comment.status == CommentStatus.PUBLISHED, ~Comment.as_municipality,
                       Comment.stance.in_(SIDES), Proposal.status.in_(PUBLIC_STATUSES), *where)


def arguments(key, *where, joins=()):
    """{key: Arguments} in three queries, whatever the number of comments: counts grouped
    by key and side, the best comment of each (a window over the same rows: the one a
    moderator picked, else the most helpful), and those comments themselves."""
    return arguments_from(argument_figures(key, *where, joins=joins))


def argument_figures(key, *where, joins=()):
    """The figures behind arguments(), as plain data that can be kept (the KSAU summary's
    kept figures): {key: {"counts": {stance: n}, "best": [comment id, ...]}}."""
    rows = _arguments_query(key, *where, joins=joins).subquery()
    found = defaultdict(lambda: {"counts": {}, "best": []})
    for value, stance, count in db.session.execute(
            select(rows.c.key, rows.c.stance, func.count()).group_by(rows.c.key,
                                                                     rows.c.stance)):
        found[value]["counts"][str(Stance(stance))] = count
    picked = case((rows.c.featured_at.is_(None), 1), else_=0)  # a moderator's pick first
    rank = func.row_number().over(partition_by=(rows.c.key, rows.c.stance),
                                  order_by=(picked, rows.c.helpful_count.desc(), rows.c.id))
    ranked = select(rows.c.key, rows.c.id, rank.label("rank")).subquery()
    for value, id_ in db.session.execute(
            select(ranked.c.key, ranked.c.id).where(ranked.c.rank == 1)):
        found[value]["best"].append(id_)
    return dict(found)


def arguments_from(figures):
    """{key: Arguments} from argument_figures(), loading the best comments in one query."""
    ids = [id_ for figure in figures.values() for id_ in figure["best"]]
    loaded = {c.id: c for c in db.session.scalars(
        select(Comment).where(Comment.id.in_(ids))
        .options(selectinload(Comment.proposal), selectinload(Comment.author)))} if ids else {}
    found = defaultdict(Arguments)
    for value, figure in figures.items():
        for stance, count in figure["counts"].items():
            found[value].counts[Stance(stance)] = count
        for id_ in figure["best"]:
            if id_ in loaded:  # a comment hidden since the figures were counted is left out
                found[value].best[loaded[id_].stance] = loaded[id_]
    return found


def arguments_by_theme(process):
    return arguments_from(theme_argument_figures(process))


def theme_argument_figures(process):
    return argument_figures(proposal_themes.c.theme_id, Proposal.process_id == process.id,
                            joins=[(proposal_themes,
                                    proposal_themes.c.proposal_id == Proposal.id)])


def arguments_by_proposal(proposal_ids):
    if not proposal_ids:
        return defaultdict(Arguments)
    return arguments(Comment.proposal_id, Comment.proposal_id.in_(list(proposal_ids)))


def stance_counts(process):
    """{(proposal id, stance): residents' published comments} over the input of `process`,
    for the spreadsheet: one grouped query."""
    rows = _arguments_query(Comment.proposal_id, Proposal.process_id == process.id).subquery()
    return {(key, Stance(stance)): count for key, stance, count in db.session.execute(
        select(rows.c.key, rows.c.stance, func.count()).group_by(rows.c.key, rows.c.stance))}
