"""A moderator brings in the input from outside the web: a proposal handed in at the
library, an Open Space session and two proposals from it, a file of 50 paper proposals
(dry run, import, and the same file again adding nothing), and 12 supports given on
paper; the public pages show where each came from."""
from playwright.sync_api import expect
from sqlalchemy import func, select

from app.extensions import db
from app.models import Place, Proposal, Role
from app.models.base import utcnow
from tests.browser.test_admin_journey import log_in_with_the_keyboard

TEXT = "Det behövs fler bänkar längs promenadvägen vid ån så att äldre orkar gå hela vägen."


def test_moderator_enters_paper_open_space_and_imported_input(
        app, visitor, make_user, make_process, tmp_path):
    process = make_process(focus_areas=("Trygghet och gemenskap", "Hållbar miljö"))
    with app.app_context():
        db.session.add(Place(name="Stadsbiblioteket", address="Storgatan 12",
                             opening_hours="Vardagar 10–19"))
        db.session.commit()
    today = utcnow().date().isoformat()
    moderator = make_user(role=Role.MODERATOR, display_name="Maja Moderator")
    page = log_in_with_the_keyboard(visitor, moderator.email)
    page.get_by_role("link", name="Moderering", exact=True).click()
    visitor.audit()

    # A proposal handed in at the library.
    page.get_by_role("link", name="Pappersförslag").click()
    visitor.audit()
    page.get_by_label("Titel").fill("Fler bänkar längs ån")
    page.get_by_label("Förslag", exact=True).fill(TEXT)
    page.get_by_label("Fokusområde").select_option(label="Trygghet och gemenskap")
    page.get_by_label("På en fysisk plats").check()
    page.get_by_label("Plats", exact=True).select_option(label="Stadsbiblioteket")
    page.get_by_label("Datum då förslaget kom in").fill(today)
    page.get_by_role("button", name="Spara och publicera").click()
    visitor.audit()
    expect(page.get_by_text("är sparat och publicerat")).to_be_visible()

    # An Open Space, a session, and two proposals from it.
    page.get_by_role("link", name="Open Space", exact=True).click()
    visitor.audit()
    page.get_by_label("Namn").fill("Open Space: Vår kommun 2030")
    page.get_by_label("Datum").fill(today)
    page.get_by_label("Antal deltagare").fill("48")
    page.get_by_role("button", name="Spara").click()
    visitor.audit()
    page.get_by_label("Ämne").fill("Trygga skolvägar")
    page.get_by_label("Sammankallande (visningsnamn)").fill("Sara")
    page.get_by_label("Sammanfattning").fill("Föräldrarna oroar sig för trafiken.")
    page.get_by_label("Rekommendationer").fill("Sänk hastigheten vid skolorna.")
    page.get_by_role("button", name="Lägg till sessionen").click()
    visitor.audit()
    for title in ("Sänk hastigheten vid alla skolor", "Skolskjuts för de yngsta barnen"):
        page.get_by_role("link", name="Pappersförslag").click()
        visitor.audit()
        page.get_by_label("Titel").fill(title)
        page.get_by_label("Förslag", exact=True).fill(f"{title}. {TEXT}")
        page.get_by_label("Fokusområde").select_option(label="Trygghet och gemenskap")
        page.get_by_label("På en Open Space-workshop").check()
        page.get_by_label("Open Space-session").select_option(
            label="Open Space: Vår kommun 2030: Trygga skolvägar")
        page.get_by_label("Datum då förslaget kom in").fill(today)
        page.get_by_role("button", name="Spara och publicera").click()
        visitor.audit()

    # A file of 50 proposals from the library: dry run, import, and again.
    rows = [";".join(("titel", "text", "fokusområde", "kanal", "plats", "inkommet"))] + [
        f"Förslag {n} lämnat på biblioteket;{TEXT} Nummer {n}.;Hållbar miljö;plats;"
        f"Stadsbiblioteket;{today}" for n in range(50)]
    csv_file = tmp_path / "biblioteket.csv"
    csv_file.write_bytes(("\ufeff" + "\r\n".join(rows) + "\r\n").encode())
    for expected_new, expected_button in ((50, "Importera 50 förslag"),
                                          (0, "Importera 0 förslag")):
        page.get_by_role("link", name="Import", exact=True).click()
        visitor.audit()
        page.get_by_label("Fil (CSV eller XLSX)").set_input_files(str(csv_file))
        page.get_by_role("button", name="Kontrollera filen (provkörning)").click()
        visitor.audit()
        expect(page.get_by_role("status")).to_contain_text(f"{expected_new} nya")
        page.get_by_role("button", name=expected_button).click()
        visitor.audit()
        expect(page.get_by_text(f"{expected_new} nya förslag är importerade")).to_be_visible()
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Proposal)) == 53
        library = db.session.scalar(select(Proposal.id).where(
            Proposal.title == "Fler bänkar längs ån"))

    # Twelve supports given on paper at the library.
    visitor.visit(f"/moderera/forslag/{library}")
    page.get_by_role("link", name="Registrera stöd som lämnats på papper").click()
    visitor.audit()
    page.get_by_label("Antal stöd").fill("12")
    page.get_by_label("Var stöden lämnades").select_option(label="Stadsbiblioteket")
    page.get_by_label("Datum").fill(today)
    page.get_by_role("button", name="Registrera stöden").click()
    visitor.audit()

    # The public sees each source.
    page.get_by_role("button", name="Logga ut", exact=True).click()
    visitor.audit()
    visitor.visit(f"/forslag/{library}")
    expect(page.get_by_text("På en fysisk plats: Stadsbiblioteket")).to_be_visible()
    expect(page.get_by_text("12 stöd på papper")).to_be_visible()
    visitor.visit(f"/process/{process.slug}/open-space")
    page.get_by_role("link", name="Open Space: Vår kommun 2030").click()
    visitor.audit()
    expect(page.get_by_role("heading", name="Trygga skolvägar")).to_be_visible()
    expect(page.get_by_role("link", name="Sänk hastigheten vid alla skolor")).to_be_visible()
    expect(page.get_by_role("link", name="Skolskjuts för de yngsta barnen")).to_be_visible()
    visitor.visit(f"/process/{process.slug}/forslag?kanal=open-space")
    expect(page.get_by_role("status")).to_have_text("2 förslag")
    visitor.visit("/")
    page.get_by_role("link", name="Lämna förslag på plats").click()
    visitor.audit()
    expect(page.get_by_role("heading", name="Stadsbiblioteket")).to_be_visible()
