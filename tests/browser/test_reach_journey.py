"""Who we have heard from: a resident answers the optional questions after sending a
proposal, another prefers not to say; a moderator imports paper proposals with their
writers' answers; the reach view marks the young as missing, with every small group
withheld; the moderator plans a visit to the youth centre, which residents then find on
"Lämna förslag på plats"."""
import datetime as dt

from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.models import (AGE_BANDS, DECLINED, Channel, District, ParticipantProfile,
                        PopulationFigure, Role)
from app.models.base import utcnow
from app.services.reach import profiles
from tests.browser.test_admin_journey import log_in_with_the_keyboard

TEXT = "Det behövs fler bänkar längs promenadvägen vid ån så att äldre orkar gå hela vägen."


def _setting(app, process):
    """Two districts with their population, and 40 who answered before: no one young."""
    with app.app_context():
        centrum, norrby = District(name="Centrum", position=1), District(name="Norrby", position=2)
        db.session.add_all([centrum, norrby])
        db.session.flush()
        db.session.add_all(PopulationFigure(district_id=d.id, age_band=band, count=1000)
                           for d in (centrum, norrby) for band in AGE_BANDS)
        monday = profiles.week_of(utcnow().date())
        for n in range(40):
            db.session.add(ParticipantProfile(
                process_id=process.id, channel=Channel.DIGITAL,
                week=monday - dt.timedelta(weeks=n % 2), age_band=AGE_BANDS[2 + n % 5],
                district_id=(centrum, norrby)[n % 2].id))
        db.session.commit()


def _log_out(page, visitor):
    page.get_by_role("button", name="Logga ut", exact=True).click()
    visitor.audit()


def test_reach_from_the_questions_to_a_planned_visit(app, visitor, make_user, make_process,
                                                     make_proposal, tmp_path):
    process = make_process(focus_areas=("Trygghet och gemenskap", "Hållbar miljö"))
    _setting(app, process)

    # A resident who sent a proposal is invited, once, and answers.
    first, second = make_user(), make_user()
    mine = make_proposal(process, author=first, title="Fler bänkar längs ån")
    theirs = make_proposal(process, author=second, title="Belysning i parken")
    page = log_in_with_the_keyboard(visitor, first.email)
    visitor.visit(f"/forslag/{mine.id}")
    page.get_by_role("link", name="Svara på frågorna").click()
    visitor.audit()
    expect(page.get_by_role("heading", level=1)).to_have_text("Några frågor om dig")
    page.get_by_role("group", name="Din ålder").get_by_label("25–34").check()
    page.get_by_role("group", name="Området där du bor").get_by_label("Norrby").check()
    page.get_by_role("button", name="Skicka mina svar").click()
    visitor.audit()
    expect(page.get_by_text("Tack.", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fler bänkar längs ån")
    expect(page.get_by_role("link", name="Svara på frågorna")).to_have_count(0)
    _log_out(page, visitor)

    # Another prefers not to say.
    log_in_with_the_keyboard(visitor, second.email)
    visitor.visit(f"/forslag/{theirs.id}")
    page.get_by_role("link", name="Svara på frågorna").click()
    visitor.audit()
    page.get_by_role("group", name="Din ålder").get_by_label("Vill inte svara").check()
    page.get_by_role("group", name="Området där du bor").get_by_label("Vill inte svara").check()
    page.get_by_role("button", name="Skicka mina svar").click()
    visitor.audit()
    _log_out(page, visitor)
    with app.app_context():
        answered = db.session.scalars(select(ParticipantProfile).where(
            ParticipantProfile.owner_key.is_not(None))).all()
        assert sorted((p.age_band, p.district_declined) for p in answered) == [
            ("25-34", False), (DECLINED, True)]

    # A moderator imports paper proposals with their writers' answers: two young ones.
    moderator = make_user(role=Role.MODERATOR, display_name="Maja Moderator")
    log_in_with_the_keyboard(visitor, moderator.email)
    today = utcnow().date().isoformat()
    rows = ["titel;text;fokusområde;kanal;inkommet;ålder;bor i område"] + [
        f"Förslag {n} i brevlådan;{TEXT} Nummer {n}.;Hållbar miljö;brev;{today};{band};Centrum"
        for n, band in enumerate(["13-17", "13-17", "65-79", "45-64", "vill inte svara"])]
    csv_file = tmp_path / "brevladan.csv"
    csv_file.write_bytes(("\ufeff" + "\r\n".join(rows) + "\r\n").encode())
    visitor.visit(f"/moderera/{process.slug}/import")
    page.get_by_label("Fil (CSV eller XLSX)").set_input_files(str(csv_file))
    page.get_by_role("button", name="Kontrollera filen (provkörning)").click()
    visitor.audit()
    page.get_by_role("button", name="Importera 5 förslag").click()
    visitor.audit()
    expect(page.get_by_text("5 nya förslag är importerade")).to_be_visible()

    # The reach view: the young are marked, their two shown only as "withheld".
    page.get_by_role("link", name="Sammanställning").click()
    visitor.audit()
    page.get_by_role("link", name="Vilka vi har hört").click()
    visitor.audit()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vilka vi har hört")
    young = page.locator("tr.reach-marked", has_text="13–17")
    expect(young).to_contain_text("dolt*")
    expect(young).to_contain_text("Hörd mycket mindre än sin andel")
    expect(page.get_by_role("cell", name="2", exact=True)).to_have_count(0)
    page.screenshot(path=str(visitor.screenshot_path("reach")), full_page=True)

    # A visit to meet them, shown publicly.
    young.get_by_role("link", name="Planera ett besök").click()
    visitor.audit()
    expect(page.get_by_label("Åldersgrupp besöket riktar sig till (frivilligt)")) \
        .to_have_value("13-17")
    page.get_by_label("Plats", exact=True).fill("Fritidsgården i Norrby")
    page.get_by_label("Datum").fill((utcnow().date() + dt.timedelta(days=2)).isoformat())
    page.get_by_label("Tid (frivilligt)").fill("15–18")
    page.get_by_label("Grupp att möta").fill("Unga 13–17 år")
    page.get_by_label("Visa det offentligt").check()
    page.get_by_role("button", name="Spara").click()
    visitor.audit()
    expect(page.get_by_text("Besöket är planerat.")).to_be_visible()
    _log_out(page, visitor)
    visitor.visit("/lamna-forslag-pa-plats")
    expect(page.get_by_role("heading", name="Träffa oss")).to_be_visible()
    expect(page.get_by_role("heading", name="Fritidsgården i Norrby")).to_be_visible()
    expect(page.get_by_text("Unga 13–17 år")).to_be_visible()
