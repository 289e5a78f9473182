from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Optional

from app import labels
from app.forms import choice_id, entered, max_length, max_raw_length
from app.i18n import lazy_gettext as _l


class ProposalForm(FlaskForm):
    """A resident's proposal. Its lengths, focus area and district are the service's to
    check (`proposals.set_content`), all at once, so that every problem shows in one try."""
    title = StringField(
        _l("Title"), validators=[max_raw_length(1000, 120)],
        description=_l("10–120 characters. Say what you propose, e.g. \"More benches along "
                       "the river walk\"."))
    body = TextAreaField(
        _l("Your proposal"), validators=[max_raw_length(20000, 5000)],
        description=_l("30–5,000 characters. What should be done, and why? Separate "
                       "paragraphs with a blank line. Links are allowed."),
        render_kw={"rows": 10})
    focus_area_id = SelectField(_l("Focus area"), coerce=choice_id, validate_choice=False)
    district_id = SelectField(_l("District (optional)"), coerce=choice_id,
                              validate_choice=False, validators=[Optional()],
                              description=_l("If the proposal concerns a particular part of "
                                             "the municipality."))
    show_name = BooleanField(
        _l("Show my display name with the proposal"),
        description=_l("Otherwise it is shown as coming from \"Resident\"."))

    def set_choices(self, process, districts):
        self.focus_area_id.choices = [SelectChoice(0, _l("Choose…"))] + [
            entered(area.id, area.name) for area in process.focus_areas]
        self.district_id.choices = [SelectChoice(0, _l("No particular district"))] + [
            entered(district.id, district.name) for district in districts]


class WithdrawForm(FlaskForm):
    reason = RadioField(
        _l("Why do you withdraw the proposal?"),
        choices=[SelectChoice(reason.value, label)
                 for reason, label in labels.WITHDRAWAL_REASONS.items()],
        validators=[InputRequired(_l("Choose a reason."))])
    note = TextAreaField(_l("Anything to add? (optional)"), validators=[max_length(1000)],
                         description=_l("Shown with the proposal, e.g. which proposal it "
                                        "duplicates."))


class ReportForm(FlaskForm):
    reason = RadioField(
        _l("Which rule does the proposal break?"),
        choices=[SelectChoice(reason.value, label)
                 for reason, label in labels.REPORT_REASONS.items()],
        validators=[InputRequired(_l("Choose which rule it breaks."))])
    note = TextAreaField(_l("Anything the moderators should know? (optional)"),
                         validators=[max_length(1000)])
