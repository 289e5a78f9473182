from sqlalchemy.exc import IntegrityError

from app.extensions import db


class DomainError(Exception):
    """A rule of the domain was broken. `field` names the form field the message belongs to."""

    def __init__(self, message, field=None):
        super().__init__(str(message))
        self.message = message
        self.field = field


class DomainErrors(DomainError):
    """Several rules broken at once, each DomainError with its field: a form shows them
    all together rather than one per try."""

    def __init__(self, errors):
        super().__init__(errors[0].message, errors[0].field)
        self.errors = list(errors)


def raise_any(errors):
    """Raise the errors found (None where a check passed), if any: one alone as itself."""
    found = [error for error in errors if error is not None]
    if len(found) == 1:
        raise found[0]
    if found:
        raise DomainErrors(found)


def commit_or_raise(error):
    """Commit the unit of work; a rule the database enforces (uniqueness, one open dialogue
    phase) becomes `error` instead of a 500."""
    _or_raise(db.session.commit, error)


def flush_or_raise(error):
    """Flush within the unit of work (for a new row's id), with commit_or_raise's promise."""
    _or_raise(db.session.flush, error)


def _or_raise(step, error):
    try:
        step()
    except IntegrityError:
        db.session.rollback()
        raise error
