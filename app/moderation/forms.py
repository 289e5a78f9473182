from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (DateField, HiddenField, RadioField, SelectChoice, SelectField,
                     StringField, TextAreaField)
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional

from app import labels
from app.forms import MultiCheckboxField, WholeNumberField, entered, max_length, number_range
from app.i18n import GIVE_THE_DATE, filled_in, get_locale
from app.i18n import lazy_gettext as _l
from app.services.participation import imports, paper
from app.models import AGE_BANDS, DECLINED
from app.services.reach.figures import band_label


class RevisionForm(FlaskForm):
    """A decision with nothing to fill in (approve, restore): the revision it was made on.
    Required: a form without it (made by hand) would skip the check that nobody changed
    the proposal meanwhile."""
    revision = HiddenField(validators=[InputRequired()])


class TagForm(RevisionForm):
    keywords = MultiCheckboxField(_l("Keywords"), coerce=int)
    themes = MultiCheckboxField(_l("Strategy themes"), coerce=int,
                                description=_l("A keyword's theme is added with it."))
    sdg_goals = MultiCheckboxField(_l("Agenda 2030 goals"), coerce=int)

    def set_choices(self, keywords, themes, goals):
        self.keywords.choices = [entered(k.id, k.name) for k in keywords]
        self.themes.choices = [entered(t.id, t.name) for t in themes]
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
                                                     "keep.")),
                                     max_length(20)])

    def describe(self, example_reference):
        self.target.description = _l("Like %(reference)s. This proposal will lead there; its "
                                     "supports and tags move over.",
                                     reference=example_reference)


class KeywordForm(FlaskForm):
    name = StringField(_l("Keyword"), validators=[DataRequired(_l("Write a name.")),
                                                  max_length(80)])
    meaning = TextAreaField(_l("Meaning"), validators=[max_length(5000)],
                            description=_l("What the residents' proposals mean by it."),
                            render_kw={"rows": 4})
    theme_id = SelectField(_l("Strategy theme"), coerce=int, validators=[Optional()])

    def set_choices(self, themes):
        self.theme_id.choices = [SelectChoice(0, _l("No theme yet"))] + [
            entered(t.id, t.name) for t in themes]


class GroupForm(FlaskForm):
    """A decision on an emerging theme's group: `computed` is when the group shown was
    computed, so that a decision on a page read before the next refresh (which replaces
    the groups) is not applied to another group."""
    computed = HiddenField()


class GroupKeywordForm(GroupForm, KeywordForm):
    """An emerging theme made a keyword."""


class ExistingKeywordForm(GroupForm):
    """An emerging theme's group tagged with a keyword the process already has."""
    keyword_id = SelectField(_l("Or tag the group with an existing keyword"), coerce=int,
                             validators=[NumberRange(min=1,
                                                     message=_l("Choose one of the keywords."))])

    def set_choices(self, keywords):
        self.keyword_id.choices = [SelectChoice(0, _l("Choose…"))] + [
            entered(k.id, k.name) for k in keywords]


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
            entered(item.id, item.name) for item in items]


class BulkForm(FlaskForm):
    """Selected proposals (checkboxes in the queue's table) and one action on them; the
    template renders the action list in groups, so only the CSRF token is a form field."""


class PaperProposalForm(FlaskForm):
    """A proposal that came in on paper, by email or letter, or from an Open Space."""
    title = StringField(_l("Title"), validators=[DataRequired(_l("Write a title.")),
                                                 max_length(120)],
                        description=_l("10–120 characters, as the resident wrote it."))
    body = TextAreaField(_l("Proposal"), validators=[DataRequired(_l("Write the proposal.")),
                                                     max_length(20000)],
                         description=_l("30–5,000 characters, as the resident wrote it. "
                                        "Separate paragraphs with a blank line."),
                         render_kw={"rows": 8})
    focus_area_id = SelectField(_l("Focus area"), coerce=int)
    district_id = SelectField(_l("District (optional)"), coerce=int, validators=[Optional()])
    channel = RadioField(
        _l("How did it come in?"),
        choices=[SelectChoice(channel.value, label)
                 for channel, label in labels.CHANNELS.items() if channel != "digital"],
        validators=[InputRequired(_l("Choose how the proposal came in."))])
    place_id = SelectField(_l("Place"), coerce=int, validators=[Optional()],
                           description=_l("When it was handed in at a place."))
    session_id = SelectField(_l("Open Space session"), coerce=int, validators=[Optional()],
                             description=_l("When it came from an Open Space session."))
    received_on = DateField(_l("Date it came in"),
                            validators=[InputRequired(GIVE_THE_DATE)])
    writer_age_band = SelectField(_l("The writer's age"), validate_choice=False,
                                  description=_l("If the form's optional questions were "
                                                 "answered. Counted only together."))
    writer_district = SelectField(_l("The district the writer lives in"),
                                  validate_choice=False)

    def set_choices(self, process, districts, places, sessions):
        not_asked = SelectChoice("", _l("Not answered"))
        declined = SelectChoice(DECLINED, _l("Prefer not to say"))
        self.writer_age_band.choices = [not_asked] + [
            SelectChoice(band, band_label(band)) for band in AGE_BANDS] + [declined]
        self.writer_district.choices = [not_asked] + [
            entered(str(d.id), d.name) for d in districts] + [declined]
        self.focus_area_id.choices = [SelectChoice(0, _l("Choose…"))] + [
            entered(area.id, area.name) for area in process.focus_areas]
        self.district_id.choices = [SelectChoice(0, _l("No particular district"))] + [
            entered(d.id, d.name) for d in districts]
        self.place_id.choices = [SelectChoice(0, _l("None"))] + [
            entered(p.id, p.name) for p in places]
        self.session_id.choices = [SelectChoice(0, _l("None"))] + [
            entered(s.id, f"{s.event.title}: {s.topic}") for s in sessions]


def paper_proposal_form(questions):
    """The paper form with the process's own questions about the writer, as selects."""
    class WithQuestions(PaperProposalForm):
        pass
    for question in questions:
        setattr(WithQuestions, f"writer_question_{question.id}", SelectField(
            question.text, validate_choice=False,
            choices=[SelectChoice("", _l("Not answered"))]
            + [entered(choice, choice) for choice in question.choices]
            + [SelectChoice(DECLINED, _l("Prefer not to say"))]))
    return WithQuestions()


class PaperSupportForm(FlaskForm):
    count = WholeNumberField(_l("Number of supports"),
                             validators=[InputRequired(_l("Give a number.")),
                                         number_range(1, paper.PAPER_SUPPORTS_MAX)])
    source = SelectField(_l("Where they were given"),
                         validators=[DataRequired(_l("Choose where the supports were given."))])
    given_on = DateField(_l("Date"),
                         validators=[InputRequired(GIVE_THE_DATE)])
    note = StringField(_l("Note (optional)"), validators=[max_length(200)],
                       description=_l("For example: dot votes on the session's wall."))

    def set_choices(self, places, sessions):
        self.source.choices = [SelectChoice("", _l("Choose…"))] + [
            entered(f"place:{p.id}", p.name) for p in places] + [
            entered(f"session:{s.id}", f"Open Space: {s.topic}") for s in sessions]


class EventForm(FlaskForm):
    title = StringField(_l("Name"), validators=[DataRequired(_l("Write a name.")),
                                                max_length(200)])
    held_on = DateField(_l("Date"),
                        validators=[InputRequired(GIVE_THE_DATE)])
    place_id = SelectField(_l("Place (optional)"), coerce=int, validators=[Optional()])
    venue = StringField(_l("Other venue (optional)"), validators=[max_length(200)])
    theme = TextAreaField(_l("Theme or question"), validators=[max_length(2000)],
                          render_kw={"rows": 3})
    facilitator = StringField(_l("Facilitator"), validators=[max_length(120)])
    participants = WholeNumberField(_l("Number of participants"), default=0,
                                    validators=[InputRequired(_l("Give a number.")),
                                                number_range(0, paper.PARTICIPANTS_MAX)])

    def set_choices(self, places):
        self.place_id.choices = [SelectChoice(0, _l("None"))] + [
            entered(p.id, p.name) for p in places]


class SessionForm(FlaskForm):
    topic = StringField(_l("Topic"), validators=[DataRequired(_l("Write the topic.")),
                                                 max_length(200)])
    convener = StringField(_l("Convener (display name)"), validators=[max_length(120)],
                           description=_l("As the convener wants to be named in public, "
                                          "or empty."))
    participants = WholeNumberField(_l("Number of participants"), default=0,
                                    validators=[InputRequired(_l("Give a number.")),
                                                number_range(0, paper.PARTICIPANTS_MAX)])
    summary = TextAreaField(_l("Summary"), validators=[max_length(5000)],
                            render_kw={"rows": 4})
    recommendations = TextAreaField(_l("Recommendations"), validators=[max_length(5000)],
                                    render_kw={"rows": 4})


class ImportForm(FlaskForm):
    file = FileField(_l("File (CSV or XLSX)"),
                     validators=[FileRequired(_l("Choose a file."))],
                     description=filled_in(_l("At most %(rows)s rows and %(size)s MB."),
                                           rows=imports.MAX_ROWS,
                                           size=imports.MAX_BYTES // (1024 * 1024)))


class SynthesisForm(FlaskForm):
    body = TextAreaField(_l("Synthesis for KSAU"), validators=[max_length(10000)],
                         description=_l("What the residents' proposals in this theme say, in "
                                        "a few paragraphs. Every version is kept."),
                         render_kw={"rows": 8})


class QuoteForm(FlaskForm):
    theme_id = SelectField(_l("Theme"), coerce=int,
                           validators=[DataRequired(_l("Choose one of the proposal's themes."))])
    text = TextAreaField(_l("Words to quote"),
                         validators=[DataRequired(_l("Write the words to quote.")),
                                     max_length(600)],
                         description=_l("Copy the resident's own words, at most 600 "
                                        "characters."), render_kw={"rows": 3})

    def set_choices(self, themes):
        self.theme_id.choices = [SelectChoice(0, _l("Choose…"))] + [
            entered(t.id, t.name) for t in themes]


class CommentHideForm(FlaskForm):
    reason = RadioField(
        _l("Which rule does the comment break?"),
        choices=[SelectChoice(reason.value, label)
                 for reason, label in labels.REPORT_REASONS.items()],
        validators=[InputRequired(_l("Choose which rule the comment breaks."))])
    message = TextAreaField(_l("Message to the writer (optional)"),
                            validators=[max_length(2000)],
                            description=_l("Shown to the writer beside the hidden comment. "
                                           "Not public."))
