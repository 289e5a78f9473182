"""The moderators' queue of comments: approve what waits, hide by a rule, restore, clear
reports that do not hold."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from app.comments.views import at
from app.forms import add_domain_error
from app.lookups import get_or_404, int_arg, process_or_404
from app.models import Comment
from app.models.base import utcnow
from app.moderation.forms import CommentHideForm
from app.moderation.views import bp, moderate
from app.redirects import safe_next
from app.services.discussion import comments
from app.services.errors import DomainError


@bp.route("/<slug>/kommentarer")
@moderate
def comment_queue(slug):
    process = process_or_404(slug)
    page, reported = comments.queue(process, page=int_arg("sida") or 1)
    return render_template("moderation/comments.html", process=process, page=page,
                           reported=reported)


def _back(comment):
    """Where the moderator came from: the proposal's discussion when the decision was taken
    there (its form says so in `next`), else the comment queue."""
    back = request.values.get("next")
    if back:
        return redirect(safe_next(back))
    return redirect(url_for(".comment_queue", slug=comment.proposal.process.slug)
                    + f"#kommentar-{comment.id}")


def _decide(comment_id, decision, done_message, back_to_proposal=False):
    comment = get_or_404(Comment, comment_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        decision(current_user, comment, now=utcnow())
    except DomainError as error:
        flash(str(error.message), "error")
    else:
        flash(done_message, "success")
    if back_to_proposal and not request.values.get("next"):
        return redirect(at(comment))
    return _back(comment)


@bp.route("/kommentarer/<int:comment_id>/godkann", methods=["POST"])
@moderate
def approve_comment(comment_id):
    return _decide(comment_id, comments.approve, _("The comment is approved and published."))


@bp.route("/kommentarer/<int:comment_id>/aterstall", methods=["POST"])
@moderate
def restore_comment(comment_id):
    return _decide(comment_id, comments.restore, _("The comment is shown again."))


@bp.route("/kommentarer/<int:comment_id>/avsluta-anmalningar", methods=["POST"])
@moderate
def clear_comment_reports(comment_id):
    return _decide(comment_id, comments.clear_reports, _("The reports are cleared."))


@bp.route("/kommentarer/<int:comment_id>/lyft-fram", methods=["POST"])
@moderate
def feature_comment(comment_id):
    return _decide(comment_id, comments.feature,
                   _("The comment is picked as its side's argument for KSAU."),
                   back_to_proposal=True)


@bp.route("/kommentarer/<int:comment_id>/sluta-lyfta-fram", methods=["POST"])
@moderate
def unfeature_comment(comment_id):
    return _decide(comment_id, comments.unfeature,
                   _("The most helpful comment is picked for KSAU again."),
                   back_to_proposal=True)


@bp.route("/kommentarer/<int:comment_id>/dolj", methods=["GET", "POST"])
@moderate
def hide_comment(comment_id):
    comment = get_or_404(Comment, comment_id)
    reports = comments.open_reports(comment)
    form = CommentHideForm(data={"reason": reports[0].reason.value if reports else None})
    if form.validate_on_submit():
        try:
            comments.hide(current_user, comment, reason=form.reason.data,
                          message=form.message.data, now=utcnow())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            flash(_("The comment is hidden; its place says by which rule."), "success")
            return _back(comment)
    back = request.values.get("next")
    return render_template("moderation/hide_comment.html", form=form, comment=comment,
                           process=comment.proposal.process, reports=reports,
                           back=safe_next(back) if back else None)
