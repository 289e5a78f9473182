"""In English, what residents wrote and the municipality entered stays Swedish, and says
so (WCAG 3.1.2): a screen reader reads it with a Swedish voice, the English around it
with an English one."""
from html.parser import HTMLParser

import pytest

from app.extensions import db
from app.models import AnswerStatus, Keyword, Proposal, Role, Theme
from app.models.base import utcnow
from app.services import demo
from tests.conftest import submit
from tests.functional.test_navigation import DEMO_ACCOUNTS, ROLES, crawl

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class Languages(HTMLParser):
    """Each piece of text in <body> that assistive technology reads, with the language it is
    marked as (the nearest lang); what is hidden from it (aria-hidden) is not read."""

    def __init__(self):
        super().__init__()
        self.stack, self.texts, self.in_body = [], [], False

    def handle_starttag(self, tag, attrs):
        self.in_body = self.in_body or tag == "body"
        if tag not in VOID:
            attrs = dict(attrs)
            lang, hidden = self.stack[-1] if self.stack else (None, False)
            # A textarea's text is a form's value, there to be edited, not read as the page.
            self.stack.append((attrs.get("lang") or lang,
                               hidden or attrs.get("aria-hidden") == "true"
                               or tag == "textarea"))

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if self.in_body and data.strip() and not self.stack[-1][1]:
            self.texts.append((" ".join(data.split()), self.stack[-1][0]))


def languages_of(html, text):
    """The languages `text` is marked as, wherever it stands on the page."""
    parser = Languages()
    parser.feed(html)
    found = {lang for piece, lang in parser.texts if text in piece}
    assert found, f"{text!r} is not on the page"
    return found


def test_in_english_a_proposal_and_its_answer_are_marked_swedish(app, client, make_process,
                                                                 make_proposal):
    process = make_process(focus_areas=("Trygghet och gemenskap",))
    proposal = make_proposal(process, title="Bättre belysning längs ån",
                             body="Gångvägen längs ån är mörk på kvällen och många är rädda.")
    with app.app_context():
        stored = db.session.get(Proposal, proposal.id)
        theme = Theme(process_id=process.id, name="Trygga bostadsområden")
        stored.keywords = [Keyword(process_id=process.id, name="Belysning", theme=theme)]
        stored.keyword_count = 1
        stored.answer_status, stored.answered_at = AnswerStatus.UNDER_CONSIDERATION, utcnow()
        stored.answer_text = "Kommunen ser över belysningen i vår."
        db.session.commit()
    client.get("/sprak/en")
    page = client.get(f"/forslag/{proposal.id}").get_data(as_text=True)
    for content in ("Bättre belysning längs ån", "Gångvägen längs ån är mörk",
                    "Kommunen ser över belysningen", "Trygghet och gemenskap", "Belysning"):
        assert languages_of(page, content) == {"sv"}, content
    for interface in ("Focus area", "The municipality's answer", "Under consideration"):
        assert languages_of(page, interface) == {"en"}, interface
    listing = client.get(f"/process/{process.slug}/forslag").get_data(as_text=True)
    for content in ("Bättre belysning längs ån", "Gångvägen längs ån är mörk"):
        assert languages_of(listing, content) == {"sv"}, content
    start = client.get("/").get_data(as_text=True)
    for content in (process.title, "Vi vill höra dina idéer.", "Dialog med invånare"):
        assert languages_of(start, content) == {"sv"}, content
    assert languages_of(start, "Focus areas") == {"en"}


def test_in_swedish_nothing_is_marked_twice(client, make_process, make_proposal):
    process = make_process()
    proposal = make_proposal(process)
    for url in ("/", f"/forslag/{proposal.id}", f"/process/{process.slug}/forslag"):
        html = client.get(url).get_data(as_text=True)
        assert html.count(' lang="sv"') == 1, url  # <html lang="sv"> alone


def _demo_content():
    """What the municipality entered and residents wrote in the demo, each a piece of text
    long enough not to be mistaken for a word of the interface. Places are left out: the
    interface names one as an example ("For example: Stadsbiblioteket."), a proper name,
    which WCAG 3.1.2 does not ask to mark (the pages mark places from the database)."""
    from sqlalchemy import select

    from app.models import (Board, District, FocusArea, Goal, Indicator, Phase, Process,
                            Proposal, Theme)
    found = set()
    for column in (Theme.name, Keyword.name, District.name, FocusArea.name, Phase.name,
                   Process.title, Goal.title, Indicator.name, Board.name, Proposal.title):
        found.update(db.session.scalars(select(column)))
    return {text for text in found if text and len(text) >= 8}


@pytest.mark.parametrize("role", ROLES, ids=lambda r: str(r or "anonymous"))
def test_in_english_every_page_marks_what_the_municipality_entered_as_swedish(
        app, client, role):
    """Crawled as each role, every page a link reaches: a theme, keyword, district, phase,
    goal, indicator or proposal title standing in English text is read with an English
    voice (WCAG 3.1.2). Each must be in an element marked Swedish."""
    with app.app_context():
        demo.load_demo("testing")
        content = _demo_content()
    if role is not None:
        client.get("/")
        assert submit(client, "/logga-in", {"email": DEMO_ACCOUNTS[role],
                                            "password": demo.DEMO_PASSWORD}).status_code == 302
    client.get("/sprak/en")
    unmarked = set()

    def check(url, html):
        parser = Languages()
        parser.feed(html)
        for piece, lang in parser.texts:
            if lang != "sv":
                unmarked.update((url.split("?")[0], piece) for text in content if text in piece)
    crawl(app, client, on_page=check)
    assert not sorted(unmarked), sorted(unmarked)


def test_in_english_the_reach_figures_mark_districts_not_the_interfaces_labels(app, client):
    """A district is a name the municipality entered; "80 and over" and "Prefer not to say"
    are the interface's own words, read in English."""
    with app.app_context():
        demo.load_demo("testing")
    client.get("/")
    submit(client, "/logga-in", {"email": DEMO_ACCOUNTS[Role.COMMITTEE],
                                 "password": demo.DEMO_PASSWORD})
    client.get("/sprak/en")
    page = client.get(f"/ksau/{demo.DEMO_SLUG}/rackvidd").get_data(as_text=True)
    assert languages_of(page, "80 and over") == {"en"}
    assert languages_of(page, "Prefer not to say") == {"en"}
    assert languages_of(page, "Västra landsbygden") == {"sv"}
