"""A resident sends a proposal (and is shown a similar one first), supports two others,
takes one support back and finds it all on Mina sidor: with JavaScript and without."""
import pytest
from playwright.sync_api import expect

from app.models import Role
from tests.browser.test_admin_journey import log_in_with_the_keyboard


@pytest.fixture
def dialogue(make_process, make_proposal):
    process = make_process(focus_areas=("Hållbar miljö och klimat", "Utbildning och arbete"))
    make_proposal(process, title="Cykelbana längs hela skolvägen",
                  body="Barnen behöver en säker cykelbana hela vägen till skolan.")
    make_proposal(process, title="Fler papperskorgar i parken",
                  body="Det blir skräpigt i parken på sommaren, fler papperskorgar behövs.")
    make_proposal(process, title="Läxhjälp på biblioteket",
                  body="Biblioteket kan erbjuda läxhjälp för högstadieelever på kvällarna.")
    return process


def write_a_draft(page, visitor, title, text, focus_area="Hållbar miljö och klimat"):
    """From any page: write a proposal and go on to the compare step (axe on each page)."""
    page.get_by_role("link", name="Lämna ett förslag").first.click()
    visitor.audit()
    page.get_by_label("Titel").fill(title)
    page.get_by_label("Ditt förslag").fill(text)
    page.get_by_label("Fokusområde").select_option(label=focus_area)
    page.get_by_role("button", name="Fortsätt").click()
    visitor.audit()
    expect(page.get_by_role("heading", level=1)).to_have_text("Finns din idé redan?")


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_send_support_take_back_and_see_it_on_my_pages(request, make_user, dialogue,
                                                       javascript):
    visitor = request.getfixturevalue("visitor" if javascript else "visitor_without_js")
    resident = make_user(role=Role.RESIDENT)
    page = log_in_with_the_keyboard(visitor, resident.email)

    write_a_draft(page, visitor, "Säkra cykelvägar till alla skolor",
                  "Bygg cykelbanor till skolorna så att barnen kan cykla säkert varje dag. "
                  "Ring mig på 070-123 45 67.")
    expect(page.get_by_role("link", name="Cykelbana längs hela skolvägen")).to_be_visible()
    expect(page.get_by_role("link", name="Läxhjälp på biblioteket")).to_have_count(0)
    page.get_by_role("link", name="Fortsätt med mitt förslag").click()
    visitor.audit()
    # The phone number is pointed out before sending; the resident takes it out.
    expect(page.get_by_role("heading", name="Ditt förslag kan peka ut en person")).to_be_visible()
    expect(page.get_by_text("ett telefonnummer: 070-123 45 67")).to_be_visible()
    page.get_by_role("link", name="Ändra mitt förslag").first.click()
    visitor.audit()
    page.get_by_label("Ditt förslag").fill(
        "Bygg cykelbanor till skolorna så att barnen kan cykla säkert varje dag.")
    page.get_by_role("button", name="Fortsätt").click()
    visitor.audit()
    page.get_by_role("link", name="Fortsätt med mitt förslag").click()
    visitor.audit()
    expect(page.get_by_text("Ditt förslag kan peka ut en person")).to_have_count(0)
    page.get_by_role("button", name="Skicka förslaget").click()
    visitor.audit()
    expect(page.get_by_text("är publicerat")).to_be_visible()

    for title in ("Fler papperskorgar i parken", "Läxhjälp på biblioteket"):
        page.get_by_role("link", name="Förslag").first.click()
        visitor.audit()
        page.get_by_role("link", name=title).click()
        visitor.audit()
        page.get_by_role("button", name="Stöd förslaget").click()
        visitor.audit()
        expect(page.get_by_text("1 invånare stöder förslaget.")).to_be_visible()
    expect(page.get_by_text("Du har 8 stöd kvar.")).to_be_visible()

    page.get_by_role("button", name="Ta tillbaka mitt stöd").click()
    visitor.audit()
    expect(page.get_by_text("0 invånare stöder förslaget.")).to_be_visible()

    page.get_by_role("link", name="Mina sidor").click()
    visitor.audit()
    mine = page.locator("h2:has-text('Mina förslag') + ul")
    expect(mine).to_contain_text("Säkra cykelvägar till alla skolor")
    supported = page.locator("h2:has-text('Förslag jag stöder') + ul")
    expect(supported).to_contain_text("Fler papperskorgar i parken")
    expect(supported).not_to_contain_text("Läxhjälp på biblioteket")
