"""On a phone the call to action and the first proposal are on the first screen; the
list's filters are folded behind one control that works without JavaScript. On a
desktop the filters' boxes show their choices whole. Checked on the demo, whose start
page has a long description and whose list has every filter."""
import re

import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.models import Process, Role
from app.models.base import utcnow
from app.services import demo
from app.services.insight import store
from tests.browser.conftest import PHONE
from tests.browser.test_admin_journey import log_in_with_the_keyboard

SCREEN = PHONE["height"]
LIST = f"/process/{demo.DEMO_SLUG}/forslag"


@pytest.fixture
def demo_loaded(app):
    with app.app_context():
        demo.load_demo("testing")


def top(locator):
    return locator.bounding_box()["y"]


def bottom(locator):
    box = locator.bounding_box()
    return box["y"] + box["height"]


def test_on_a_phone_what_to_do_now_and_the_first_proposal_are_on_the_first_screen(
        demo_loaded, phone_visitor):
    page = phone_visitor.visit("/")
    call = page.get_by_role("link", name="Lämna ett förslag")
    days_left = page.get_by_text(re.compile(r"\d+ dagar kvar"))
    assert bottom(call) <= SCREEN, f"the call to action ends at {bottom(call)} px"
    assert bottom(days_left) <= SCREEN
    page.screenshot(path=str(phone_visitor.screenshot_path("phone-start")))

    page.get_by_role("link", name="Se förslagen").click()
    phone_visitor.audit()
    first = page.locator(".proposal-card").first
    assert bottom(first.get_by_role("heading")) <= SCREEN, \
        f"the first proposal's title ends at {bottom(first.get_by_role('heading'))} px"
    assert bottom(first) <= 2 * SCREEN
    # Eight filters wait behind one control.
    expect(page.get_by_label("Kanal")).to_be_hidden()
    expect(page.locator("details.filters-panel")).to_have_count(1)
    page.screenshot(path=str(phone_visitor.screenshot_path("phone-list")))


def test_on_a_phone_without_javascript_the_folded_filters_open_and_filter(
        demo_loaded, phone_visitor_without_js):
    page = phone_visitor_without_js.visit(LIST)
    expect(page.get_by_label("Kanal")).to_be_hidden()
    page.get_by_text("Sök, filtrera och sortera").click()
    expect(page.get_by_label("Kanal")).to_be_visible()
    page.get_by_label("Kanal").select_option(label="På en fysisk plats")
    page.get_by_role("button", name="Visa").click()
    phone_visitor_without_js.audit()
    assert "kanal=plats" in page.url
    expect(page.get_by_text("Visar bara: Kanal: På en fysisk plats")).to_be_visible()
    expect(page.locator("summary")).to_contain_text("(1 valt)")
    cards = page.locator(".proposal-card")
    assert cards.count() == 3  # the demo's proposals handed in at its two places
    for card in cards.all():
        expect(card).to_contain_text("På en fysisk plats")
    assert top(cards.first) < SCREEN


def test_on_a_desktop_the_order_box_shows_its_choices_whole(demo_loaded, visitor):
    page = visitor.visit(LIST)
    page.get_by_text("Sök, filtrera och sortera").click()
    order = page.get_by_label("Ordning")
    expect(order).to_be_visible()
    assert page.viewport_size["width"] == 1280
    # Each choice's text, in the box's own font, against the room the box gives it (its
    # width less its padding and the arrow).
    cut = order.evaluate("""box => {
        const style = getComputedStyle(box);
        const canvas = document.createElement('canvas').getContext('2d');
        canvas.font = style.font;
        const room = box.clientWidth - parseFloat(style.paddingLeft)
                     - parseFloat(style.paddingRight) - 20;
        return [...box.options].map(o => o.text)
                               .filter(text => canvas.measureText(text).width > room);
    }""")
    assert cut == []


def test_on_a_phone_the_moderators_review_and_duplicate_pages_fit_the_screen(
        app, demo_loaded, phone_visitor, make_user):
    """A review page carries the proposal's whole public address and the duplicates page
    pairs of references in buttons: neither may make the page wider than the phone."""
    with app.app_context():
        store.refresh(db.session.scalar(db.select(Process).where(
            Process.slug == demo.DEMO_SLUG)), now=utcnow())
    page = log_in_with_the_keyboard(phone_visitor, make_user(role=Role.MODERATOR).email)
    phone_visitor.visit(f"/moderera/{demo.DEMO_SLUG}/?ko=alla")
    phone_visitor.audit()
    # The queue's rows stack on a phone: each cell says which column it was.
    supports = page.locator("table.queue-table td[data-label='Stöd']").first
    assert page.evaluate("(cell) => getComputedStyle(cell, '::before').content",
                         supports.element_handle()) == '"Stöd: "'
    page.screenshot(path=str(phone_visitor.screenshot_path("phone-queue")), full_page=True)
    page.locator("table a[href^='/moderera/forslag/']").first.click()
    for path in (None, f"/moderera/{demo.DEMO_SLUG}/dubbletter"):
        if path:
            phone_visitor.visit(path)
        phone_visitor.audit()
        width = page.evaluate("() => document.scrollingElement.scrollWidth")
        assert width <= PHONE["width"], f"{page.url} is {width} px wide"


def test_on_a_phone_the_packet_the_statement_and_the_users_list_fit_the_screen(
        app, demo_loaded, phone_visitor, make_user):
    """The KSAU packet's wide tables scroll inside their own box, a heading of one long
    compound wraps, and the users list's role filter shrinks: none widens the page, down
    to a 320 px screen."""
    page = log_in_with_the_keyboard(phone_visitor, make_user(role=Role.ADMIN).email)
    for width in (PHONE["width"], 320):
        page.set_viewport_size({"width": width, "height": SCREEN})
        for path in (f"/ksau/{demo.DEMO_SLUG}/underlag", "/tillganglighet", "/admin/anvandare"):
            phone_visitor.visit(path)
            phone_visitor.audit()
            wide = page.evaluate("() => document.scrollingElement.scrollWidth")
            # What sticks out of a box that fits: the page's culprit, for the message.
            culprits = page.evaluate("""(w) => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > w
                             && e.parentElement.getBoundingClientRect().right <= w)
                .map(e => e.tagName + '.' + e.className)""", width)
            assert wide <= width, f"{page.url} is {wide} px wide on a {width} px screen {culprits}"
    # The coverage table says which goal each column is, and which cells are linked.
    phone_visitor.visit(f"/ksau/{demo.DEMO_SLUG}/underlag")
    coverage = page.get_by_role("region", name="Täckning av Agenda 2030")
    expect(coverage.get_by_role("columnheader", name="3 God hälsa och välbefinnande")) \
        .to_have_count(1)
