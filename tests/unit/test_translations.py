"""Swedish first: every string the code and templates show has a Swedish translation."""
import subprocess
import sys

from babel.messages.pofile import read_po

from app.paths import PROJECT_ROOT

CATALOGUE = f"{PROJECT_ROOT}/app/translations/sv/LC_MESSAGES/messages.po"


def test_every_ui_string_is_translated_to_swedish(tmp_path):
    template = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "--quiet", "extract",
         "-F", "app/translations/babel.cfg", "-k", "_l", "-k", "lazy_gettext",
         "--ignore-dirs=.* node_modules", "-o", str(template), "."],
        cwd=PROJECT_ROOT, check=True)
    with open(template, "rb") as pot, open(CATALOGUE, "rb") as po:
        wanted = {m.id for m in read_po(pot) if m.id}
        swedish = {m.id: m for m in read_po(po) if m.id}
    missing = [str(i) for i in wanted if i not in swedish]
    untranslated = [str(i) for i in wanted & swedish.keys()
                    if "fuzzy" in swedish[i].flags or not _translated(swedish[i].string)]
    assert missing == [] and untranslated == []


def _translated(string):
    return all(string) if isinstance(string, tuple) else bool(string)


def test_a_lazy_message_with_a_value_is_text_in_a_template(app):
    """flask-babel's own lazy strings pass for markup: a resident's words quoted in a
    message would reach the page as HTML."""
    from flask import render_template_string

    from app.i18n import lazy_gettext
    message = lazy_gettext("\"%(value)s\" is not one of the places.", value="<b>x</b>")
    with app.test_request_context():
        html = render_template_string("{{ message }}", message=message)
    assert "<b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html


def test_supports_given_on_paper_have_one_name_in_swedish():
    """A paper support is "stöd på papper" wherever it is named; a place is where a
    proposal is handed in, not another kind of support."""
    with open(CATALOGUE, "rb") as po:
        messages = [m for m in read_po(po) if m.id]
    texts = [text for m in messages
             for text in (m.string if isinstance(m.string, tuple) else (m.string,))]
    assert not [text for text in texts if "stöd på plats" in text.lower()]
    on_paper = [m for m in messages if "on paper" in str(m.id)]
    assert on_paper and all("på papper" in str(m.string) for m in on_paper)
