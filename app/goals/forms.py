from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Optional

from app import labels
from app.forms import MultiCheckboxField, entered, max_length
from app.i18n import get_locale
from app.i18n import lazy_gettext as _l
from app.models import GoalStatus


class GoalForm(FlaskForm):
    revision = HiddenField()
    title = StringField(_l("Goal"), validators=[DataRequired(_l("Write the goal.")),
                                                max_length(200)])
    description = TextAreaField(_l("Description"), validators=[max_length(5000)],
                                render_kw={"rows": 4})
    themes = MultiCheckboxField(_l("Strategy themes behind it"), coerce=int)
    keywords = MultiCheckboxField(_l("Keywords behind it"), coerce=int)
    sdg_goals = MultiCheckboxField(_l("Agenda 2030 goals"), coerce=int)
    proposals = StringField(_l("Proposals as evidence (optional)"),
                            validators=[max_length(2000)])

    def set_choices(self, themes, keywords, goals, example_references):
        self.proposals.description = _l("Their references, separated by commas, like "
                                        "%(references)s.",
                                        references=", ".join(example_references))
        self.themes.choices = [entered(t.id, t.name) for t in themes]
        self.keywords.choices = [entered(k.id, k.name) for k in keywords]
        locale = get_locale()
        self.sdg_goals.choices = [SelectChoice(g.number, f"{g.number}. {g.name(locale)}")
                                  for g in goals]


class StatusForm(FlaskForm):
    status = RadioField(_l("Status"), choices=[SelectChoice(s.value, label)
                                               for s, label in labels.GOAL_STATUSES.items()],
                        validators=[InputRequired(_l("Choose one of the statuses."))])
    decided_on = DateField(_l("Decided on"), validators=[Optional()],
                           description=_l("When the goal is decided."))
    decided_by = StringField(_l("Decided by"), validators=[max_length(60)],
                             description=_l("The body and meeting, like KF 24/6."))

    def offer_no_draft(self):
        self.status.choices = [choice for choice in self.status.choices
                               if choice.value != GoalStatus.DRAFT]


class CommentForm(FlaskForm):
    body = TextAreaField(_l("Comment"), validators=[DataRequired(_l("Write the comment.")),
                                                    max_length(5000)],
                         description=_l("For the other committee members."),
                         render_kw={"rows": 3})
