from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Optional

from app import labels
from app.forms import MultiCheckboxField, max_length
from app.i18n import get_locale


class RevisionForm(FlaskForm):
    """A decision with nothing to fill in (approve, restore): the revision it was made on."""
    revision = HiddenField()


class TagForm(RevisionForm):
    keywords = MultiCheckboxField(_l("Keywords"), coerce=int)
    themes = MultiCheckboxField(_l("Strategy themes"), coerce=int,
                                description=_l("A keyword's theme is added with it."))
    sdg_goals = MultiCheckboxField(_l("Agenda 2030 goals"), coerce=int)

    def set_choices(self, keywords, themes, goals):
        self.keywords.choices = [SelectChoice(k.id, k.name) for k in keywords]
        self.themes.choices = [SelectChoice(t.id, t.name) for t in themes]
        locale = get_locale()
        self.sdg_goals.choices = [SelectChoice(g.number, f"{g.number}. {g.name(locale)}")
                                  for g in goals]


class AnswerForm(RevisionForm):
    answer_status = RadioField(
        _l("The municipality's answer"),
        choices=[SelectChoice(status.value, label)
                 for status, label in labels.ANSWER_STATUSES.items()],
        validators=[InputRequired(_l("Choose one of the answers."))])
    answer_text = TextAreaField(_l("Answer text (public, optional)"),
                                validators=[max_length(5000)], render_kw={"rows": 4})


class NoteForm(FlaskForm):
    body = TextAreaField(_l("Private note"), validators=[DataRequired(_l("Write the note.")),
                                                         max_length(5000)],
                         description=_l("Only moderators see notes."), render_kw={"rows": 3})


class HideForm(RevisionForm):
    reason = RadioField(
        _l("Which rule does the proposal break?"),
        choices=[SelectChoice(reason.value, label)
                 for reason, label in labels.REPORT_REASONS.items()],
        validators=[InputRequired(_l("Choose which rule the proposal breaks."))])
    message = TextAreaField(_l("Message to the author (optional)"),
                            validators=[max_length(2000)],
                            description=_l("Sent to the author with the rule, and shown on "
                                           "their My pages. Not public."))


class MergeForm(RevisionForm):
    target = StringField(_l("Reference of the proposal to keep"),
                         validators=[DataRequired(_l("Give the reference of the proposal to "
                                                     "keep, like 2019-0042.")),
                                     max_length(20)],
                         description=_l("Like 2019-0042. This proposal will lead there; its "
                                        "supports and tags move over."))


class KeywordForm(FlaskForm):
    name = StringField(_l("Keyword"), validators=[DataRequired(_l("Write a name.")),
                                                  max_length(80)])
    meaning = TextAreaField(_l("Meaning"), validators=[max_length(5000)],
                            description=_l("What the residents' proposals mean by it."),
                            render_kw={"rows": 4})
    theme_id = SelectField(_l("Strategy theme"), coerce=int, validators=[Optional()])

    def set_choices(self, themes):
        self.theme_id.choices = [SelectChoice(0, _l("No theme yet"))] + [
            SelectChoice(t.id, t.name) for t in themes]


class ThemeForm(FlaskForm):
    name = StringField(_l("Theme"), validators=[DataRequired(_l("Write a name.")),
                                                max_length(80)])
    description = TextAreaField(_l("Description"), validators=[max_length(5000)],
                                render_kw={"rows": 4})
    sdg_goals = MultiCheckboxField(_l("Agenda 2030 goals"), coerce=int)

    def set_choices(self, goals):
        locale = get_locale()
        self.sdg_goals.choices = [SelectChoice(g.number, f"{g.number}. {g.name(locale)}")
                                  for g in goals]


class MergeTagForm(FlaskForm):
    target = SelectField(_l("Merge into"), coerce=int,
                         validators=[DataRequired(_l("Choose where to merge it."))])

    def set_choices(self, items):
        self.target.choices = [SelectChoice(0, _l("Choose…"))] + [
            SelectChoice(item.id, item.name) for item in items]


class BulkForm(FlaskForm):
    """Selected proposals (checkboxes in the queue's table) and one action on them; the
    template renders the action list in groups, so only the CSRF token is a form field."""
