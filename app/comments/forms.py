from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectChoice, TextAreaField
from wtforms.validators import DataRequired, InputRequired

from app import labels
from app.forms import max_length
from app.i18n import lazy_gettext as _l
from app.services.discussion.comments import TEXT_LENGTH


class CommentForm(FlaskForm):
    stance = RadioField(
        _l("What do you think of the proposal?"),
        choices=[SelectChoice(stance.value, label) for stance, label in labels.STANCES.items()],
        validators=[InputRequired(_l("Choose whether you are for or against the proposal, or "
                                     "neither."))])
    body = TextAreaField(
        _l("Your comment"),
        validators=[DataRequired(_l("Write the comment.")), max_length(4 * TEXT_LENGTH)],
        description=_l("At most 2,000 characters. Separate paragraphs with a blank line; at "
                       "most 3 links. The comment is a public record."),
        render_kw={"rows": 6})


class WriteForm(CommentForm):
    as_municipality = BooleanField(
        _l("Post as the municipality"),
        description=_l("Shown as written by the municipality, not by you."))


class CommentReportForm(FlaskForm):
    reason = RadioField(
        _l("Which rule does the comment break?"),
        choices=[SelectChoice(reason.value, label)
                 for reason, label in labels.REPORT_REASONS.items()],
        validators=[InputRequired(_l("Choose which rule it breaks."))])
    note = TextAreaField(_l("Anything the moderators should know? (optional)"),
                         validators=[max_length(1000)])


class DigestForm(FlaskForm):
    choice = RadioField(
        _l("An email about new comments"),
        choices=[SelectChoice("daily", _l("Once a day, when there are new comments or answers")),
                 SelectChoice("none", _l("None"))],
        validators=[InputRequired(_l("Choose a daily email or none."))])
