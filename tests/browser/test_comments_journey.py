"""Two residents discuss a proposal (for, against, an answer), one reports a comment, a
moderator hides it by a rule and its author sees why; KSAU reads the arguments on each
side. With JavaScript and without; every page audited with axe-core."""
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.models import Feature, Phase, PhaseKind, Proposal, Role, Theme
from tests.browser.test_admin_journey import log_in_with_the_keyboard


@pytest.fixture(params=["visitor", "visitor_without_js"])
def person(request):
    return request.getfixturevalue(request.param)


def log_out(visitor):
    visitor.page.get_by_role("button", name="Logga ut").click()
    visitor.audit()


def comment(visitor, stance, text, submit="Publicera kommentaren"):
    page = visitor.page
    page.get_by_label(stance).check()
    page.get_by_label("Din kommentar").fill(text)
    page.get_by_role("button", name=submit).click()
    visitor.audit()


def test_residents_discuss_a_moderator_hides_by_a_rule_and_ksau_reads_the_arguments(
        app, person, make_user, make_process, make_proposal):
    process = make_process()
    proposal = make_proposal(process, title="Bättre belysning längs ån")
    with app.app_context():
        phase = db.session.scalar(select(Phase).where(Phase.process_id == process.id,
                                                      Phase.kind == PhaseKind.DIALOGUE))
        phase.features = {Feature.SUBMIT, Feature.SUPPORT, Feature.COMMENT}
        theme = Theme(process_id=process.id, name="Trygghet")
        db.session.get(Proposal, proposal.id).themes = [theme]
        db.session.commit()
    anna = make_user(display_name="Anna")
    bertil = make_user(display_name="Bertil")
    moderator = make_user(role=Role.MODERATOR, display_name="Maja Moderator")
    ksau = make_user(role=Role.COMMITTEE)

    page = log_in_with_the_keyboard(person, anna.email)
    person.visit(f"/forslag/{proposal.id}")
    page.get_by_role("link", name="Skriv en kommentar").click()
    person.audit()
    comment(person, "För förslaget", "Ja! Vägen längs ån är kolsvart på vintern.")
    expect(page.get_by_text("Din kommentar är publicerad.")).to_be_visible()
    page.get_by_role("link", name="Skriv en kommentar").click()
    person.audit()
    comment(person, "Ingetdera: en fråga eller ett tillägg",
            "Kalle Karlsson på Ågatan 3 har nyckeln till elskåpet.")
    log_out(person)

    log_in_with_the_keyboard(person, bertil.email)
    person.visit(f"/forslag/{proposal.id}")
    page.get_by_role("link", name="Skriv en kommentar").click()
    person.audit()
    comment(person, "Emot förslaget", "Det blir för dyrt, lägg pengarna på skolan.")
    page.get_by_role("link", name="Svara (kommentaren av Anna)").first.click()
    person.audit()
    comment(person, "Ingetdera: en fråga eller ett tillägg", "Gäller det hela ån?",
            submit="Publicera svaret")
    expect(page.locator(".comments--answers")).to_contain_text("Gäller det hela ån?")
    page.get_by_role("button", name="Hjälpsam (kommentaren av Anna)").first.click()
    person.audit()
    expect(page.get_by_text("Du markerade kommentaren som hjälpsam.")).to_be_visible()
    page.get_by_role("link", name="Anmäl (kommentaren av Anna)").last.click()
    person.audit()
    page.get_by_label("Det pekar ut eller identifierar en person").check()
    page.get_by_role("button", name="Skicka anmälan").click()
    person.audit()
    expect(page.get_by_text("Tack. Moderatorerna kommer att titta på kommentaren.")
           ).to_be_visible()
    log_out(person)

    log_in_with_the_keyboard(person, moderator.email)
    page.get_by_role("link", name="Moderering", exact=True).click()
    person.audit()
    page.get_by_role("link", name="Kommentarer", exact=True).click()
    person.audit()
    expect(page.get_by_text("Kalle Karlsson på Ågatan 3")).to_be_visible()
    page.get_by_role("link", name="Dölj enligt en regel").click()
    person.audit()
    page.get_by_label("Det pekar ut eller identifierar en person").check()
    page.get_by_label("Meddelande till skribenten (frivilligt)").fill(
        "Skriv inte ut namn och adresser.")
    page.get_by_role("button", name="Dölj kommentaren").click()
    person.audit()
    expect(page.get_by_text("Ingen kommentar väntar på en moderator.")).to_be_visible()
    log_out(person)

    log_in_with_the_keyboard(person, anna.email)
    person.visit(f"/forslag/{proposal.id}")
    hidden = page.locator(".comment", has_text="Kalle Karlsson")
    expect(hidden).to_contain_text("Dold av moderatorerna. Den bryter mot regeln: Det pekar ut "
                                   "eller identifierar en person.")
    expect(hidden).to_contain_text("Skriv inte ut namn och adresser.")
    log_out(person)

    person.visit(f"/forslag/{proposal.id}")
    expect(page.get_by_text("Kalle Karlsson")).to_have_count(0)
    expect(page.get_by_text("Den bryter mot regeln")).to_be_visible()

    log_in_with_the_keyboard(person, ksau.email)
    page.get_by_role("link", name="Sammanställning").click()
    person.audit()
    arguments = page.locator(".arguments")
    expect(arguments).to_contain_text("1 kommentar för")
    expect(arguments).to_contain_text("1 kommentar emot")
    expect(arguments).to_contain_text("Vägen längs ån är kolsvart på vintern.")
    expect(arguments).to_contain_text("Det blir för dyrt, lägg pengarna på skolan.")
    page.screenshot(path=person.screenshot_path("ksau-arguments"), full_page=True)
