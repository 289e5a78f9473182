"""Mina sidor: what the municipality stores about me, changing it, taking it with me,
and deleting my account."""
import json

from flask import Blueprint, Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from app.account.forms import ChangeEmailForm, ChangePasswordForm, DeleteAccountForm, DetailsForm
from app.extensions import configured_limit, limiter
from app.forms import add_domain_error
from app.mail import MailNotSent
from app.models.base import utcnow
from app.permissions import login_required
from app.rate_limits import failed, submitted_email, succeeded
from app.services import goals
from app.services.people import accounts, sessions
from app.services.reach import profiles
from app.services.errors import DomainError

bp = Blueprint("account", __name__)


@bp.route("/")
@login_required
def index():
    mine = accounts.proposals_of(current_user)
    return render_template("account/index.html", my_proposals=mine,
                           fed_into=goals.fed_into(mine),
                           my_supports=accounts.supported_by(current_user), now=utcnow(),
                           log_ins=sessions.active(current_user),
                           unasked=profiles.unasked_process(current_user, utcnow()))


@bp.route("/logga-ut-overallt", methods=["POST"])
@login_required
def log_out_everywhere():
    sessions.log_out_everywhere(current_user)
    flash(_("You are logged out everywhere: on this device and all others."), "success")
    return redirect(url_for("auth.login"))


@bp.route("/uppgifter", methods=["GET", "POST"])
@login_required
def details():
    form = DetailsForm(obj=current_user)
    if form.validate_on_submit():
        try:
            accounts.update_details(current_user, display_name=form.display_name.data,
                                    notify_results=form.notify_results.data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            flash(_("Your details are saved."), "success")
            return redirect(url_for(".index"))
    return render_template("account/form.html", form=form, heading=_("Change your details"))


@bp.route("/e-post", methods=["GET", "POST"])
@login_required
@limiter.limit(configured_limit("RATELIMIT_PASSWORD_CHECK"), methods=["POST"], deduct_when=failed)
@limiter.limit(configured_limit("RATELIMIT_EMAIL_CHANGE"), methods=["POST"], deduct_when=succeeded)
@limiter.limit(configured_limit("RATELIMIT_REGISTER_EMAIL"), methods=["POST"],
               deduct_when=succeeded, key_func=submitted_email("register"))
def change_email():
    form = ChangeEmailForm()
    if form.validate_on_submit():
        try:
            accounts.request_email_change(current_user, password=form.password.data,
                                          new_email=form.email.data)
        except DomainError as error:
            add_domain_error(form, error)
        except MailNotSent:
            flash(_("The email could not be sent. Please try again later."), "error")
        else:
            flash(_("We have sent a link to %(email)s. Your address changes when you open it.",
                    email=form.email.data), "success")
            return redirect(url_for(".index"))
    return render_template("account/form.html", form=form, heading=_("Change email address"))


@bp.route("/losenord", methods=["GET", "POST"])
@login_required
@limiter.limit(configured_limit("RATELIMIT_PASSWORD_CHECK"), methods=["POST"], deduct_when=failed)
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(current_user, current_password=form.current_password.data,
                                     new_password=form.new_password.data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            flash(_("Your password is changed."), "success")
            return redirect(url_for(".index"))
    return render_template("account/form.html", form=form, heading=_("Change password"))


@bp.route("/mina-uppgifter.json")
@login_required
def export():
    body = json.dumps(accounts.export_data(current_user), ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": 'attachment; filename="mina-uppgifter.json"'})


@bp.route("/radera", methods=["GET", "POST"])
@login_required
@limiter.limit(configured_limit("RATELIMIT_PASSWORD_CHECK"), methods=["POST"], deduct_when=failed)
def delete():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            accounts.delete_account(current_user, password=form.password.data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            logout_user()
            flash(_("Your account is deleted. What you sent to the municipality remains as a "
                    "public record, shown as \"Deleted user\"."), "success")
            return redirect(url_for("public.index"))
    return render_template("account/delete.html", form=form)
