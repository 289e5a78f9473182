"""Language and time: Swedish first, English by choice; all times shown in Europe/Stockholm."""
import os
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import flask_babel
from babel.dates import format_interval
from flask import has_request_context, session
from flask_babel import format_date, format_number, format_time, gettext
from flask_babel.speaklater import LazyString
from markupsafe import escape

from app.extensions import babel, login_manager


class LazyText(LazyString):
    """A translation made when it is shown. In a template it is text, escaped like any
    other: flask-babel's LazyString passes for markup, so a value put into a message (a
    cell of an imported file, a name) would otherwise reach the page as HTML."""

    def __html__(self):
        return str(escape(str(self)))


def lazy_gettext(string, **variables):
    """flask_babel.lazy_gettext, but text in templates (LazyText). Every module takes
    its _l from here."""
    return LazyText(gettext, string, **variables)


_l = lazy_gettext

LANGUAGES = {"sv": "Svenska", "en": "English"}
DEFAULT_LANGUAGE = "sv"
# The language of what residents write and the municipality enters (proposals, answers,
# the process's texts), whatever the language of the pages around it.
CONTENT_LANGUAGE = "sv"
LOCAL_TIMEZONE = ZoneInfo("Europe/Stockholm")
TRANSLATIONS = os.path.join(os.path.dirname(__file__), "translations")


def get_locale():
    """The visitor's chosen language; Swedish by default and outside a request."""
    if not has_request_context():
        return DEFAULT_LANGUAGE
    language = session.get("language")
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def init_app(app):
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = TRANSLATIONS
    babel.init_app(app, locale_selector=get_locale,
                   timezone_selector=lambda: app.config["BABEL_DEFAULT_TIMEZONE"])
    login_manager.login_message = _l("Please log in to see that page.")


def to_local(instant):
    return instant.astimezone(LOCAL_TIMEZONE)


class NoSuchLocalTime(ValueError):
    """The wall-clock time is skipped (spring) or happens twice (autumn) in Stockholm."""


def from_local(naive):
    """A wall-clock time in Stockholm (as typed into a form) as an aware instant. Times that
    do not exist or are ambiguous when the clocks change are refused, never guessed."""
    first, second = naive.replace(tzinfo=LOCAL_TIMEZONE, fold=0), \
        naive.replace(tzinfo=LOCAL_TIMEZONE, fold=1)
    if first.utcoffset() != second.utcoffset():
        raise NoSuchLocalTime(naive)
    return first


def format_period(starts_at, ends_at):
    """A phase's dates as a reader expects them: '16 januari 2019', '1–31 mars 2019',
    '21 februari 2019 13:00–16:30'. Times show only when the phase is not whole days;
    a whole-day phase ends at midnight (exclusive) or at 23:59."""
    start, end = to_local(starts_at), to_local(ends_at)
    if start.time() == time.min and end.time() in (time.min, time(23, 59)):
        last_day = (end - timedelta(days=1)).date() if end.time() == time.min else end.date()
        return _format_days(start.date(), last_day)
    if start.date() == end.date():
        return f"{format_date(start, 'long')} {format_time(start, 'HH:mm')}–" \
               f"{format_time(end, 'HH:mm')}"
    return f"{format_date(start, 'long')} {format_time(start, 'HH:mm')} – " \
           f"{format_date(end, 'long')} {format_time(end, 'HH:mm')}"


def _format_days(first, last):
    if first == last:
        return format_date(first, "long")
    if first.year != last.year:
        return f"{format_date(first, 'long')} – {format_date(last, 'long')}"
    days = format_interval(first, last, "MMMMd", locale=flask_babel.get_locale())
    return gettext("%(days)s, %(year)s", days=days, year=first.year)


def filled_in(text, **values):
    """`text` (lazily translated, with %(name)s placeholders) filled in when it is shown, in
    the reader's language: a number written their way (10 000 in Swedish, 10,000 in
    English), a callable asked then (today's date in an example)."""
    def fill():
        return str(text) % {name: value() if callable(value) else format_number(value)
                            for name, value in values.items()}
    return LazyText(fill)


def today():
    """Today's date in Stockholm, as forms take it: an example that is never out of date."""
    return datetime.now(timezone.utc).astimezone(LOCAL_TIMEZONE).date().isoformat()


def number_between(low, high):
    """The message for a number out of range, its limits written the reader's way."""
    return filled_in(_l("Give a number from %(min)s to %(max)s."), min=low, max=high)


# Messages the forms and the services share.
AT_MOST_CHARACTERS = _l("At most %(max)s characters.")
AT_MOST_CHARACTERS_NOW = _l("At most %(max)s characters; this has %(now)s.")
GIVE_THE_DATE = filled_in(_l("Give the date, like %(example)s."), example=today)
