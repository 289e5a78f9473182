"""Logging in and out, registering, confirming an email address, resetting a password."""
from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, logout_user

from app.auth.forms import EmailForm, LoginForm, NewPasswordForm, RegisterForm
from app.extensions import configured_limit, limiter
from app.forms import add_domain_error
from app.mail import MailNotSent
from app.permissions import login_required, public
from app.rate_limits import failed, submitted_email, succeeded
from app.redirects import safe_next
from app.services.people import accounts, sessions, users
from app.services.errors import DomainError

bp = Blueprint("auth", __name__)


@bp.route("/logga-in", methods=["GET", "POST"])
@public
@limiter.limit(configured_limit("RATELIMIT_LOGIN_ADDRESS"), methods=["POST"], deduct_when=failed,
               key_func=get_remote_address)
@limiter.limit(configured_limit("RATELIMIT_LOGIN_ACCOUNT"), methods=["POST"], deduct_when=failed,
               key_func=submitted_email("login"))
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = LoginForm()
    if form.validate_on_submit():
        user = users.authenticate(form.email.data, form.password.data)
        if user is not None:
            sessions.log_in(user, remember=form.remember.data)
            flash(_("You are logged in."), "success")
            return redirect(safe_next(request.args.get("next")))
        form.form_errors.append(_("The email address or password is wrong."))
    return render_template("auth/login.html", form=form)


@bp.route("/logga-ut", methods=["POST"])
@public
def logout():
    """Also when the log-in has ended already (the form still showed the button): the
    person is logged out either way."""
    if current_user.is_authenticated:
        sessions.log_out(current_user)
    flash(_("You are logged out."), "success")
    return redirect(url_for("public.index"))


@bp.route("/registrera", methods=["GET", "POST"])
@public
@limiter.limit(configured_limit("RATELIMIT_REGISTER"), methods=["POST"], deduct_when=succeeded,
               key_func=get_remote_address)
@limiter.limit(configured_limit("RATELIMIT_REGISTER_EMAIL"), methods=["POST"],
               deduct_when=succeeded, key_func=submitted_email("register"))
def register():
    if current_user.is_authenticated:
        return redirect(url_for("account.index"))
    form = RegisterForm()
    if form.validate_on_submit():
        if form.website.filled:
            abort(400)
        try:
            accounts.register(email=form.email.data, password=form.password.data,
                              display_name=form.display_name.data,
                              accepted_privacy=form.accept_privacy.data)
        except DomainError as error:
            add_domain_error(form, error)
        except MailNotSent:
            flash(_("The email to %(email)s could not be sent just now. Please register again "
                    "in a while.", email=form.email.data), "error")
            return redirect(url_for("auth.login"))
        else:
            session["registered_email"] = form.email.data.strip()[:254]
            return redirect(url_for("auth.registered"))
    elif form.is_submitted():  # stopped by the form's own checks: the rest shown too
        for problem in accounts.registration_problems(
                email=form.email.data, password=form.password.data or "",
                display_name=form.display_name.data,
                accepted_privacy=form.accept_privacy.data):
            if problem is not None and not getattr(form, problem.field).errors:
                add_domain_error(form, problem)
    return render_template("auth/register.html", form=form)


@bp.route("/registrera/skickat")
@public
def registered():
    """The same page for a new address and for one that already has an account."""
    email = session.get("registered_email")
    if email is None:
        return redirect(url_for("auth.register"))
    return render_template("auth/registered.html", email=email)


@bp.route("/bekrafta/<token>")
@public
def verify_email(token):
    try:
        accounts.verify_email(token)
    except accounts.InvalidLink as error:
        return render_template("auth/link_invalid.html", message=error.message), 400
    flash(_("Thank you! Your email address is confirmed."), "success")
    return redirect(url_for("account.index" if current_user.is_authenticated else "auth.login"))


@bp.route("/bekrafta-igen", methods=["POST"])
@login_required
@limiter.limit(configured_limit("RATELIMIT_PASSWORD_RESET"))
def resend_verification():
    if current_user.is_verified:
        flash(_("Your email address is already confirmed."), "info")
    else:
        try:
            accounts.send_verification(current_user)
        except MailNotSent:
            flash(_("The email could not be sent. Please try again later."), "error")
        else:
            flash(_("We have sent a new link to %(email)s.", email=current_user.email),
                  "success")
    return redirect(url_for("account.index"))


@bp.route("/glomt-losenord", methods=["GET", "POST"])
@public
@limiter.limit(configured_limit("RATELIMIT_PASSWORD_RESET"), methods=["POST"],
               key_func=get_remote_address)
def forgot_password():
    if current_user.is_authenticated:  # who knows their password changes it on My pages
        return redirect(url_for("account.change_password"))
    form = EmailForm()
    if form.validate_on_submit():
        try:
            accounts.request_password_reset(form.email.data)
        except MailNotSent:
            flash(_("The email could not be sent. Please try again later."), "error")
        else:
            flash(_("If there is an account for %(email)s, we have sent it a link to choose a "
                    "new password. The link works for one hour.", email=form.email.data),
                  "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/nytt-losenord/<token>", methods=["GET", "POST"])
@public
def reset_password(token):
    return _choose_password(token, "reset")


@bp.route("/valj-losenord/<token>", methods=["GET", "POST"])
@public
def accept_invitation(token):
    """A staff member's first visit: the link in the invitation an administrator sent."""
    return _choose_password(token, "invite")


def _choose_password(token, purpose):
    """A password chosen from an emailed link, a reset or an invitation."""
    try:
        user = accounts.user_for_password_link(token, purpose)
    except accounts.InvalidLink as error:
        return render_template("auth/link_invalid.html", message=error.message), 400
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            accounts.choose_password(token, purpose, form.password.data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            logout_user()
            flash(_("Your password is changed. Log in with the new one.") if purpose == "reset"
                  else _("Your password is saved. Log in with it and your email address, "
                         "%(email)s.", email=user.email), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form,
                           invited=user if purpose == "invite" else None)


@bp.route("/bekrafta-ny-adress/<token>")
@public
def confirm_email_change(token):
    try:
        accounts.confirm_email_change(token)
    except accounts.InvalidLink as error:
        return render_template("auth/link_invalid.html", message=error.message), 400
    flash(_("Your new email address is confirmed."), "success")
    return redirect(url_for("account.index" if current_user.is_authenticated else "auth.login"))
