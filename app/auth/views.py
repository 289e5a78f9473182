"""Logging in and out. Registration and the rest come with the Accounts issue."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from app.auth.forms import LoginForm
from app.permissions import login_required, public
from app.redirects import safe_next
from app.services import users

bp = Blueprint("auth", __name__)


@bp.route("/logga-in", methods=["GET", "POST"])
@public
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = LoginForm()
    if form.validate_on_submit():
        user = users.authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            flash(_("You are logged in."), "success")
            return redirect(safe_next(request.args.get("next")))
        form.form_errors.append(_("The email address or password is wrong."))
    return render_template("auth/login.html", form=form)


@bp.route("/logga-ut", methods=["POST"])
@login_required
def logout():
    logout_user()
    flash(_("You are logged out."), "success")
    return redirect(url_for("public.index"))
