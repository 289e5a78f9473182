"""A KSAU member reads the summary, drills from a theme to the proposals behind it, opens
the packet to print, and downloads it as PDF and the proposals as CSV."""
from playwright.sync_api import expect

from app.extensions import db
from app.models import Keyword, Proposal, Role, SdgGoal, Theme
from tests.browser.test_admin_journey import log_in_with_the_keyboard


def test_committee_member_drills_down_prints_and_downloads(app, visitor, make_user,
                                                           make_process, make_proposal):
    process = make_process(focus_areas=("Trygghet", "Miljö"))
    made = [make_proposal(process, title=title) for title in (
        "Cykelvägar till alla skolor", "Belysning längs cykelvägen", "Fler bänkar i parken")]
    with app.app_context():
        theme = Theme(process_id=process.id, name="Hållbara resor",
                      synthesis="Invånarna vill kunna cykla tryggt året runt.",
                      sdg_goals=[db.session.get(SdgGoal, 11)])
        bike = Keyword(process_id=process.id, name="Cykel", theme=theme, meaning="Cykla.")
        db.session.add_all([theme, bike])
        for proposal in made[:2]:
            found = db.session.get(Proposal, proposal.id)
            found.keywords, found.themes, found.keyword_count = [bike], [theme], 1
        db.session.commit()

    member = make_user(role=Role.COMMITTEE)
    page = log_in_with_the_keyboard(visitor, member.email)
    page.get_by_role("link", name="Sammanställning").click()
    visitor.audit()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sammanställning av förslagen")
    expect(page.get_by_text("1 förslag är ännu inte taggat")).to_be_visible()
    expect(page.get_by_text("Invånarna vill kunna cykla tryggt året runt.")).to_be_visible()

    page.get_by_role("link", name="2 förslag", exact=True).click()  # the theme's proposals
    visitor.audit()
    expect(page.get_by_role("status")).to_have_text("2 förslag")
    expect(page.get_by_role("link", name="Cykelvägar till alla skolor")).to_be_visible()
    expect(page.get_by_role("link", name="Fler bänkar i parken")).to_have_count(0)
    page.go_back()
    visitor.audit()

    page.get_by_role("link", name="Underlaget till KSAU:s möte (för utskrift)").click()
    visitor.audit()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Underlag till KSAU")
    page.emulate_media(media="print")
    expect(page.locator(".site-nav")).to_be_hidden()  # only the packet goes on paper
    page.emulate_media(media="screen")
    with page.expect_download() as pdf:
        page.get_by_role("link", name="Ladda ner som PDF").click()
    assert open(pdf.value.path(), "rb").read(4) == b"%PDF"

    page.get_by_role("link", name="Tillbaka till sammanställningen").click()
    visitor.audit()
    with page.expect_download() as csv_file:
        page.get_by_role("link", name="CSV för Excel").click()
    content = open(csv_file.value.path(), "rb").read().decode("utf-8-sig")
    assert content.count("\n") == 4 and "Cykelvägar till alla skolor" in content
