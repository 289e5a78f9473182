"""Form pieces shared by the blueprints."""
from flask_wtf import FlaskForm
from wtforms import SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget


class MultiCheckboxField(SelectMultipleField):
    """A set of checkboxes; the form macro renders it as a fieldset with a legend."""
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ButtonForm(FlaskForm):
    """An empty form: the CSRF token behind a POST button (log out, delete)."""


def add_domain_error(form, error):
    """Show a service's DomainError next to the field it concerns, or above the form."""
    field = getattr(form, error.field, None) if error.field else None
    if field is None:
        form.form_errors.append(error.message)
    else:
        field.errors = list(field.errors) + [error.message]
