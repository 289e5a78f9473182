"""Parts of pages that many pages share and that change only with the content, such as
the proposal list's filter form with every keyword and theme in it: each worker renders
one once per content version, language and key, and reuses it until the content changes.
"""
from collections import OrderedDict

from flask import render_template
from markupsafe import Markup

from app.i18n import get_locale
from app.services import content_version

KEPT = 64
_kept = OrderedDict()


def rendered(template, key, context):
    """`template` rendered with `context()`, called only when this worker has no copy for
    the current content version, the visitor's language and `key` (what else the part
    depends on: its process, the filters in force, ...)."""
    full = (template, content_version.seen(), get_locale(), key)
    html = _kept.get(full)
    if html is None:
        html = Markup(render_template(template, **context()))
        _kept[full] = html
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    else:
        _kept.move_to_end(full)
    return html
