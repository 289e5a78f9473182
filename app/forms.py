"""Form pieces shared by the blueprints."""
from datetime import datetime

from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateTimeLocalField, IntegerField, SelectChoice,
                     SelectMultipleField, StringField)
from wtforms.validators import DataRequired, Email, Length, NumberRange, ValidationError

from app.i18n import (AT_MOST_CHARACTERS, AT_MOST_CHARACTERS_NOW, CONTENT_LANGUAGE,
                      NoSuchLocalTime, filled_in, from_local, get_locale, number_between)
from app.i18n import lazy_gettext as _l
from wtforms.widgets import CheckboxInput, ListWidget


def valid_email():
    return Email(_l("Enter a valid email address, like namn@example.se."),
                 check_deliverability=False)


def entered(value, label):
    """A choice whose label the municipality entered (a theme's or a district's name), which
    is Swedish: marked so when the page is in another language (WCAG 3.1.2), as the
    `sv` filter marks such text elsewhere."""
    marked = {} if get_locale() == CONTENT_LANGUAGE else {"lang": CONTENT_LANGUAGE}
    return SelectChoice(value, label, render_kw=marked)


def max_length(limit):
    return Length(max=limit, message=filled_in(AT_MOST_CHARACTERS, max=limit))


def choice_id(value):
    """A select's chosen id, for a service that checks it: junk (a form made by hand) reads
    as -1, which no row has, so the page says to choose one beside the other problems
    instead of WTForms' own message; nothing chosen reads as 0."""
    if isinstance(value, int):
        return value
    text = str(value if value is not None else "").strip()
    if not text:
        return 0
    return int(text) if text.isascii() and text.isdigit() and int(text) < 2**31 else -1


def max_raw_length(limit, shown):
    """The most a field's raw value (its HTML) may hold, `limit`, told as the most its text
    may (`shown`, which the service checks) and how much it has. Not drawn as the browser's
    maxlength, which would cut a long paste without a word: the page comes back whole,
    with the message."""
    def check(form, field):
        if field.data and len(field.data) > limit:
            raise ValidationError(filled_in(AT_MOST_CHARACTERS_NOW, max=shown,
                                            now=len(field.data)))
    return check


def number_range(low, high):
    return NumberRange(min=low, max=high, message=number_between(low, high))


class WholeNumberField(IntegerField):
    """A whole number of at most nine digits: a longer one is refused here, as not a
    number the form could take, before a limit compares it (which a thousand digits
    would make fail)."""

    MAX_DIGITS = 9

    def process_formdata(self, valuelist):
        if valuelist and len(valuelist[0].strip().lstrip("+-")) > self.MAX_DIGITS:
            self.data = None
            raise ValueError(_l("Enter a whole number."))
        super().process_formdata(valuelist)


class MultiCheckboxField(SelectMultipleField):
    """A set of checkboxes; the form macro renders it as a fieldset with a legend."""
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class LocalDateTimeField(DateTimeLocalField):
    """A datetime-local input. A value a browser could not have sent is not echoed back:
    the input's value must be a valid local datetime or empty."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format="%Y-%m-%dT%H:%M", **kwargs)

    def pre_validate(self, form):
        if self.data is not None:
            try:
                from_local(self.data)
            except NoSuchLocalTime:
                raise ValidationError(_l("This time does not exist, or happens twice, when the "
                                         "clocks change. Choose another time."))

    def _value(self):
        raw = " ".join(self.raw_data or [])
        try:
            datetime.strptime(raw, self.format[0])
        except ValueError:
            return self.data.strftime(self.format[0]) if self.data else ""
        return raw


class HoneypotField(StringField):
    """A field people never see (the form macro hides it) and bots fill in: when it has a
    value, the view refuses the form. Kinder to people than a captcha."""

    def __init__(self, **kwargs):
        super().__init__(_l("Leave this field empty"),
                         render_kw={"autocomplete": "off", "tabindex": "-1"}, **kwargs)

    @property
    def filled(self):
        return bool(self.data)


def add_domain_error(form, error, renamed=None):
    """Show a service's DomainError (or each of DomainErrors) next to the field it
    concerns, or above the form. `renamed`: {the service's name: the form's} where a form
    names a field otherwise (two forms on one page cannot both have an id "year")."""
    for each in getattr(error, "errors", [error]):
        name = (renamed or {}).get(each.field, each.field)
        field = getattr(form, name, None) if name else None
        if field is None:
            form.form_errors.append(each.message)
        else:
            field.errors = list(field.errors) + [each.message]


class ConfirmForm(FlaskForm):
    """A step that cannot be undone and reaches many people: the page says what will
    happen, and the person ticks that they have read it."""
    confirm = BooleanField(_l("I have read what will happen, and that it cannot be undone"),
                           validators=[DataRequired(_l("Tick the box to go ahead."))])
