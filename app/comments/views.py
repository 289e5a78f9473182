"""Comments on proposals: writing and answering one, changing or deleting one's own,
marking others' as helpful, and reporting one that breaks the rules."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from app.comments.forms import CommentForm, CommentReportForm, DigestForm, WriteForm
from app.extensions import configured_limit, db, limiter
from app.forms import add_domain_error
from app.models import Comment, CommentStatus, Proposal, ProposalStatus
from app.models.base import utcnow
from app.permissions import Permission, login_required
from app.redirects import safe_next
from app.services.discussion import comments, digests
from app.services.errors import DomainError

bp = Blueprint("comments", __name__)


def _is_moderator():
    return current_user.is_authenticated and current_user.can(Permission.MODERATE)


def _proposal(proposal_id):
    """A sent proposal anyone may open; a pending one only its author and the moderators."""
    proposal = db.session.get(Proposal, proposal_id) or abort(404)
    if proposal.status == ProposalStatus.DRAFT or (
            proposal.status == ProposalStatus.PENDING
            and not (_is_moderator() or proposal.author_id == current_user.id)):
        abort(404)
    return proposal


def _comment(comment_id):
    """A comment the current user may see: one waiting for a moderator only its author and
    the moderators see."""
    comment = db.session.get(Comment, comment_id) or abort(404)
    _proposal(comment.proposal_id)
    if comment.status == CommentStatus.PENDING and not (comment.is_own(current_user)
                                                        or _is_moderator()):
        abort(404)
    return comment


def at(comment):
    """The comment in its place on the proposal's page."""
    return url_for("proposals.show", proposal_id=comment.proposal_id) + f"#kommentar-{comment.id}"


@bp.route("/forslag/<int:proposal_id>/kommentera", methods=["GET", "POST"])
@login_required
@limiter.limit(configured_limit("RATELIMIT_COMMENT"), methods=["POST"])
def write(proposal_id):
    return _write(_proposal(proposal_id), None)


@bp.route("/kommentarer/<int:comment_id>/svara", methods=["GET", "POST"])
@login_required
@limiter.limit(configured_limit("RATELIMIT_COMMENT"), methods=["POST"])
def reply(comment_id):
    parent = _comment(comment_id)
    return _write(parent.proposal, parent)


def _write(proposal, parent):
    form = WriteForm(data={"stance": "neutral"} if parent else None)
    if not comments.may_post_as_municipality(current_user):
        del form.as_municipality
    if form.validate_on_submit():
        try:
            comment = comments.write(
                current_user, proposal, parent=parent, body=form.body.data,
                stance=form.stance.data, now=utcnow(),
                as_municipality=getattr(form, "as_municipality", None) and
                form.as_municipality.data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            if comment.status == CommentStatus.PENDING:
                flash(_("Thank you! A moderator reviews your comment before it is shown to "
                        "others."), "success")
            else:
                flash(_("Your comment is published."), "success")
            return redirect(at(comment))
    return render_template("comments/form.html", form=form, proposal=proposal, parent=parent,
                           closed=comments.closed_because(proposal, utcnow()))


@bp.route("/kommentarer/<int:comment_id>/redigera", methods=["GET", "POST"])
@login_required
@limiter.limit(configured_limit("RATELIMIT_COMMENT"), methods=["POST"])
def edit(comment_id):
    comment = _comment(comment_id)
    refused = _refused(comment, comment.can_edit(current_user, utcnow(), comments.edit_window()),
                       _("A comment can be changed for %(n)d minutes after it is written.",
                         n=comments.edit_window().seconds // 60))
    if refused:
        return refused
    form = CommentForm(obj=comment)
    if form.validate_on_submit():
        try:
            comments.edit(current_user, comment, body=form.body.data, stance=form.stance.data,
                          now=utcnow())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            flash(_("Your changes are saved."), "success")
            return redirect(at(comment))
    return render_template("comments/edit.html", form=form, comment=comment)


@bp.route("/kommentarer/<int:comment_id>/ta-bort", methods=["GET", "POST"])
@login_required
def delete(comment_id):
    comment = _comment(comment_id)
    refused = _refused(comment, comment.can_delete(current_user),
                       _("This comment can no longer be deleted."))
    if refused:
        return refused
    form = FlaskForm()
    if form.validate_on_submit():
        try:
            comments.delete(current_user, comment, now=utcnow())
        except DomainError as error:
            flash(error.message, "error")
        else:
            flash(_("Your comment is deleted."), "success")
        return redirect(at(comment))
    return render_template("comments/delete.html", form=form, comment=comment)


def _refused(comment, allowed, why):
    """Another's comment, or one its author may no longer change: said so, nothing done."""
    if not comment.is_own(current_user):
        flash(_("Only the person who wrote a comment can change or delete it."), "error")
    elif not allowed:
        flash(why, "error")
    else:
        return None
    return redirect(at(comment))


@bp.route("/kommentarer/<int:comment_id>/hjalpsam", methods=["POST"])
@login_required
@limiter.limit(configured_limit("RATELIMIT_HELPFUL"))
def helpful(comment_id):
    comment = _comment(comment_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        comments.mark_helpful(current_user, comment, now=utcnow())
    except comments.AlreadyMarked as error:
        flash(error.message, "info")
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("You marked the comment as helpful."), "success")
    return redirect(at(comment))


@bp.route("/kommentarer/<int:comment_id>/anmal", methods=["GET", "POST"])
@login_required
@limiter.limit(configured_limit("RATELIMIT_REPORT"), methods=["POST"])
def report(comment_id):
    comment = _comment(comment_id)
    if comment.status != CommentStatus.PUBLISHED:
        flash(_("Only a published comment can be reported."), "info")
        return redirect(at(comment))
    form = CommentReportForm()
    if form.validate_on_submit():
        try:
            comments.report(current_user, comment, reason=form.reason.data, note=form.note.data)
        except comments.AlreadyReported as error:
            flash(error.message, "info")
            return redirect(at(comment))
        except DomainError as error:
            add_domain_error(form, error)
        else:
            flash(_("Thank you. The moderators will look at the comment."), "success")
            return redirect(at(comment))
    return render_template("comments/report.html", form=form, comment=comment)


@bp.route("/forslag/<int:proposal_id>/folj", methods=["POST"])
@login_required
def follow(proposal_id):
    proposal = _proposal(proposal_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    if not proposal.is_public:
        abort(404)
    digests.follow(current_user, proposal, now=utcnow())
    flash(_("You follow the discussion. Choose on My pages whether you get a daily email."),
          "success")
    return redirect(url_for("proposals.show", proposal_id=proposal.id) + "#kommentarer")


@bp.route("/forslag/<int:proposal_id>/sluta-folja", methods=["POST"])
@login_required
def unfollow(proposal_id):
    proposal = _proposal(proposal_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        digests.unfollow(current_user, proposal)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("You no longer follow the discussion."), "success")
    back = url_for("proposals.show", proposal_id=proposal.id) + "#kommentarer"
    return redirect(safe_next(request.form.get("next")) if request.form.get("next") else back)


@bp.route("/mina-sidor/foljer", methods=["GET", "POST"])
@login_required
def following():
    """The proposals one follows, and the choice of a daily email or none."""
    form = DigestForm(data={"choice": digests.choice_of(current_user).value})
    if form.validate_on_submit():
        try:
            digests.choose(current_user, form.choice.data, now=utcnow())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            flash(_("Your choice is saved."), "success")
            return redirect(url_for(".following"))
    return render_template("comments/following.html", form=form,
                           proposals=digests.followed(current_user))
