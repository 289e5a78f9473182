"""Following proposals, and the daily digest of new comments on them: one email a day at
most, never one per comment. Authors follow their own proposals without asking.

`send_daily` is the job (`comment_digests`) that `flask comments digest` asks for (from
cron, say, every morning). It is idempotent per day: each resident's digest is claimed for
the day by a conditional update before it is sent, so running it twice, or on two servers
at once, sends one. A digest the mail server refuses is given back (unclaimed) and the job
fails once the others are sent: administrators see it, and trying it again sends only the
digests still owed.
"""
import logging

from flask import render_template, url_for
from flask_babel import force_locale
from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app import jobs
from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.i18n import to_local
from app.mail import MailNotSent, send_mail
from app.models import (PUBLIC_STATUSES, Comment, CommentDigest, CommentStatus, DigestChoice,
                        Follow, Proposal)
from app.models.base import utcnow
from app.permissions import PermissionDenied
from app.services.errors import DomainError

log = logging.getLogger(__name__)
MOST_IN_ONE = 100  # comments listed in one digest; the rest are counted


def follows(user, proposal):
    return user.is_authenticated and (proposal.author_id == user.id or db.session.scalar(
        select(Follow.id).where(Follow.user_id == user.id,
                                Follow.proposal_id == proposal.id)) is not None)


def follow(user, proposal, *, now):
    """Once per resident and proposal (the database says so); a second time changes nothing."""
    if not user.is_authenticated or not proposal.is_public:
        raise PermissionDenied("follow")
    db.session.add(Follow(user_id=user.id, proposal_id=proposal.id, created_at=now))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()


def unfollow(user, proposal):
    if proposal.author_id == user.id:
        raise DomainError(_l("You follow your own proposal as long as it is yours."))
    db.session.execute(delete(Follow).where(Follow.user_id == user.id,
                                            Follow.proposal_id == proposal.id))
    db.session.commit()


def followed(user):
    """The proposals `user` follows: their own sent ones and those they chose."""
    chosen = select(Follow.proposal_id).where(Follow.user_id == user.id)
    return db.session.scalars(
        select(Proposal).where(Proposal.status.in_(PUBLIC_STATUSES),
                               or_(Proposal.author_id == user.id, Proposal.id.in_(chosen)))
        .order_by(Proposal.published_at.desc())).all()


def choice_of(user):
    digest = db.session.get(CommentDigest, user.id)
    return digest.choice if digest else DigestChoice.NONE


def choose(user, choice, *, now):
    """Daily or none. A digest chosen now starts with what is written from now on."""
    try:
        choice = DigestChoice(choice)
    except ValueError:
        raise DomainError(_l("Choose a daily email or none."), "choice")
    for _attempt in range(2):  # a second click made the row meanwhile: change that one
        digest = db.session.get(CommentDigest, user.id)
        if digest is None:
            digest = CommentDigest(user_id=user.id, covered_until=now)
            db.session.add(digest)
        if choice == DigestChoice.DAILY and digest.choice != DigestChoice.DAILY:
            digest.covered_until = now
        digest.choice = choice
        try:
            db.session.commit()
            return
        except IntegrityError:
            db.session.rollback()
    raise DomainError(_l("Your choice could not be saved just now. Try again."), "choice")


def send_daily(now):
    """Each resident who chose it gets today's digest, if any comment came since the last
    one; returns how many emails went out."""
    today = to_local(now).date()
    due = db.session.scalars(select(CommentDigest).where(
        CommentDigest.choice == DigestChoice.DAILY,
        or_(CommentDigest.sent_on.is_(None), CommentDigest.sent_on < today))
        .options(selectinload(CommentDigest.user))).all()
    sent = not_sent = 0
    for digest in due:
        user, since, last_sent = digest.user, digest.covered_until, digest.sent_on
        claimed = db.session.execute(
            update(CommentDigest).where(CommentDigest.user_id == user.id,
                                        CommentDigest.choice == DigestChoice.DAILY,
                                        or_(CommentDigest.sent_on.is_(None),
                                            CommentDigest.sent_on < today))
            .values(sent_on=today, covered_until=now)).rowcount
        db.session.commit()
        if not claimed or user.is_deleted or not user.active or not user.is_verified:
            continue
        try:
            sent += _send(user, since, now)
        except MailNotSent:
            log.warning("The comment digest for account %s was not sent", user.id)
            _give_back(user.id, today, now, last_sent, since)
            not_sent += 1
    if not_sent:
        raise DigestsNotSent(f"{not_sent} digests not sent ({sent} sent); they are owed")
    return sent


class DigestsNotSent(Exception):
    """Some digests could not be sent: the job fails, so that it is tried again."""


@jobs.task("comment_digests")
def send_daily_job():
    send_daily(utcnow())


def _give_back(user_id, today, claimed_at, last_sent, since):
    """Undo a claim whose email did not go, unless a later run has claimed it since."""
    db.session.execute(
        update(CommentDigest)
        .where(CommentDigest.user_id == user_id, CommentDigest.sent_on == today,
               CommentDigest.covered_until == claimed_at)
        .values(sent_on=last_sent, covered_until=since))
    db.session.commit()


def _new_comments(user, since, until):
    chosen = select(Follow.proposal_id).where(Follow.user_id == user.id)
    return db.session.scalars(
        select(Comment).join(Proposal, Proposal.id == Comment.proposal_id)
        .where(Comment.status == CommentStatus.PUBLISHED, Comment.created_at > since,
               Comment.created_at <= until,
               or_(Comment.author_id.is_(None), Comment.author_id != user.id),
               Proposal.status.in_(PUBLIC_STATUSES),
               or_(Proposal.author_id == user.id, Proposal.id.in_(chosen)))
        .order_by(Comment.proposal_id, Comment.created_at)
        .options(selectinload(Comment.proposal), selectinload(Comment.author))
        .limit(MOST_IN_ONE + 1)).all()


def _send(user, since, until):
    found = _new_comments(user, since, until)
    if not found:
        return 0
    by_proposal = {}
    for comment in found[:MOST_IN_ONE]:
        by_proposal.setdefault(comment.proposal, []).append(comment)
    with force_locale("sv"):
        body = render_template("mail/comment_digest.txt", by_proposal=by_proposal,
                               more=len(found) > MOST_IN_ONE,
                               settings=url_for("comments.following", _external=True),
                               link=lambda c: url_for("proposals.show", proposal_id=c.proposal_id,
                                                      _external=True) + f"#kommentar-{c.id}")
        send_mail(user.email, str(_l("New comments on proposals you follow")), body)
    return 1
