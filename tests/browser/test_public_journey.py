"""A resident finds out what the dialogue is about, where it stands and what to do now."""
import re

import pytest
from playwright.sync_api import expect

from app.services import demo


@pytest.fixture
def demo_process(app):
    with app.app_context():
        return demo.load_demo("testing").slug


def test_resident_reads_the_start_page_the_timeline_and_switches_language(visitor,
                                                                          demo_process):
    page = visitor.visit("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mål för mandatperioden 2019–2022")
    expect(page.get_by_role("heading", name="Nu: Dialog med invånare")).to_be_visible()
    expect(page.get_by_text(re.compile(r"\d+ dagar kvar"))).to_be_visible()

    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Hoppa till huvudinnehållet")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()

    page.get_by_role("link", name="Se hela tidslinjen").click()
    visitor.audit()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tidslinje")
    current = page.locator('[aria-current="step"]')
    expect(current).to_have_count(1)
    expect(current).to_contain_text("Dialog med invånare")
    expect(page.get_by_role("heading", name="Dialog om plan och process")).to_be_visible()
    page.screenshot(path=str(visitor.screenshot_path("timeline")), full_page=True)

    page.get_by_role("link", name="English").click()
    visitor.audit()
    expect(page).to_have_url(re.compile(r"/tidslinje$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Timeline")

    page.get_by_role("link", name="How it works").first.click()
    visitor.audit()
    expect(page.get_by_role("heading", level=1)).to_have_text("How the citizen dialogue works")

    page.get_by_role("link", name="Svenska").click()
    visitor.audit()
    expect(page.get_by_role("heading", level=1)).to_have_text("Så fungerar medborgardialogen")


def test_the_same_journey_works_without_javascript(visitor_without_js, demo_process):
    page = visitor_without_js.visit("/")
    page.get_by_role("link", name="Se hela tidslinjen").click()
    visitor_without_js.audit()
    expect(page.locator('[aria-current="step"]')).to_contain_text("Dialog med invånare")
    page.get_by_role("link", name="English").click()
    visitor_without_js.audit()
    expect(page.get_by_role("heading", level=1)).to_have_text("Timeline")


def test_unknown_pages_show_the_404_page(visitor):
    page = visitor.visit("/finns-inte")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sidan finns inte")
    page.get_by_role("link", name="Gå till startsidan").click()
    visitor.audit()
    expect(page.get_by_role("heading", level=1)).to_have_text("Medborgardialog")


def test_resident_searching_a_district_is_led_to_its_proposals(visitor, demo_process):
    """A search that names a district says so and leads to every proposal about it."""
    page = visitor.visit(f"/process/{demo_process}/forslag")
    page.get_by_text("Sök, filtrera och sortera").click()
    page.get_by_label("Sök", exact=True).fill("Norrby")
    page.get_by_label("Sök", exact=True).press("Enter")
    page.wait_for_load_state()
    visitor.audit()
    expect(page.get_by_text("Norrby är ett område")).to_be_visible()
    page.get_by_role("link", name="Visa alla förslag om Norrby").click()
    visitor.audit()
    expect(page).to_have_url(re.compile(r"omrade=\d+"))
    expect(page.get_by_text("Norrby är ett område")).to_have_count(0)
    expect(page.locator(".cards .card").first).to_be_visible()


def test_resident_searching_without_swedish_letters_is_offered_them(visitor, demo_process):
    """A phone without å, ä and ö: "aldre" finds nothing, and the page offers "äldre"."""
    page = visitor.visit(f"/process/{demo_process}/forslag?q=aldre")
    visitor.audit()
    expect(page.get_by_text("Inga förslag matchar")).to_be_visible()
    page.get_by_role("link", name="äldre", exact=True).click()
    visitor.audit()
    expect(page).to_have_url(re.compile(r"q=%C3%A4ldre"))
    expect(page.locator(".cards .card").first).to_be_visible()
