from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired

from app.forms import max_length, valid_email
from app.i18n import lazy_gettext as _l

ENTER_PASSWORD = _l("Enter your password.")


class DetailsForm(FlaskForm):
    display_name = StringField(
        _l("Display name (optional)"), validators=[max_length(80)],
        description=_l("Shown with your proposals if you choose so. Leave it empty to appear "
                       "as \"Resident\"."),
        render_kw={"autocomplete": "nickname"})
    notify_results = BooleanField(
        _l("Tell me by email when the results are published"),
        description=_l("One email per dialogue you took part in, when the municipality "
                       "publishes what became of the proposals."))


class ChangeEmailForm(FlaskForm):
    email = EmailField(_l("New email address"),
                       validators=[DataRequired(_l("Enter your new email address.")),
                                   max_length(254), valid_email()],
                       description=_l("We send a link there; the change happens when you "
                                      "open it."),
                       render_kw={"autocomplete": "email"})
    password = PasswordField(_l("Your password"), validators=[DataRequired(ENTER_PASSWORD)],
                             render_kw={"autocomplete": "current-password"})


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"), validators=[DataRequired(ENTER_PASSWORD)],
        render_kw={"autocomplete": "current-password"})
    new_password = PasswordField(
        _l("New password"), validators=[DataRequired(_l("Choose a password."))],
        description=_l("At least 10 characters."), render_kw={"autocomplete": "new-password"})


class DeleteAccountForm(FlaskForm):
    password = PasswordField(_l("Your password"), validators=[DataRequired(ENTER_PASSWORD)],
                             render_kw={"autocomplete": "current-password"})
