"""Input from places, Open Space and paper: entered by moderators, imported from files,
supports given on paper; shown with its source, never as the moderator's own."""
import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import (AuditEntry, Channel, ImportBatch, OpenSpaceEvent, OpenSpaceSession,
                        PaperSupport, Place, Process, Proposal, Role)
from app.i18n import to_local
from app.models.base import utcnow
from app.services.participation import imports
from tests.conftest import csrf_token, submit
from tests.support.concurrency import at_once, decided

TODAY = to_local(utcnow()).date()  # the date in Stockholm, as the forms and pages show it
TEXT = "Det behövs fler bänkar längs promenadvägen vid ån så att äldre orkar gå hela vägen."


@pytest.fixture
def process(make_process):
    return make_process(focus_areas=("Trygghet och gemenskap", "Hållbar miljö"))


@pytest.fixture
def place(app):
    with app.app_context():
        place = Place(name="Stadsbiblioteket", address="Storgatan 1",
                      opening_hours="Mån–fre 10–19", accessibility="Hiss och hörslinga.")
        db.session.add(place)
        db.session.commit()
        return place.id


@pytest.fixture
def session_id(app, process, place):
    with app.app_context():
        event = OpenSpaceEvent(process_id=process.id, title="Open Space om framtiden",
                               held_on=TODAY, place_id=place, participants=60)
        session = OpenSpaceSession(event=event, topic="Trygga skolvägar", convener="Sara",
                                   participants=9, summary="Vi pratade om skolvägar.",
                                   recommendations="Sänk hastigheten vid skolorna.")
        db.session.add_all([event, session])
        db.session.commit()
        return session.id


@pytest.fixture
def moderator(login_as):
    return login_as(Role.MODERATOR)


def area(app, process, index=0):
    with app.app_context():
        from app.models import Process
        return db.session.get(Process, process.id).focus_areas[index].id


def enter(client, app, process, **fields):
    data = {"title": "Fler bänkar längs ån", "body": TEXT, "focus_area_id": area(app, process),
            "district_id": "0", "channel": "place", "place_id": "0", "session_id": "0",
            "received_on": TODAY.isoformat(), **fields}
    return submit(client, f"/moderera/{process.slug}/pappersforslag/nytt", data)


def only_proposal(app):
    with app.app_context():
        proposal = db.session.scalars(select(Proposal)).one()
        db.session.expunge(proposal)
        return proposal


def test_places_are_listed_publicly_and_linked_from_the_start_page(client, process, place):
    page = client.get("/lamna-forslag-pa-plats").get_data(as_text=True)
    assert "Stadsbiblioteket" in page and "Mån–fre 10–19" in page and "hörslinga" in page
    assert 'href="/lamna-forslag-pa-plats"' in client.get("/").get_data(as_text=True)


def test_administrators_keep_the_places(app, client, login_as):
    login_as(Role.ADMIN)
    assert submit(client, "/admin/platser", {"name": "Medborgarkontoret", "address": "Torget 2",
                                             "position": "1"}).status_code == 302
    clash = submit(client, "/admin/platser", {"name": "Medborgarkontoret", "position": "2",
                                              "address": "Annan väg 5"}).get_data(as_text=True)
    assert "redan en plats" in clash and "Annan väg 5" in clash
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Place)) == 1


def test_a_paper_proposal_is_published_with_its_source_not_as_the_moderators(
        app, client, moderator, process, place):
    response = enter(client, app, process, place_id=str(place))
    assert response.status_code == 302
    proposal = only_proposal(app)
    assert (proposal.channel, proposal.author_id, proposal.entered_by_id, proposal.status) == \
        (Channel.PLACE, None, moderator.id, "published")
    assert proposal.reference and proposal.received_on == TODAY
    page = client.get(f"/forslag/{proposal.id}").get_data(as_text=True)
    assert "På en fysisk plats: Stadsbiblioteket" in page
    assert re.search(r"<dt>Från</dt><dd>Invånare</dd>", page)
    listed = client.get(f"/process/{process.slug}/forslag?kanal=plats").get_data(as_text=True)
    assert proposal.title in listed
    assert proposal.title not in client.get(
        f"/process/{process.slug}/forslag?kanal=webb").get_data(as_text=True)
    # The same moderation as any proposal: it waits in the queue of new ones.
    assert proposal.title in client.get(f"/moderera/{process.slug}/?ko=nya").get_data(
        as_text=True)


def test_a_paper_proposal_needs_its_source_and_a_date_that_has_been(
        app, client, moderator, process, place):
    no_place = enter(client, app, process, title="Ett förslag utan plats").get_data(as_text=True)
    assert "Välj platsen där det lämnades in" in no_place
    assert 'value="Ett förslag utan plats"' in no_place  # what was typed stays
    future = enter(client, app, process, place_id=str(place),
                   received_on=(TODAY + timedelta(days=3)).isoformat()).get_data(as_text=True)
    assert "Datumet kan inte ligga i framtiden" in future
    # Everything wrong at once is said at once, each at its field.
    everything = enter(client, app, process, title="Kort", body="För kort.", focus_area_id="0",
                       received_on=(TODAY + timedelta(days=3)).isoformat()).get_data(as_text=True)
    for field in ("place_id", "received_on", "title", "body", "focus_area_id"):
        assert f'id="{field}-error"' in everything, field
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Proposal)) == 0


def test_an_open_space_with_sessions_and_the_proposals_that_came_from_them(
        app, client, moderator, process, place):
    assert submit(client, f"/moderera/{process.slug}/open-space", {
        "title": "Open Space i Folkets hus", "held_on": TODAY.isoformat(), "place_id": place,
        "venue": "", "theme": "Hur vill du att kommunen ska utvecklas?",
        "facilitator": "Eva Processledare", "participants": "45"}).status_code == 302
    with app.app_context():
        event_id = db.session.scalar(select(OpenSpaceEvent.id))
    assert submit(client, f"/moderera/open-space/{event_id}/sessioner", {
        "session-topic": "Mötesplatser för unga", "session-convener": "Ali",
        "session-participants": "12", "session-summary": "Unga saknar platser att vara på.",
        "session-recommendations": "Öppna skolgårdarna."},
        form_page=f"/moderera/open-space/{event_id}").status_code == 302
    with app.app_context():
        session_id = db.session.scalar(select(OpenSpaceSession.id))
    assert enter(client, app, process, channel="open_space", session_id=str(session_id),
                 title="Öppna skolgårdarna på kvällarna").status_code == 302
    page = client.get(f"/open-space/{event_id}").get_data(as_text=True)
    assert "Mötesplatser för unga" in page and "Öppna skolgårdarna på kvällarna" in page
    assert "Unga saknar platser" in page and "Eva Processledare" in page
    assert "Open Space i Folkets hus" in client.get(
        f"/process/{process.slug}/open-space").get_data(as_text=True)
    negative = submit(client, f"/moderera/open-space/{event_id}/sessioner", {
        "session-topic": "Fel", "session-participants": "-4"},
        form_page=f"/moderera/open-space/{event_id}").get_data(as_text=True)
    assert re.search(r"Ange ett tal från 0 till 10\s000", negative)
    crowded = submit(client, f"/moderera/open-space/{event_id}/sessioner", {
        "session-topic": "För många", "session-participants": "500"},
        form_page=f"/moderera/open-space/{event_id}").get_data(as_text=True)
    assert "fler deltagare än sitt evenemang (45)" in crowded
    assert 'id="session-participants-error"' in crowded


def test_paper_supports_are_counted_apart_from_online_ones(app, client, moderator, process,
                                                           place, session_id):
    enter(client, app, process, place_id=str(place))
    proposal = only_proposal(app)
    url = f"/moderera/forslag/{proposal.id}/pappersstod"
    for bad in ("-3", "0", "1000000"):
        html = submit(client, url, {"count": bad, "source": f"session:{session_id}",
                                    "given_on": TODAY.isoformat()}).get_data(as_text=True)
        assert re.search(r"Ange ett tal från 1 till 10\s000", html)
    for day, said in (("1999-01-01", "för långt tillbaka"),
                      ((TODAY + timedelta(days=1)).isoformat(), "i framtiden")):
        html = submit(client, url, {"count": "12", "source": f"session:{session_id}",
                                    "given_on": day}).get_data(as_text=True)
        assert said in html and 'id="given_on-error"' in html and 'value="12"' in html
    assert submit(client, url, {"count": "12", "source": f"session:{session_id}",
                                "given_on": TODAY.isoformat(),
                                "note": "Prickar på väggen"}).status_code == 302
    page = client.get(f"/forslag/{proposal.id}").get_data(as_text=True)
    assert "12 stöd på papper" in page and "0 invånare stöder förslaget" in page
    # 140 typed for 14: the entry is listed with who recorded it, and taken back.
    submit(client, url, {"count": "140", "source": f"session:{session_id}",
                         "given_on": TODAY.isoformat()})
    listed = client.get(url).get_data(as_text=True)
    assert "Registrerat hittills" in listed and "<td>140</td>" in listed
    with app.app_context():
        wrong = db.session.scalar(select(PaperSupport.id).where(PaperSupport.count == 140))
        assert db.session.get(Proposal, proposal.id).paper_supports_count == 152
    removed = submit(client, f"/moderera/pappersstod/{wrong}/ta-bort", {}, form_page=url)
    assert removed.headers["Location"] == url
    assert "140 stöd på papper är borttagna" in client.get(url).get_data(as_text=True)
    again = submit(client, f"/moderera/pappersstod/{wrong}/ta-bort", {}, form_page=url)
    assert again.status_code == 404
    with app.app_context():
        assert db.session.get(Proposal, proposal.id).paper_supports_count == 12
        removal = db.session.scalar(select(AuditEntry).where(
            AuditEntry.action == "proposal.paper_supports_remove"))
        assert removal.before["count"] == 140
    with app.app_context():
        assert db.session.get(Proposal, proposal.id).paper_supports_count == 12
        assert db.session.get(Proposal, proposal.id).supports_count == 0
        assert db.session.scalar(select(PaperSupport.count)) == 12
        assert "proposal.paper_supports" in db.session.scalars(select(AuditEntry.action)).all()


def test_residents_cannot_reach_the_paper_pages(client, login_as, process, place):
    login_as(Role.RESIDENT)
    for url in (f"/moderera/{process.slug}/pappersforslag/nytt",
                f"/moderera/{process.slug}/import", f"/moderera/{process.slug}/open-space"):
        assert client.get(url).status_code == 403


# Importing.

HEADER = "titel;text;fokusområde;kanal;plats;session;inkommet;område;stöd på papper"


def csv_bytes(rows, header=HEADER, encoding="utf-8-sig"):
    return ("\r\n".join([header, *rows]) + "\r\n").encode(encoding)


def library_rows(n, start=0):
    return [f"Förslag nummer {i} från biblioteket;{TEXT} Rad {i}.;Trygghet och gemenskap;"
            f"plats;Stadsbiblioteket;;{TODAY.isoformat()};;{i % 3}"
            for i in range(start, start + n)]


def upload(client, process, content, filename="forslag.csv"):
    page = f"/moderera/{process.slug}/import"
    return client.post(page, data={"csrf_token": csrf_token(client, page),
                                   "file": (io.BytesIO(content), filename)},
                       content_type="multipart/form-data")


def dry_run(client, process, content, filename="forslag.csv"):
    response = upload(client, process, content, filename)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return response.headers["Location"], client.get(response.headers["Location"]).get_data(
        as_text=True)


def commit(client, batch_url):
    return submit(client, f"{batch_url}/genomfor", {}, form_page=batch_url,
                  follow_redirects=True).get_data(as_text=True)


def count(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Proposal))


def test_import_dry_run_then_commit_and_importing_again_adds_nothing(
        app, client, moderator, process, place):
    batch, report = dry_run(client, process, csv_bytes(library_rows(50)))
    assert "50 nya, 0 redan importerade" in report and count(app) == 0  # a dry run saves nothing
    result = commit(client, batch)
    assert "50 nya förslag är importerade" in result and count(app) == 50
    with app.app_context():
        imported = db.session.scalars(select(Proposal)).all()
        assert {p.channel for p in imported} == {Channel.PLACE}
        assert all(p.author_id is None and p.entered_by_id == moderator.id for p in imported)
        assert sum(p.paper_supports_count for p in imported) == sum(i % 3 for i in range(50))
        assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "import.commit")) == 1
    again, report = dry_run(client, process, csv_bytes(library_rows(50)))
    assert "0 nya, 50 redan importerade" in report
    assert "0 nya förslag är importerade" in commit(client, again) and count(app) == 50
    # Committing the same file twice does nothing the second time.
    assert "redan importerats" in commit(client, batch) and count(app) == 50


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp1252", "utf-16"])
def test_files_saved_by_swedish_excel_import_in_any_of_its_encodings(
        app, client, moderator, process, place, encoding):
    _batch, report = dry_run(client, process, csv_bytes(library_rows(3), encoding=encoding))
    assert "3 nya" in report, report[report.find("<main"):][:3000]
    assert "Förslag nummer 1 från biblioteket" in report  # å, ö read right


def test_an_xlsx_workbook_imports_and_formulas_stay_text(app, client, moderator, process,
                                                         place):
    from openpyxl import Workbook
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(";"))
    sheet.append(["=HYPERLINK(\"http://example.com\")", TEXT, "Trygghet och gemenskap",
                  "plats", "Stadsbiblioteket", None, TODAY, None, 4])
    content = io.BytesIO()
    book.save(content)
    batch, report = dry_run(client, process, content.getvalue(), "forslag.xlsx")
    assert "1 nya" in report and "börjar med" in report
    commit(client, batch)
    proposal = only_proposal(app)
    assert proposal.title == "=HYPERLINK(\"http://example.com\")"
    assert proposal.paper_supports_count == 4


def test_import_errors_name_the_line_the_column_and_the_problem(app, client, moderator,
                                                                process, place):
    rows = [*library_rows(2),
            f";{TEXT};Trygghet och gemenskap;plats;Stadsbiblioteket;;{TODAY};;",
            f"Ett förslag om något viktigt;{TEXT};Kultur;plats;Okänd plats;;{TODAY};;",
            f"Ett förslag med fel datum;{TEXT};Hållbar miljö;brev;;;igår;;-5",
            library_rows(1)[0]]  # the same as the first row
    batch, report = dry_run(client, process, csv_bytes(rows))
    assert "2 nya, 0 redan importerade, 1 upprepade i filen, 3 med fel" in report
    assert re.search(r"<th scope=\"row\">4</th>.*?Kolumn titel:", report, re.S)
    assert "”Kultur” är inte ett av fokusområdena" in report or \
        "\"Kultur\" är inte ett av fokusområdena" in report
    assert "Okänd plats" in report and "Kolumn inkommet:" in report
    assert "Kolumn stöd på papper:" in report and "Samma som rad 2" in report
    assert "Importera" not in report.split("Rad för rad")[0].split("role=\"status\"")[1]
    assert "inget har importerats" in commit(client, batch) and count(app) == 0


def test_import_refuses_whole_files_it_cannot_read(app, client, moderator, process, place):
    _b, missing = dry_run(client, process, csv_bytes(["Bara en titel"], header="titel"))
    assert "Kolumner saknas i första raden: text, fokusområde, kanal, inkommet" in missing
    garbage = upload(client, process, "titel;text\n".encode("utf-16-le"), "x.csv")
    assert "går inte att läsa som text" in garbage.get_data(as_text=True)
    big = upload(client, process, b"x" * (8 * 1024 * 1024 + 10)).get_data(as_text=True)
    assert "större än 8 MB" in big
    _b, many = dry_run(client, process, csv_bytes(["a;b;c;d;e;f;g;h;i"] * 10_001))
    assert re.search(r"fler än 10\s000 rader", many)
    wrong_type = upload(client, process, b"hello", "forslag.pdf").get_data(as_text=True)
    assert "Välj en CSV- eller XLSX-fil" in wrong_type
    # A program's file renamed .csv is no text, not text in a wrong encoding.
    binary = upload(client, process, bytes(range(256)) * 40, "forslag.csv").get_data(
        as_text=True)
    assert "går inte att läsa som text" in binary and "bokstäver blir fel" not in binary
    twice = upload(client, process, csv_bytes(library_rows(1), header=f"titel;{HEADER}"))
    twice = client.get(twice.headers["Location"]).get_data(as_text=True)
    assert "Första raden anger kolumnen titel två gånger" in twice and "1 nya" not in twice
    assert count(app) == 0


def test_the_template_downloads_and_is_itself_importable(app, client, moderator, process,
                                                         place):
    csv = client.get("/moderera/import/mall.csv")
    assert csv.data.startswith(b"\xef\xbb\xbf") and b"titel;text;" in csv.data
    xlsx = client.get("/moderera/import/mall.xlsx")
    assert xlsx.data.startswith(b"PK")  # a zip: an Office Open XML workbook
    for content, name in ((csv.data, "mall.csv"), (xlsx.data, "mall.xlsx")):
        _batch, report = dry_run(client, process, content, name)
        assert "1 nya" in report


def test_merging_a_paper_proposal_moves_its_paper_supports(app, client, moderator, process,
                                                           place, make_proposal):
    enter(client, app, process, place_id=str(place))
    paper_one = only_proposal(app)
    submit(client, f"/moderera/forslag/{paper_one.id}/pappersstod",
           {"count": "7", "source": f"place:{place}", "given_on": TODAY.isoformat()})
    target = make_proposal(process, title="Fler bänkar längs promenaden vid ån")
    assert submit(client, f"/moderera/forslag/{paper_one.id}/sammanfoga",
                  {"revision": str(stored_revision(app, paper_one)),
                   "target": target.reference}).status_code == 302
    with app.app_context():
        assert db.session.get(Proposal, target.id).paper_supports_count == 7
        assert db.session.get(Proposal, paper_one.id).paper_supports_count == 0


def stored_revision(app, proposal):
    with app.app_context():
        return db.session.get(Proposal, proposal.id).revision


@pytest.mark.parametrize("content", [
    b"\xff\xfe" + "titel;text\n".encode("utf-16-le") + b"\x00",  # UTF-16, an odd byte
    b"\xfe\xff" + "titel;text".encode("utf-16-be") + b"\xd8",     # a half surrogate
    b"\xef\xbb\xbftitel;text\n\xff\xfe;x\n",                         # UTF-8 that is not
], ids=["utf-16 odd length", "utf-16 broken", "utf-8 invalid byte"])
def test_a_file_that_breaks_its_own_encoding_is_refused_at_upload_and_not_kept(
        app, client, moderator, process, content):
    response = upload(client, process, content)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Filen går inte att läsa som text" in html and 'id="file-error"' in html
    with app.app_context():
        assert db.session.scalars(select(ImportBatch)).all() == []


def _mixed_encodings():
    """A UTF-8 file with one row added in Windows-1252."""
    rows = library_rows(2)
    return (csv_bytes(rows[:1], encoding="utf-8") + rows[1].encode("cp1252") + b"\r\n")


@pytest.mark.parametrize("content", [
    csv_bytes(library_rows(2), encoding="mac_roman"), _mixed_encodings(),
    csv_bytes([row.replace("Förslag", "Åtgärd") for row in library_rows(2)],
              encoding="mac_roman")],
    ids=["saved on a Mac (Mac Roman)", "UTF-8 with a Windows-1252 row",
         "a Mac's Å, a byte Windows-1252 has no letter for"])
def test_a_file_whose_letters_would_come_out_scrambled_is_refused_not_published(
        app, client, moderator, process, content):
    """Read as Windows-1252, "Förslag" would be "Fšrslag" or "FÃ¶rslag": the file is
    refused with what to do, rather than shown as new proposals and published so."""
    response = upload(client, process, content)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Filens bokstäver blir fel" in html and 'id="file-error"' in html
    with app.app_context():
        assert db.session.scalars(select(ImportBatch)).all() == []


def test_a_windows_1252_file_with_names_like_dusan_is_read_as_it_is(
        app, client, moderator, process, place):
    """Š and ž are letters of names as well as a Mac's å and ö read wrongly: beside the
    file's own å, ä and ö they are names, and the file is read."""
    rows = [row.replace("biblioteket", "biblioteket, skrivet av Dušan Žak")
            for row in library_rows(2)]
    batch, report = dry_run(client, process, csv_bytes(rows, encoding="cp1252"))
    assert "Dušan Žak" in report and "Filens bokstäver blir fel" not in report


def test_html_in_cells_becomes_text_with_its_paragraphs_and_counts_for_nothing(
        app, client, moderator, process, place):
    html_text = ("<p>El <strong>ljus</strong> längs &amp; vid gångvägen</p>"
                 "<p>Andra stycket: fler lampor vid skolan<br>och vid busshållplatsen.</p>")
    only_tags = "<p><strong><em><span class='x'>Kort</span></em></strong></p>"
    rows = [f"<b>Belysning</b> vid gångvägen;\"{html_text}\";Trygghet och gemenskap;plats;"
            f"Stadsbiblioteket;;{TODAY.isoformat()};;",
            f"Tags räknas inte med;{only_tags};Trygghet och gemenskap;plats;"
            f"Stadsbiblioteket;;{TODAY.isoformat()};;"]
    batch, report = dry_run(client, process, csv_bytes(rows))
    assert "2 rader hade HTML i sina celler" in report
    assert re.search(r"<th scope=\"row\">3</th>.*?Kolumn text:", report, re.S)  # "Kort" is short
    batch, report = dry_run(client, process, csv_bytes(rows[:1]))
    commit(client, batch)
    with app.app_context():
        proposal = db.session.scalar(select(Proposal))
    assert proposal.title == "Belysning vid gångvägen"
    assert proposal.body == ("<p>El ljus längs &amp; vid gångvägen</p><p>Andra stycket: fler "
                             "lampor vid skolan</p><p>och vid busshållplatsen.</p>")
    page = client.get(f"/forslag/{proposal.id}").get_data(as_text=True)
    assert "&lt;strong&gt;" not in page and "<strong>ljus" not in page


def test_dates_outside_the_dialogue_phase_are_a_warning_not_an_error(
        app, client, moderator, process, place):
    old = "2019-03-14"
    rows = library_rows(2)
    rows[1] = rows[1].replace(TODAY.isoformat(), old)
    batch, report = dry_run(client, process, csv_bytes(rows))
    assert "1 rad kom in utanför dialogfasen" in report
    assert "Kom in 14 mars 2019, utanför dialogfasen" in report
    assert "2 nya" in report and "Importera 2 förslag" in report
    commit(client, batch)
    assert count(app) == 2


def test_the_closing_message_counts_new_imported_before_and_repeated_apart(
        app, client, moderator, process, place):
    batch, _report = dry_run(client, process, csv_bytes(library_rows(3)))
    commit(client, batch)
    rows = library_rows(5) + library_rows(1, start=4)  # 3 before, 2 new, the last one twice
    batch, report = dry_run(client, process, csv_bytes(rows))
    assert "2 nya, 3 redan importerade, 1 upprepade i filen" in report
    result = commit(client, batch)
    assert ("2 nya förslag är importerade. 3 rader var importerade tidigare och 1 var "
            "upprepade i filen") in result
    assert count(app) == 5
    assert "2 nya förslag; 3 rader var importerade tidigare, 1 upprepade i filen" in \
        client.get(batch).get_data(as_text=True)


def test_a_messy_real_file_imports_what_it_can_say_and_tells_what_it_did(
        app, client, moderator, process, place):
    """As files come from a service desk: Windows-1252, HTML pasted from an email, an old
    date, a row pasted twice, a formula, stray spaces and blank lines."""
    rows = [f"  Gatubelysning på Storgatan  ;<div>Det är <b>mörkt</b> på kvällarna.</div>"
            f"<div>Fler lampor behövs.</div>;trygghet OCH gemenskap;Plats;stadsbiblioteket;;"
            f"{TODAY.strftime('%d/%m/%Y')};;2",
            "", f"=SUMMA(A1:A3) är ingen formel;{TEXT};Trygghet och gemenskap;brev;;;"
            f"2018-12-24;;",
            f"  Gatubelysning på Storgatan  ;<div>Det är <b>mörkt</b> på kvällarna.</div>"
            f"<div>Fler lampor behövs.</div>;trygghet OCH gemenskap;Plats;stadsbiblioteket;;"
            f"{TODAY.strftime('%d/%m/%Y')};;2"]
    batch, report = dry_run(client, process, csv_bytes(rows, encoding="cp1252"))
    assert "2 nya, 0 redan importerade, 1 upprepade i filen, 0 med fel" in report
    assert "2 rader hade HTML" in report and "1 rad kom in utanför dialogfasen" in report
    commit(client, batch)
    with app.app_context():
        titles = sorted(db.session.scalars(select(Proposal.title)))
        paper = db.session.scalar(select(func.sum(Proposal.paper_supports_count)))
    assert titles == ["=SUMMA(A1:A3) är ingen formel", "Gatubelysning på Storgatan"]
    assert paper == 2


def test_a_cell_never_reaches_the_page_as_html(app, client, moderator, process, place):
    """A value from the file, quoted in a message, is text on the page."""
    rows = [f"Förslag om bänkar i parken;{TEXT};<img src=x onerror=alert(1)>;plats;"
            f"Stadsbiblioteket;;{TODAY.isoformat()};;"]
    _batch, report = dry_run(client, process, csv_bytes(rows))
    assert "<img src=x" not in report
    assert "&lt;img src=x onerror=alert(1)&gt;" in report


def test_limits_and_example_dates_are_written_the_readers_way(app, client, moderator, process,
                                                              place, make_proposal):
    page = client.get(f"/moderera/{process.slug}/import").get_data(as_text=True)
    assert "10000" not in page
    assert len(re.findall(r"Högst 10\s000 rader", page)) == 2  # the form's help and the text
    assert re.search(r"till exempel \d{4}-\d\d-\d\d \(eller \d{1,2}/\d{1,2}/\d{4}\)", page)
    assert TODAY.isoformat() in page and "2019-03-14" not in page
    proposal = make_proposal(process)
    too_many = submit(client, f"/moderera/forslag/{proposal.id}/pappersstod",
                      {"count": "20000", "source": f"place:{place}",
                       "given_on": TODAY.isoformat()}).get_data(as_text=True)
    assert re.search(r"Ange ett tal från 1 till 10\s000\.", too_many)
    client.get("/sprak/en")
    english = client.get(f"/moderera/{process.slug}/import").get_data(as_text=True)
    assert "At most 10,000 rows and 8 MB." in english


def test_a_file_sent_for_import_several_times_at_once_is_imported_once(
        app, client, moderator, process, place, make_user):
    """A double click, or the same file's page in two tabs: one import, and the others are
    told it is done, not shown an error page."""
    batch_url, _report = dry_run(client, process, csv_bytes(library_rows(5)))
    batch_id = int(batch_url.rstrip("/").rsplit("/", 1)[1])
    moderators = [make_user(role=Role.MODERATOR) for _ in range(4)]

    def send(actor):
        batch = db.session.get(ImportBatch, batch_id)
        stored = db.session.get(Process, process.id)

        # the refusal, in words, is the outcome
        return lambda: decided(lambda: imports.commit(actor, stored, batch, utcnow()),
                               "imported")
    outcomes = at_once(app, moderators, send)
    assert sorted(outcomes) == ["Filen har redan importerats.", "Filen har redan importerats.",
                                "Filen har redan importerats.", "imported"]
    assert count(app) == 5


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_rows_are_numbered_as_the_spreadsheet_shows_them_past_empty_rows(
        app, client, moderator, process, place, kind):
    """Empty rows, and rows of empty cells, are skipped but still counted: the dry run's
    row numbers are the ones the moderator finds in Excel."""
    good, bad = library_rows(2)
    bad = bad.replace(TODAY.isoformat(), "1999-01-01")
    rows = ["", good, ";;;;;;;;", "", bad]
    if kind == "csv":
        content, filename = csv_bytes(rows), "forslag.csv"
    else:
        from openpyxl import Workbook
        book = Workbook()
        for row in [HEADER, *rows]:
            book.active.append(row.split(";") if row else [None])
        out = io.BytesIO()
        book.save(out)
        content, filename = out.getvalue(), "forslag.xlsx"
    _batch, report = dry_run(client, process, content, filename)
    numbers = re.findall(r'<th scope="row">(\d+)</th>', report)
    assert numbers == ["3", "6"], numbers


def test_a_line_repeated_with_another_paper_count_is_an_error_not_a_silent_repeat(
        app, client, moderator, process, place):
    """Two lines alike but for their supports on paper: which count is right is the
    moderator's to say, so neither is dropped without a word. A negative count gets only
    the count's message, not a second one about its minus sign."""
    [row] = library_rows(1, start=1)  # 1 support on paper
    other_count = row[:-1] + "4"
    negative = library_rows(1, start=7)[0][:-1] + "-5"
    batch, report = dry_run(client, process, csv_bytes([row, row, other_count, negative]))
    assert "Samma som rad 2: importeras en gång." in report
    assert ("Samma förslag som rad 2, men med ett annat antal stöd på papper (4 här, 1 där): "
            "behåll en rad, med rätt antal.") in report
    negative_line = report[report.index('<th scope="row">5</th>'):]
    negative_line = negative_line[:negative_line.index("</tr>")]
    assert "Ange ett tal från 0 till" in negative_line and "börjar med" not in negative_line
    assert "2 med fel" in report
    # A line break typed in a cell as a vertical tab is a line break, not "no text".
    _batch, report = dry_run(client, process, csv_bytes(
        [library_rows(1, start=11)[0].replace(" Rad 11.", "\x0bRad 11.")]))
    assert "1 nya" in report
    # A cell past the header's columns is said, not silently dropped.
    _batch, report = dry_run(client, process, csv_bytes([library_rows(1, start=9)[0] + ";;x"]))
    assert "Celler till höger om de namngivna kolumnerna läses inte" in report
