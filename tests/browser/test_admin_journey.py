"""An administrator sets up a process with the keyboard; mistakes come back explained."""
from playwright.sync_api import expect

from app.models import Role
from tests.conftest import PASSWORD


def log_in_with_the_keyboard(visitor, email):
    page = visitor.visit("/logga-in")
    page.get_by_label("E-postadress").focus()
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/")
    visitor.audit()
    return page


def test_admin_sets_up_a_process_its_phases_and_focus_areas(visitor, make_user):
    admin = make_user(role=Role.ADMIN)
    page = log_in_with_the_keyboard(visitor, admin.email)
    expect(page.get_by_text("Du är inloggad.")).to_be_visible()

    page.get_by_role("link", name="Administration").click()
    visitor.audit()
    page.get_by_role("link", name="Ny process").click()
    visitor.audit()
    page.get_by_label("Titel").fill("Mål för 2031–2034")
    page.get_by_label("Webbadress").fill("Mål 2031")
    page.get_by_label("Beskrivning").fill("Vad ska kommunen satsa på?")
    page.get_by_role("button", name="Spara").click()
    visitor.audit()
    expect(page.locator("#slug-error")).to_contain_text("Använd bara små bokstäver")
    expect(page.get_by_label("Titel")).to_have_value("Mål för 2031–2034")
    page.get_by_label("Webbadress").fill("mal-2031")
    page.get_by_role("button", name="Spara").click()
    visitor.audit()
    expect(page.get_by_text("Processen är sparad.")).to_be_visible()

    page.get_by_role("link", name="Ny fas").click()
    visitor.audit()
    page.get_by_label("Namn").fill("Dialog med invånare")
    page.get_by_label("Vem").fill("Invånare")
    page.get_by_label("Sorts fas").select_option("dialogue")
    page.get_by_label("Börjar").fill("2031-03-01T00:00")
    page.get_by_label("Slutar").fill("2031-02-01T00:00")
    page.get_by_label("Lämna förslag").check()
    page.get_by_label("Stödja förslag").check()
    page.get_by_role("button", name="Spara").click()
    visitor.audit()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Fasen måste sluta efter att den börjar.")
    expect(page.locator("#ends_at-error")).to_be_visible()
    expect(page.get_by_label("Slutar")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Namn")).to_have_value("Dialog med invånare")
    expect(page.get_by_label("Lämna förslag")).to_be_checked()
    page.screenshot(path=str(visitor.screenshot_path("phase-form-error")), full_page=True)
    summary.get_by_role("link").click()
    expect(page.get_by_label("Slutar")).to_be_focused()
    page.get_by_label("Slutar").fill("2031-04-01T00:00")
    page.get_by_role("button", name="Spara").click()
    visitor.audit()
    expect(page.get_by_role("cell", name="1–31 mars 2031")).to_be_visible()

    page.get_by_role("link", name="Nytt fokusområde").click()
    visitor.audit()
    page.get_by_label("Namn").fill("Hållbar miljö och klimat")
    page.get_by_label("Ordning").fill("1")
    page.get_by_role("button", name="Spara").click()
    visitor.audit()
    expect(page.get_by_text("Fokusområdet är sparat.")).to_be_visible()

    page.get_by_role("link", name="/process/mal-2031/").click()
    visitor.audit()
    expect(page.get_by_role("heading", name="Hållbar miljö och klimat")).to_be_visible()
    expect(page.get_by_role("heading", name="Nästa: Dialog med invånare")).to_be_visible()


def test_a_resident_is_shown_the_403_page_in_the_admin(visitor, make_user):
    resident = make_user(role=Role.RESIDENT)
    log_in_with_the_keyboard(visitor, resident.email)
    page = visitor.visit("/admin/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Du har inte behörighet till sidan")
    page.get_by_role("button", name="Logga ut", exact=True).click()
    visitor.audit()
    expect(page.get_by_text("Du är utloggad.")).to_be_visible()


def test_admin_invites_a_committee_member_who_sets_her_password_and_logs_in(
        visitor, make_user, outbox):
    admin = make_user(role=Role.ADMIN)
    page = log_in_with_the_keyboard(visitor, admin.email)
    page.get_by_role("link", name="Administration").click()
    visitor.audit()
    page.get_by_role("link", name="Användare och roller").click()
    visitor.audit()
    page.get_by_role("link", name="Bjud in en medarbetare").click()
    visitor.audit()
    page.get_by_label("E-postadress").fill("kerstin.ledamot@example.org")
    page.get_by_label("Namn").fill("Kerstin Ledamot")
    page.get_by_label("KSAU-ledamot").check()
    page.get_by_role("button", name="Skicka inbjudan").click()
    visitor.audit()
    expect(page.get_by_text("En inbjudan är skickad till kerstin.ledamot@example.org"))\
        .to_be_visible()
    expect(page.get_by_role("heading", name="kerstin.ledamot@example.org")).to_be_visible()
    page.get_by_role("button", name="Logga ut").click()
    visitor.audit()

    page = visitor.visit(outbox.link("kerstin.ledamot@example.org", "/valj-losenord/"))
    expect(page.get_by_role("heading", name="Välj ditt lösenord")).to_be_visible()
    page.get_by_label("Nytt lösenord").fill("blå-tekanna-i-vind")
    page.get_by_role("button", name="Spara lösenordet").click()
    visitor.audit()
    expect(page.get_by_text("Ditt lösenord är sparat.")).to_be_visible()
    page.get_by_label("E-postadress").fill("kerstin.ledamot@example.org")
    page.get_by_label("Lösenord", exact=True).fill("blå-tekanna-i-vind")
    page.get_by_role("button", name="Logga in").click()
    visitor.audit()
    expect(page.get_by_role("link", name="Sammanställning")).to_be_visible()
