"""The forms of the goals' follow-up: indicators, boards and their goals, periods, values."""
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import RadioField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Optional

from app import labels
from app.forms import WholeNumberField, max_length
from app.i18n import lazy_gettext as _l
from app.models import BoardKind, Direction, IndicatorSource
from app.services.followup.indicators import IndicatorFields, read_number


NOT_A_NUMBER = _l("Enter a number, like 12,5.")


def parse_decimal(text):
    """A number as Swedish Excel and people write it (`indicators.read_number`); None when
    empty; ValueError for anything else."""
    if not (text or "").strip():
        return None
    number = read_number(text)
    if number is None:
        raise ValueError(str(NOT_A_NUMBER))
    return number


class DecimalNumberField(StringField):
    """A decimal number field: its data is a float, or None when empty; anything else is
    an error next to the field."""

    def process_formdata(self, valuelist):
        self.data = None
        self.raw = (valuelist[0] if valuelist else "").strip()
        self.data = parse_decimal(self.raw)

    def _value(self):
        if getattr(self, "raw", None) is not None:
            return self.raw
        if self.data is None:
            return ""
        return f"{self.data:g}".replace(".", ",")


def _choices(mapping):
    return [SelectChoice(key.value, label) for key, label in mapping.items()]


class IndicatorForm(FlaskForm):
    name = StringField(_l("Indicator"), validators=[DataRequired(_l("Name the indicator.")),
                                                    max_length(200)])
    unit = StringField(_l("Unit"), validators=[DataRequired(_l("Give the unit.")),
                                               max_length(40)],
                       description=_l("Like %, kronor per resident or number."))
    direction = RadioField(_l("Direction"), choices=_choices(labels.DIRECTIONS),
                           default=Direction.HIGHER.value,
                           validators=[InputRequired(_l("Choose the direction."))])
    baseline_value = DecimalNumberField(_l("Baseline value"))
    baseline_year = WholeNumberField(_l("Baseline year"), validators=[Optional()])
    target_value = DecimalNumberField(_l("Target value"))
    target_year = WholeNumberField(_l("Target year"), validators=[Optional()])
    source = RadioField(_l("Source of the values"), choices=_choices(labels.INDICATOR_SOURCES),
                        default=IndicatorSource.MANUAL.value,
                        validators=[InputRequired(_l("Choose the source."))])
    kolada_kpi = StringField(_l("Kolada key figure (KPI id)"), validators=[max_length(20)],
                             description=_l("Only for a Kolada source, like N00945."))
    kolada_municipality = StringField(_l("Kolada municipality id"),
                                      validators=[max_length(10)],
                                      description=_l("Four digits, like 0180."))

    def fields(self):
        return IndicatorFields(
            name=self.name.data, unit=self.unit.data, direction=self.direction.data,
            baseline_value=self.baseline_value.data, baseline_year=self.baseline_year.data,
            target_value=self.target_value.data, target_year=self.target_year.data,
            source=self.source.data, kolada_kpi=self.kolada_kpi.data or "",
            kolada_municipality=self.kolada_municipality.data or "")


class BoardForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(_l("Name the board or company.")),
                                               max_length(120)])
    kind = RadioField(_l("Kind"), choices=_choices(labels.BOARD_KINDS),
                      default=BoardKind.BOARD.value,
                      validators=[InputRequired(_l("Choose board or company."))])


class BoardGoalForm(IndicatorForm):
    """A board goal with its first indicator (it never is without one)."""
    goal_id = SelectField(_l("Overarching goal it serves"), coerce=int,
                          validators=[InputRequired(_l("Choose the overarching goal."))])
    board_id = SelectField(_l("Responsible board or company"), coerce=int,
                           validators=[InputRequired(_l("Choose the board or company."))])
    title = StringField(_l("Board goal"), validators=[DataRequired(_l("Write the board goal.")),
                                                      max_length(200)])

    FIRST = ("goal_id", "board_id", "title")

    def __iter__(self):
        """The board goal's own fields first, then its first indicator's."""
        fields = list(super().__iter__())
        return iter(sorted(fields, key=lambda f: f.name not in self.FIRST))


class BoardGoalEditForm(FlaskForm):
    """A board goal's wording and responsible board (its indicators are its own)."""
    title = StringField(_l("Board goal"), validators=[DataRequired(_l("Write the board goal.")),
                                                      max_length(200)])
    board_id = SelectField(_l("Responsible board or company"), coerce=int,
                           validators=[InputRequired(_l("Choose the board or company."))])


class PeriodForm(FlaskForm):
    kind = RadioField(_l("Period"), choices=_choices(labels.PERIOD_KINDS),
                      validators=[InputRequired(_l("Choose interim report or annual report."))])
    year = WholeNumberField(_l("Year"), validators=[InputRequired(_l("Give the year."))])


class ValueForm(FlaskForm):
    indicator_id = SelectField(_l("Indicator"), coerce=int,
                               validators=[InputRequired(_l("Choose the indicator."))])
    value_year = WholeNumberField(_l("Year"), validators=[InputRequired(_l("Give the year."))])
    value = DecimalNumberField(_l("Value"), validators=[InputRequired(_l("Give the value."))])


class ImportForm(FlaskForm):
    file = FileField(_l("File (CSV or XLSX)"),
                     description=_l("Columns: indikator; år; värde; enhet. The indicator is "
                                    "its number in the table above."))
