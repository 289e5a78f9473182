"""In English, what residents wrote and the municipality entered stays Swedish, and says
so (WCAG 3.1.2): a screen reader reads it with a Swedish voice, the English around it
with an English one."""
from html.parser import HTMLParser

from app.extensions import db
from app.models import AnswerStatus, Keyword, Proposal, Theme
from app.models.base import utcnow

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class Languages(HTMLParser):
    """Each piece of text in <body> with the language it is marked as (the nearest lang)."""

    def __init__(self):
        super().__init__()
        self.stack, self.texts, self.in_body = [], [], False

    def handle_starttag(self, tag, attrs):
        self.in_body = self.in_body or tag == "body"
        if tag not in VOID:
            lang = dict(attrs).get("lang") or (self.stack[-1] if self.stack else None)
            self.stack.append(lang)

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if self.in_body and data.strip():
            self.texts.append((" ".join(data.split()), self.stack[-1]))


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
