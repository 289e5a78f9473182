from flask_wtf import FlaskForm
from wtforms import (BooleanField, EmailField, RadioField, SelectChoice, SelectField, StringField,
                     TextAreaField)
from wtforms.validators import DataRequired, InputRequired, Optional

from app import labels
from app.forms import (LocalDateTimeField, MultiCheckboxField, WholeNumberField, max_length,
                       number_range, valid_email)
from app.i18n import lazy_gettext as _l
from app.models import STAFF_ROLES, Feature, ModerationMode


class ProcessForm(FlaskForm):
    title = StringField(_l("Title"), validators=[
        DataRequired(_l("Enter a title.")),
        max_length(200)])
    slug = StringField(
        _l("Web address"),
        description=_l("Used in the address, e.g. mal-2019-2022: lower-case letters a–z, "
                       "digits and hyphens."),
        validators=[DataRequired(_l("Enter a web address.")),
                    max_length(80)])
    description = TextAreaField(
        _l("Description"),
        description=_l("What the dialogue is about. Separate paragraphs with a blank line."),
        validators=[max_length(5000)])
    moderation_mode = RadioField(
        _l("Moderation"), default=ModerationMode.AFTERWARDS.value,
        choices=[SelectChoice(mode.value, label)
                 for mode, label in labels.MODERATION_MODES.items()],
        validators=[InputRequired(_l("Choose how proposals are moderated."))])
    support_limit = WholeNumberField(
        _l("Supports per resident"), default=10,
        description=_l("How many proposals one resident may support in this process. "
                       "0 means no limit."),
        validators=[InputRequired(_l("Enter a number.")),
                    number_range(0, 1000)])
    hide_support_counts = BooleanField(
        _l("Hide the number of supports until the dialogue phase ends"),
        description=_l("So that early counts sway no one."))
    report_threshold = WholeNumberField(
        _l("Reports before a proposal is hidden"), default=3,
        description=_l("After this many residents' reports a proposal is hidden until a "
                       "moderator has looked at them. 0: reports never hide a proposal."),
        validators=[InputRequired(_l("Enter a number.")),
                    number_range(0, 100)])


class PhaseForm(FlaskForm):
    name = StringField(_l("Name"), validators=[
        DataRequired(_l("Enter a name.")),
        max_length(120)])
    body = StringField(
        _l("Who"), description=_l("The body or group concerned, e.g. KSAU, KF or Invånare."),
        validators=[max_length(60)])
    kind = SelectField(_l("Kind of phase"),
                       choices=[SelectChoice(kind.value, label)
                                for kind, label in labels.PHASE_KINDS.items()],
                       validators=[InputRequired(_l("Choose a kind of phase."))])
    starts_at = LocalDateTimeField(
        _l("Starts"), description=_l("Swedish time."),
        validators=[InputRequired(_l("Enter when the phase starts."))])
    ends_at = LocalDateTimeField(
        _l("Ends"),
        description=_l("Swedish time. A phase lasting whole days ends at 00:00 the day after."),
        validators=[InputRequired(_l("Enter when the phase ends."))])
    features = MultiCheckboxField(
        _l("What residents and staff can do in this phase"),
        choices=[SelectChoice(feature.value, label)
                 for feature, label in labels.FEATURES.items()],
        validators=[Optional()])
    description = TextAreaField(_l("Description"), validators=[
        max_length(2000)])

    def chosen_features(self):
        return {Feature(value) for value in self.features.data or []}


class FocusAreaForm(FlaskForm):
    name = StringField(_l("Name"), validators=[
        DataRequired(_l("Enter a name.")),
        max_length(120)])
    description = TextAreaField(_l("Description"), validators=[
        max_length(2000)])
    position = WholeNumberField(
        _l("Order"), description=_l("Lower numbers are listed first."), default=1,
        validators=[InputRequired(_l("Enter a number.")),
                    number_range(0, 999)])


class UserRoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=[SelectChoice(role.value, label)
                                            for role, label in labels.ROLES.items()],
                       validators=[InputRequired(_l("Choose a role."))])
    active = BooleanField(_l("The account may log in"),
                          description=_l("Untick to block the account without deleting it."))


class InviteForm(FlaskForm):
    email = EmailField(_l("Email address"), validators=[
        DataRequired(_l("Enter the email address.")), valid_email()],
        description=_l("The invitation goes here; the person logs in with it."))
    display_name = StringField(_l("Name"), validators=[DataRequired(_l("Enter a name.")),
                                                       max_length(80)],
                               description=_l("Shown to other staff and in the audit log."))
    role = RadioField(_l("Role"), choices=[SelectChoice(role.value, labels.ROLES[role])
                                           for role in STAFF_ROLES],
                      validators=[InputRequired(_l("Choose a role."))])


class DistrictForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(_l("Enter a name.")),
                                               max_length(120)])
    position = WholeNumberField(
        _l("Order"), default=1, description=_l("Lower numbers are listed first."),
        validators=[InputRequired(_l("Enter a number.")),
                    number_range(0, 999)])


class PlaceForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(_l("Enter a name.")),
                                               max_length(120)],
                       description=_l("For example: Stadsbiblioteket."))
    address = StringField(_l("Street address"), validators=[max_length(200)])
    opening_hours = TextAreaField(_l("Opening hours"), validators=[max_length(1000)],
                                  render_kw={"rows": 3})
    accessibility = TextAreaField(_l("Accessibility"), validators=[max_length(1000)],
                                  description=_l("Entrance, lift, hearing loop, parking."),
                                  render_kw={"rows": 3})
    position = WholeNumberField(
        _l("Order"), default=1, description=_l("Lower numbers are listed first."),
        validators=[InputRequired(_l("Enter a number.")),
                    number_range(0, 999)])
