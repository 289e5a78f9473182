from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired

from app.forms import HoneypotField, max_length, valid_email
from app.i18n import lazy_gettext as _l

ENTER_EMAIL = _l("Enter your email address.")


class LoginForm(FlaskForm):
    email = EmailField(_l("Email address"), validators=[DataRequired(ENTER_EMAIL),
                                                        max_length(254)],
                       render_kw={"autocomplete": "username"})
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password."))],
                             render_kw={"autocomplete": "current-password"})
    remember = BooleanField(_l("Keep me logged in on this device"))


class RegisterForm(FlaskForm):
    email = EmailField(_l("Email address"), validators=[DataRequired(ENTER_EMAIL),
                                                        max_length(254), valid_email()],
                       description=_l("We send a link to confirm it. It is never shown to "
                                      "others."),
                       render_kw={"autocomplete": "email"})
    password = PasswordField(
        _l("Password"), validators=[DataRequired(_l("Choose a password."))],
        description=_l("At least 10 characters. A few unrelated words together are easy to "
                       "remember and hard to guess."),
        render_kw={"autocomplete": "new-password"})
    display_name = StringField(
        _l("Display name (optional)"), validators=[max_length(80)],
        description=_l("Shown with your proposals if you choose so. Otherwise you appear as "
                       "\"Resident\"."),
        render_kw={"autocomplete": "nickname"})
    accept_privacy = BooleanField(_l("I have read how my personal data is handled"))
    website = HoneypotField()


class EmailForm(FlaskForm):
    email = EmailField(_l("Email address"), validators=[DataRequired(ENTER_EMAIL),
                                                        max_length(254), valid_email()],
                       render_kw={"autocomplete": "email"})


class NewPasswordForm(FlaskForm):
    password = PasswordField(
        _l("New password"), validators=[DataRequired(_l("Choose a password."))],
        description=_l("At least 10 characters."), render_kw={"autocomplete": "new-password"})
