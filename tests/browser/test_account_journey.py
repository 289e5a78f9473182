"""A resident registers, confirms, logs out and in, resets the password, takes their data
and deletes the account."""
import json

from playwright.sync_api import expect

EMAIL = "ingrid@example.org"
PASSWORD = "sju-gröna-äpplen"
NEW_PASSWORD = "blå-tekanna-i-vind"


def log_in(visitor, password):
    page = visitor.page
    page.get_by_role("link", name="Logga in").click()
    visitor.audit()
    page.get_by_label("E-postadress").fill(EMAIL)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    visitor.audit()


def test_register_confirm_reset_export_and_delete(visitor, outbox, tmp_path):
    page = visitor.visit("/")
    page.get_by_role("link", name="Skapa konto").click()
    visitor.audit()
    expect(page.locator("#main").get_by_text("blir en allmän handling")).to_be_visible()
    page.get_by_label("E-postadress").fill(EMAIL)
    page.get_by_label("Lösenord").fill("password123")
    page.get_by_label("Visningsnamn (frivilligt)").fill("Ingrid")
    page.get_by_label("Jag har läst hur mina personuppgifter hanteras").check()
    page.get_by_role("button", name="Skapa konto").click()
    visitor.audit()
    expect(page.locator("#password-error")).to_contain_text("för vanligt")
    expect(page.get_by_label("Visningsnamn (frivilligt)")).to_have_value("Ingrid")
    expect(page.locator(".error-summary")).to_be_focused()
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Skapa konto").click()
    visitor.audit()
    expect(page.get_by_role("heading", level=1)).to_have_text("Titta i din e-post")
    expect(page.get_by_text(f"Vi har skickat ett meddelande till {EMAIL}.")).to_be_visible()

    visitor.visit(outbox.link(EMAIL, "/bekrafta/"))
    expect(page.get_by_text("Tack! Din e-postadress är bekräftad.")).to_be_visible()
    page.get_by_label("E-postadress").fill(EMAIL)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    visitor.audit()
    expect(page.get_by_text("Du är inloggad.")).to_be_visible()
    page.get_by_role("link", name="Mina sidor").click()
    visitor.audit()
    expect(page.get_by_text("Din e-postadress är inte bekräftad ännu")).to_have_count(0)
    expect(page.get_by_text("(den här enheten)")).to_be_visible()
    page.get_by_role("button", name="Logga ut överallt").click()
    visitor.audit()
    expect(page.get_by_text("Du är utloggad överallt")).to_be_visible()
    page.goto("/mina-sidor/")
    visitor.audit()
    expect(page.get_by_role("heading", level=1)).to_have_text("Logga in")

    page.get_by_role("link", name="Logga in").click()
    visitor.audit()
    page.get_by_role("link", name="Glömt lösenordet?").click()
    visitor.audit()
    page.get_by_label("E-postadress").fill(EMAIL)
    page.get_by_role("button", name="Skicka länk").click()
    visitor.audit()
    visitor.visit(outbox.link(EMAIL, "/nytt-losenord/"))
    page.get_by_label("Nytt lösenord").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Spara lösenordet").click()
    visitor.audit()
    expect(page.get_by_text("Ditt lösenord är bytt.")).to_be_visible()
    page.get_by_label("E-postadress").fill(EMAIL)
    page.get_by_label("Lösenord").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    visitor.audit()

    page.get_by_role("link", name="Mina sidor").click()
    visitor.audit()
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner mina uppgifter (JSON)").click()
    data = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert data["account"]["email"] == EMAIL and data["account"]["display_name"] == "Ingrid"

    page.get_by_role("link", name="Radera mitt konto").click()
    visitor.audit()
    page.get_by_label("Ditt lösenord").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Radera mitt konto för gott").click()
    visitor.audit()
    expect(page.get_by_text("Ditt konto är raderat.")).to_be_visible()
    log_in(visitor, NEW_PASSWORD)
    expect(page.get_by_text("E-postadressen eller lösenordet är fel.")).to_be_visible()
