"""Real-browser fixtures: the app on a live server, driven in Debian's Chromium.

Every page a test loads must be audited with axe-core (Visitor.audit); a test that
loads a page and never audits it fails at teardown.
"""
import os

import pytest

from tests.support.axe import axe_violations, describe

CHROMIUM = "/usr/bin/chromium"
# Headless Chromium in a sandbox with no network but loopback.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM} (CI installs it and fails on any skip)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Visitor:
    """A person at a browser: visits pages and has each one audited for accessibility.

    With JavaScript off, axe-core cannot run in the person's own page; the page's HTML is
    then served again, at the same address, to `auditor`, a page with JavaScript on.
    """

    def __init__(self, page, auditor=None, screenshots=None):
        self.page = page
        self.screenshots = screenshots
        self.auditor = auditor
        self.loaded = []
        self.audited = set()
        page.on("load", lambda loaded: self.loaded.append(loaded.url))

    def visit(self, path):
        self.page.goto(path)
        self.audit()
        return self.page

    def audit(self):
        """Fail on any WCAG 2.1 A/AA violation on the page now shown."""
        self.page.wait_for_load_state()
        violations = axe_violations(self._page_with_javascript())
        self.audited.add(self.page.url)
        assert not violations, f"axe-core on {self.page.url}:\n{describe(violations)}"

    def _page_with_javascript(self):
        if self.auditor is None:
            return self.page
        url, html = self.page.url, self.page.content()
        self.auditor.route(url, lambda route: route.fulfill(body=html, content_type="text/html"))
        self.auditor.goto(url)
        self.auditor.unroute(url)
        return self.auditor

    def screenshot_path(self, name):
        """Where to keep a screenshot for a person to look at (pytest's temporary folder)."""
        return self.screenshots / f"{name}.png"

    def unaudited(self):
        return sorted(set(self.loaded) - self.audited)


def _context(browser, live_server, **options):
    context = browser.new_context(base_url=live_server, locale="sv-SE", **options)
    context.set_default_timeout(10_000)
    return context


PHONE = {"width": 375, "height": 812}  # CSS pixels: a common phone's screen


def _visitor(browser, live_server, screenshots, javascript=True, **options):
    """A Visitor in a context of its own; with JavaScript off, axe-core audits its pages in
    a second context that has it on."""
    context = _context(browser, live_server, java_script_enabled=javascript, **options)
    auditing = None if javascript else _context(browser, live_server, **options)
    visitor = Visitor(context.new_page(), auditor=auditing and auditing.new_page(),
                      screenshots=screenshots)
    yield visitor
    context.close()
    if auditing:
        auditing.close()
    assert not visitor.unaudited(), f"pages loaded but never audited: {visitor.unaudited()}"


@pytest.fixture
def visitor(browser, live_server, tmp_path_factory):
    yield from _visitor(browser, live_server, tmp_path_factory.mktemp("screenshots"))


@pytest.fixture
def visitor_without_js(browser, live_server, tmp_path_factory):
    """The same person with JavaScript switched off: every journey must still work."""
    yield from _visitor(browser, live_server, tmp_path_factory.mktemp("screenshots"),
                        javascript=False)


@pytest.fixture
def phone_visitor(browser, live_server, tmp_path_factory):
    """A person on a phone's screen."""
    yield from _visitor(browser, live_server, tmp_path_factory.mktemp("screenshots"),
                        viewport=PHONE)


@pytest.fixture
def phone_visitor_without_js(browser, live_server, tmp_path_factory):
    yield from _visitor(browser, live_server, tmp_path_factory.mktemp("screenshots"),
                        javascript=False, viewport=PHONE)
