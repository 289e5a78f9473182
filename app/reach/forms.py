from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, RadioField, SelectChoice, SelectField, StringField, \
    TextAreaField
from wtforms.validators import DataRequired, InputRequired

from app.forms import entered, max_length
from app.i18n import GIVE_THE_DATE, lazy_gettext as _l
from app.models import AGE_BANDS, DECLINED
from app.services.reach.figures import band_label

PREFER_NOT = _l("Prefer not to say")


def _optional_radio(label, choices, description=None):
    """A question one may leave, or answer "prefer not to say"; the service checks the
    answer against the choices (an unknown one is an error next to the field)."""
    return RadioField(label, choices=[*choices, SelectChoice(DECLINED, PREFER_NOT)],
                      validate_choice=False, description=description)


def profile_form(questions, districts):
    """The optional questions: age band, district of residence, the process's own."""
    class ProfileForm(FlaskForm):
        age_band = _optional_radio(_l("Your age"),
                                   [SelectChoice(b, band_label(b)) for b in AGE_BANDS])
    if districts:
        ProfileForm.district = _optional_radio(
            _l("The district you live in"),
            [entered(str(d.id), d.name) for d in districts])
    for question in questions:
        setattr(ProfileForm, f"question_{question.id}", _optional_radio(
            question.text, [entered(c, c) for c in question.choices]))
    return ProfileForm()


class QuestionForm(FlaskForm):
    text = StringField(_l("Question"), validators=[DataRequired(_l("Write the question.")),
                                                   max_length(200)],
                       description=_l("For example: I work in the municipality."))
    choices = TextAreaField(_l("Answers"), validators=[DataRequired(_l("Write the answers."))],
                            description=_l("One per line, two to eight. \"Prefer not to say\" "
                                           "is always offered besides."),
                            render_kw={"rows": 4})


class PopulationForm(FlaskForm):
    file = FileField(_l("CSV file"), validators=[DataRequired(_l("Choose a file."))],
                     description=_l("Columns district, age_band and count; one line per "
                                    "district and age band."))


class OutreachForm(FlaskForm):
    place = StringField(_l("Place"), validators=[DataRequired(_l("Write the place.")),
                                                 max_length(200)],
                        description=_l("Where staff will be, e.g. the youth centre in Norrby."))
    held_on = DateField(_l("Date"), validators=[InputRequired(GIVE_THE_DATE)])
    hours = StringField(_l("Time (optional)"), validators=[max_length(60)],
                        description=_l("For example 15–18."))
    group = StringField(_l("Group to meet"), validators=[DataRequired(_l("Write the group.")),
                                                         max_length(200)],
                        description=_l("In words the group would use, e.g. young people."))
    age_band = SelectField(_l("Age band it aims at (optional)"), validate_choice=False)
    district_id = SelectField(_l("District it aims at (optional)"), validate_choice=False)
    description = TextAreaField(_l("What happens there (optional)"),
                                validators=[max_length(2000)], render_kw={"rows": 3})
    public = BooleanField(_l("Show it publicly on \"Hand in a proposal at a place\""))

    def set_choices(self, districts):
        self.age_band.choices = [SelectChoice("", _l("Any"))] + [
            SelectChoice(b, band_label(b)) for b in AGE_BANDS]
        self.district_id.choices = [SelectChoice("", _l("Any"))] + [
            entered(str(d.id), d.name) for d in districts]
