"""A resident's own account: register, verify, reset, change, export, delete.

Each function is one unit of work. Mail goes out after the commit, so a mail server that
is down never undoes a registration; the resident can ask for a new link.
"""
import secrets
import unicodedata

from flask import current_app, render_template, url_for
from flask_babel import force_locale, gettext as _
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from werkzeug.security import generate_password_hash

from app import labels
from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.mail import send_mail
from app.models import (STAFF_ROLES, Comment, CommentDigest, CommentReport, DroppedSupport,
                        Feature, Follow, HelpfulMark, Process, Proposal, ProposalMerge,
                        ProposalStatus, Report, Role, Support, User)
from app.models.base import utcnow
from app.permissions import Permission, require
from app.services import audit, locking
from app.services.discussion import digests
from app.services.people import sessions, tokens, users
from app.services.errors import DomainError, commit_or_raise, flush_or_raise, raise_any
from app.services.people.passwords import check_password
from app.services.reach import profiles

WRONG_PASSWORD = _l("The password is wrong.")
LINK_INVALID = _l("The link is not valid, or it has already been used.")
LINK_EXPIRED = _l("The link has expired. Ask for a new one.")


INVITATION_DAYS = tokens.MAX_AGE["invite"] // (24 * 3600)


class InvalidLink(DomainError):
    pass


# Names a resident's display name may not take: what the portal itself shows for the
# municipality, for residents without a name and for deleted accounts, and its staff.
RESERVED_NAMES = frozenset({
    "invånare", "resident", "the municipality", "municipality", "borttagen användare",
    "deleted user", "moderator", "moderatorn", "moderatorerna", "administratör",
    "administratören", "admin", "ksau"})  # and any name with "kommun" or the municipality's


def checked_display_name(display_name):
    """The name as shown, or None; refused when it could pass for the municipality, its
    staff or the portal's own words (a comment signed "Kommunen" reads as an official one)."""
    name = " ".join((display_name or "").split()) or None
    if name is None:
        return None
    folded = unicodedata.normalize("NFKC", name).casefold()
    municipality = current_app.config["MUNICIPALITY_NAME"].casefold()
    if folded in RESERVED_NAMES or "kommun" in folded or municipality in folded:
        raise DomainError(_l("Choose another name: this one could be taken for the "
                             "municipality or its staff."), "display_name")
    return name


def registration_problems(*, email, password, display_name, accepted_privacy):
    """Every problem with a registration at once, each for its field (None where a check
    passes): a form stopped by its own checks shows these too, not one round at a time."""
    def problem(check):
        try:
            check()
        except DomainError as error:
            return error
        return None
    return [
        None if accepted_privacy else DomainError(
            _l("You need to accept how we handle your personal data."), "accept_privacy"),
        problem(lambda: users.normalise_email(email or "")),
        problem(lambda: checked_display_name(display_name)),
        problem(lambda: check_password(password or "", email, display_name))]


def register(*, email, password, display_name, accepted_privacy):
    """Create the account and send its confirmation link; or, when the address already has
    an account, send that account a note on how to log in. Whoever registers is told the
    same either way, so the form tells no one which addresses have accounts."""
    raise_any(registration_problems(email=email, password=password,
                                    display_name=display_name,
                                    accepted_privacy=accepted_privacy))
    email = users.normalise_email(email)
    display_name = checked_display_name(display_name)
    existing = users.find_by_email(email)
    if existing is None:
        try:
            user = users.build_user(email=email, password=password,
                                    display_name=display_name, privacy_accepted=True)
            db.session.commit()
        except (users.EmailTaken, IntegrityError):  # registered a moment ago
            db.session.rollback()
            existing = users.find_by_email(email)
        else:
            send_verification(user)
            return
    generate_password_hash(password)  # as long as creating an account takes
    _send_already_registered(existing)


def _send_already_registered(user):
    link = _password_link(user, "reset") if user.is_active else None
    _mail(user.email, _("You already have an account"), "mail/already_registered.txt",
          user=user, link=link)


def send_verification(user):
    token = tokens.make_token("verify", user=user.id, email=tokens.fingerprint(user.email))
    _mail(user.email, _("Confirm your email address"), "mail/verify.txt", user=user,
          link=url_for("auth.verify_email", token=token, _external=True))


def verify_email(token):
    payload = _read(token, "verify")
    user = db.session.get(User, payload["user"])
    if user is None or user.is_verified or \
            tokens.fingerprint(user.email) != payload["email"]:
        raise InvalidLink(LINK_INVALID)
    user.email_verified_at = utcnow()
    db.session.commit()
    return user


def request_password_reset(email):
    """Send a reset link if the account exists. The caller says the same either way."""
    user = users.find_by_email(email)
    if user is None or not user.is_active:
        return
    _mail(user.email, _("Reset your password"), "mail/reset.txt", user=user,
          link=_password_link(user, "reset"))


def invite_staff(admin, *, email, display_name, role):
    """An administrator creates an account for a moderator, committee member or
    administrator. Nobody knows its password until the person chooses one from the link
    in the invitation, which goes out after the commit (see send_invitation)."""
    require(admin, Permission.MANAGE_USERS)
    if Role(role) not in STAFF_ROLES:
        raise DomainError(_l("Choose one of the staff roles: residents register themselves."),
                          "role")
    user = users.build_user(email=email, password=None, role=role, display_name=display_name)
    taken = DomainError(users.EMAIL_TAKEN, "email")
    flush_or_raise(taken)  # the account's number, for the log
    # The account's number and role, not its address: the log outlives the account.
    audit.record(admin, "user.invite", user, after={"role": user.role.value},
                 label=f"#{user.id}")
    commit_or_raise(taken)
    return user


def send_invitation(admin, user):
    """Mail `user` a link to choose their password, valid a week and usable once (and again
    later, if the first never arrived or ran out)."""
    require(admin, Permission.MANAGE_USERS)
    if not invitation_pending(user):
        raise DomainError(_l("This account already has a password of its own."))
    with force_locale("sv"):  # the portal's language: the person has not chosen theirs
        _mail(user.email, _("Your account in the citizen dialogue"), "mail/invite.txt",
              user=user, link=_password_link(user, "invite"), role=labels.ROLES[user.role],
              days=INVITATION_DAYS)


def invitation_pending(user):
    """A staff account whose person has not yet chosen a password from a link (choosing
    one confirms the address)."""
    return user.role in STAFF_ROLES and user.is_active and user.email_verified_at is None


def _password_link(user, purpose):
    """A link to choose a password ("reset" or "invite"): it stops working once the
    password has changed, so it works once."""
    token = tokens.make_token(purpose, user=user.id,
                              password=tokens.fingerprint(user.password_hash))
    endpoint = "auth.reset_password" if purpose == "reset" else "auth.accept_invitation"
    return url_for(endpoint, token=token, _external=True)


def user_for_password_link(token, purpose):
    payload = _read(token, purpose)
    user = db.session.get(User, payload["user"])
    if user is None or not user.is_active or \
            tokens.fingerprint(user.password_hash) != payload["password"]:
        raise InvalidLink(LINK_INVALID)
    return user


def choose_password(token, purpose, new_password):
    """Set the password from a reset or invitation link."""
    user = user_for_password_link(token, purpose)
    check_password(new_password, user.email, user.display_name)
    user.set_password(new_password)
    user.email_verified_at = user.email_verified_at or utcnow()  # the link proved the address
    sessions.end_all(user)  # whoever had the old password is logged out
    db.session.commit()
    return user


def change_password(user, *, current_password, new_password):
    if not user.check_password(current_password):
        raise DomainError(WRONG_PASSWORD, "current_password")
    check_password(new_password, user.email, user.display_name, field="new_password")
    user.set_password(new_password)
    sessions.end_all(user, keep_current=True)
    db.session.commit()


def update_details(user, *, display_name, notify_results=None):
    user.display_name = checked_display_name(display_name)
    if notify_results is not None:
        user.notify_results = bool(notify_results)
    db.session.commit()


def request_email_change(user, *, password, new_email):
    """Send a confirmation link to the new address; the change happens when it is used."""
    if not user.check_password(password):
        raise DomainError(WRONG_PASSWORD, "password")
    new_email = users.normalise_email(new_email)
    if new_email == user.email:
        raise DomainError(_l("That is already your email address."), "email")
    if users.email_taken(new_email):
        # Told to the address's owner, not to the person asking: the answer is the same.
        _mail(new_email, _("Your address was given for another account"),
              "mail/email_taken.txt", user=user)
        return
    token = tokens.make_token("email", user=user.id, new=new_email,
                              old=tokens.fingerprint(user.email))
    _mail(new_email, _("Confirm your new email address"), "mail/change_email.txt", user=user,
          link=url_for("auth.confirm_email_change", token=token, _external=True))


def confirm_email_change(token):
    payload = _read(token, "email")
    user = db.session.get(User, payload["user"])
    if user is None or not user.is_active or tokens.fingerprint(user.email) != payload["old"]:
        raise InvalidLink(LINK_INVALID)
    if users.email_taken(payload["new"], except_user=user):
        raise InvalidLink(users.EMAIL_TAKEN)
    user.email, user.email_verified_at = payload["new"], utcnow()
    commit_or_raise(InvalidLink(users.EMAIL_TAKEN))
    return user


def proposals_of(user):
    return db.session.scalars(
        select(Proposal).where(Proposal.author_id == user.id)
        .options(selectinload(Proposal.process), selectinload(Proposal.focus_area),
                 selectinload(Proposal.district), selectinload(Proposal.merged_into),
                 selectinload(Proposal.themes), selectinload(Proposal.keywords))
        .order_by(Proposal.created_at.desc())).all()


def supported_by(user):
    return db.session.scalars(
        select(Proposal).join(Support).where(Support.user_id == user.id)
        .options(selectinload(Proposal.process)).order_by(Support.created_at.desc())).all()


def export_data(user):
    """Everything stored about the person (GDPR articles 15 and 20), as plain data."""
    supported = db.session.execute(
        select(Proposal.year, Proposal.number, Proposal.title, Support.created_at)
        .join(Support).where(Support.user_id == user.id)).all()
    return {
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "role": user.role.value,
            "created_at": user.created_at.isoformat(),
            "email_verified_at": _iso(user.email_verified_at),
            "privacy_accepted_at": _iso(user.privacy_accepted_at),
        },
        "proposals": [{
            "reference": p.reference, "title": p.title, "text": p.body_text,
            "status": p.status.value, "focus_area": p.focus_area.name,
            "district": p.district.name if p.district else None,
            "show_name": p.show_name, "created_at": p.created_at.isoformat(),
            "published_at": _iso(p.published_at),
            "hidden_because": p.hidden_reason.value if p.hidden_reason else None,
            "moderators_message": p.hidden_message or None,
            "merged_into": p.merged_into.reference if p.merged_into else None,
            "answer": {"status": p.answer_status.value, "text": p.answer_text,
                       "answered_at": _iso(p.answered_at)},
        } for p in proposals_of(user)],
        "supports": [{"proposal": f"{year}-{number:04d}", "title": title,
                      "created_at": created_at.isoformat()}
                     for year, number, title, created_at in supported],
        "reports": [{"proposal": proposal.reference, "reason": report.reason.value,
                     "note": report.note, "created_at": report.created_at.isoformat()}
                    for report, proposal in db.session.execute(
                        select(Report, Proposal).join(Proposal)
                        .where(Report.user_id == user.id)).all()],
        **_comment_data(user),
        "about_you": profiles.answers_of(user),
        "log_ins": [{"browser": log_in.device, "logged_in_at": log_in.created_at.isoformat(),
                     "last_used_at": log_in.last_seen_at.isoformat()}
                    for log_in in sessions.active(user)],
        "exported_at": utcnow().isoformat(),
    }


def _comment_data(user):
    """The person's comments (as written, whatever became of them), helpful marks and
    reports on comments."""
    def on(comment_id):
        return {"comment": comment_id}
    return {
        "comments": [{
            "id": c.id, "proposal": c.proposal.reference, "answer_to": c.parent_id,
            "stance": c.stance.value, "text": c.body_text, "status": c.status.value,
            "as_municipality": c.as_municipality, "created_at": c.created_at.isoformat(),
            "hidden_because": c.hidden_reason.value if c.hidden_reason else None,
            "moderators_message": c.hidden_message or None,
        } for c in db.session.scalars(select(Comment).where(Comment.author_id == user.id)
                                      .options(selectinload(Comment.proposal))
                                      .order_by(Comment.id))],
        "helpful_marks": [{**on(m.comment_id), "created_at": m.created_at.isoformat()}
                          for m in db.session.scalars(select(HelpfulMark).where(
                              HelpfulMark.user_id == user.id))],
        "following": [p.reference for p in db.session.scalars(
            select(Proposal).join(Follow, Follow.proposal_id == Proposal.id)
            .where(Follow.user_id == user.id))],
        "comment_digest": digests.choice_of(user).value,
        "comment_reports": [{**on(r.comment_id), "reason": r.reason.value, "note": r.note,
                             "created_at": r.created_at.isoformat()}
                            for r in db.session.scalars(select(CommentReport).where(
                                CommentReport.user_id == user.id))],
    }


def delete_account(user, *, password):
    """Remove the person's data (GDPR article 17). The row stays, emptied, so that what
    they sent to the municipality, a public record, keeps pointing at "Deleted user"."""
    if not user.check_password(password):
        raise DomainError(WRONG_PASSWORD, "password")
    user.email = f"raderad-{user.id}@deleted.invalid"
    user.display_name = None
    user.set_password(secrets.token_urlsafe(32))
    user.role, user.active = Role.RESIDENT, False
    user.email_verified_at = user.privacy_accepted_at = None
    user.deleted_at = utcnow()
    _take_back_open_supports(user, user.deleted_at)
    # Supports given where supporting has ended still count, but no longer point to them.
    db.session.execute(update(Support).where(Support.user_id == user.id).values(user_id=None))
    db.session.execute(update(Report).where(Report.user_id == user.id).values(user_id=None))
    for model in (HelpfulMark, CommentReport, DroppedSupport):
        db.session.execute(update(model).where(model.user_id == user.id).values(user_id=None))
    for model in (Follow, CommentDigest):  # whom they followed, and their email choice
        db.session.execute(delete(model).where(model.user_id == user.id))
    # A draft was never sent to the municipality: no record, so it goes.
    for draft in db.session.scalars(select(Proposal).where(
            Proposal.author_id == user.id, Proposal.status == ProposalStatus.DRAFT)):
        db.session.delete(draft)
    profiles.forget(user)  # the optional answers about them, kept apart from the account
    sessions.end_all(user)
    db.session.commit()


def _take_back_open_supports(user, now):
    """Where supporting is still open, a deleted account's supports are taken back, as its
    owner could have done: the address may register again and support afresh, and must
    not be counted twice. Where it has ended, the counts are the record and stay."""
    held = db.session.execute(select(Support.id, Support.proposal_id, Proposal.process_id)
                              .join(Proposal, Proposal.id == Support.proposal_id)
                              .where(Support.user_id == user.id)).all()
    processes = {process_id: db.session.get(Process, process_id)
                 for process_id in {row.process_id for row in held}}
    taken = [(support_id, proposal_id) for support_id, proposal_id, process_id in held
             if processes[process_id].is_open_for(Feature.SUPPORT, now)]
    if taken:
        # The proposals first, in id order, as a support and a merge take them, then their
        # supports: in the other order a merge at the same moment could wait on this.
        locking.lock(Proposal, Proposal.id.in_({proposal_id for _s, proposal_id in taken}))
        for support_id, _proposal_id in taken:
            went_from = db.session.execute(delete(Support).where(
                Support.id == support_id, Support.user_id == user.id)
                .returning(Support.proposal_id)).scalar()
            if went_from is not None:  # (a merge may have moved it since it was read)
                db.session.execute(update(Proposal).where(Proposal.id == went_from)
                                   .values(supports_count=Proposal.supports_count - 1))
    # Likewise a support a merge let go, which taking the merge back would give back.
    dropped = db.session.execute(
        select(DroppedSupport.id, Proposal.process_id)
        .join(ProposalMerge, ProposalMerge.id == DroppedSupport.merge_id)
        .join(Proposal, Proposal.id == ProposalMerge.source_id)
        .where(DroppedSupport.user_id == user.id)).all()
    for dropped_id, process_id in dropped:
        process = processes.get(process_id) or db.session.get(Process, process_id)
        if process.is_open_for(Feature.SUPPORT, now):
            db.session.execute(delete(DroppedSupport).where(DroppedSupport.id == dropped_id))


def _read(token, purpose):
    try:
        return tokens.read_token(purpose, token)
    except tokens.InvalidToken as error:
        raise InvalidLink(LINK_EXPIRED if error.expired else LINK_INVALID)


def _mail(to, subject, template, **context):
    send_mail(to, subject, render_template(template, **context))


def _iso(instant):
    return instant.isoformat() if instant else None
