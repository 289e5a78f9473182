"""What every template can use: filters for local dates and the current user's language."""
import re
from datetime import datetime

from flask import current_app
from flask_babel import (format_date, format_datetime, format_number, format_percent, gettext,
                         get_translations)
from jinja2 import pass_context
from markupsafe import Markup, escape

from app import labels, url_words
from app.i18n import CONTENT_LANGUAGE, LANGUAGES, format_period, get_locale, to_local
from app.permissions import Permission
from app.redirects import this_page
from app.sanitize import safe


@pass_context
def content_lang(context):
    """The attribute for an element holding what people wrote or the municipality entered,
    which is Swedish, when the page is in another language (WCAG 3.1.2): ` lang="sv"`."""
    if _language(context) == CONTENT_LANGUAGE:
        return ""
    return Markup(f' lang="{CONTENT_LANGUAGE}"')


@pass_context
def in_content_language(context, text):
    """`text` (escaped) marked as Swedish when the page is in another language."""
    lang = content_lang(context)
    return Markup(f"<span{lang}>{escape(text)}</span>") if lang else text


# A list page asks for its language and its catalogue about 150 times. Each render reads
# them once (inject_page_context, inside flask_babel.force_locale where an email is drawn
# in its reader's language) and the template's calls take them from its context; a
# template rendered without that context (an imported macro) looks them up.
def _language(context):
    return context.get("current_language") or get_locale()


def _catalogue(context):
    return context.get("page_catalogue") or get_translations()


@pass_context
def _gettext(context, string):
    return _catalogue(context).ugettext(string)


@pass_context
def _ngettext(context, singular, plural, n):
    return _catalogue(context).ungettext(singular, plural, n)


@pass_context
def _pgettext(context, context_word, string):
    return _catalogue(context).upgettext(context_word, string)


@pass_context
def _npgettext(context, context_word, singular, plural, n):
    return _catalogue(context).unpgettext(context_word, singular, plural, n)


def days_left(ends_at, now):
    """Whole days until `ends_at`, counting a started day as one."""
    remaining = ends_at - now
    return max(0, remaining.days + (1 if remaining.seconds or remaining.microseconds else 0))


def paragraphs(text):
    """Plain text split into paragraphs at blank lines; each is escaped by the template."""
    return [part.strip() for part in (text or "").replace("\r\n", "\n").split("\n\n")
            if part.strip()]


def audit_value(value, field, target_type=None):
    """An audit entry's stored value in words: a status by its name (as the kind of target
    names it), a list joined, a number and a moment as the page writes them."""
    names = labels.AUDIT_VALUES_OF.get((target_type, field)) or labels.AUDIT_VALUES.get(
        field, {})
    if isinstance(value, list):
        return ", ".join(str(names.get(item, item)) for item in value) or "–"
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, float):  # a measured value, as the pages write it (86, 85,5)
        return format_number(value)
    if isinstance(value, str) and value not in names and ISO_MOMENT.fullmatch(value):
        try:
            return format_datetime(to_local(datetime.fromisoformat(value)), "short")
        except ValueError:  # free text that only looks like one ("2024-13-01T00:00")
            pass
    return str(names.get(value, value))


# How the audit log stores a moment (services.audit: datetime.isoformat()).
ISO_MOMENT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?([+-]\d\d:\d\d)?")


def init_app(app):
    app.jinja_env.filters.update(
        period=format_period,
        local_date=lambda instant, style="long": format_date(to_local(instant), style),
        local_datetime=lambda instant: format_datetime(to_local(instant), "short"),
        local_day=lambda day, style="long": format_date(day, style),  # a date, not an instant
        paragraphs=paragraphs,
        audit_value=audit_value,
        percent=lambda share: format_percent(share, "#,##0 %"),
        number=format_number,
        safe_html=safe,
        personal_data=lambda kinds: ", ".join(str(labels.PERSONAL_DATA[kind])
                                              for kind in kinds.split(",")
                                              if kind in labels.PERSONAL_DATA),
        sv=in_content_language,
    )
    app.jinja_env.globals.update(labels=labels, url_words=url_words, Permission=Permission,
                                 days_left=days_left, content_lang=content_lang,
                                 this_page=this_page)
    app.jinja_env.install_gettext_callables(gettext=_gettext, ngettext=_ngettext,
                                            pgettext=_pgettext, npgettext=_npgettext,
                                            newstyle=True)

    @app.context_processor
    def inject_page_context():
        return {
            "current_language": get_locale(),
            "page_catalogue": get_translations(),
            "languages": LANGUAGES,
            "municipality": current_app.config["MUNICIPALITY_NAME"],
            "contact_email": current_app.config["CONTACT_EMAIL"],
        }
