"""Admin pages: a process, its phases and its focus areas, with the domain rules enforced."""
from datetime import datetime

import pytest
from sqlalchemy import select

from app.extensions import db
from app.i18n import LOCAL_TIMEZONE
from app.models import Feature, FocusArea, Phase, PhaseKind, Process, Role
from tests.conftest import submit


@pytest.fixture
def admin(login_as):
    return login_as(Role.ADMIN)


def process_fields(**overrides):
    return {"moderation_mode": "afterwards", "support_limit": "10", "report_threshold": "3",
            **overrides}


def phase_fields(**overrides):
    return {"name": "Dialog med invånare", "body": "Invånare", "kind": "dialogue",
            "starts_at": "2031-03-01T00:00", "ends_at": "2031-04-01T00:00",
            "features": ["submit", "support"], "description": "Lämna förslag.", **overrides}


def phases(app):
    with app.app_context():
        return db.session.scalars(select(Phase).order_by(Phase.starts_at)).all()


def test_admin_creates_a_process_and_sees_it(app, client, admin):
    response = submit(client, "/admin/processer/ny",
                      process_fields(title="Mål 2031", slug="mal-2031", description="Om målen."))
    assert response.status_code == 302
    with app.app_context():
        process = db.session.scalar(select(Process))
        assert (process.title, process.slug) == ("Mål 2031", "mal-2031")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Processen är sparad." in page and "Mål 2031" in page


def test_process_form_keeps_what_was_typed_and_explains_each_error(app, client, admin,
                                                                   make_process):
    taken = make_process()
    response = submit(client, "/admin/processer/ny",
                      process_fields(title="", slug=taken.slug, description="Min text"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Skriv en titel." in html
    assert "Min text" in html
    response = submit(client, "/admin/processer/ny",
                      process_fields(title="Ny", slug=taken.slug, description="Min text"))
    assert "En annan process har redan den adressen." in response.get_data(as_text=True)
    response = submit(client, "/admin/processer/ny",
                      process_fields(title="Ny", slug="Mål 2031!", description=""))
    assert "Använd bara små bokstäver" in response.get_data(as_text=True)
    response = submit(client, "/admin/processer/ny",
                      process_fields(title="x" * 201, slug="ny", description=""))
    assert "Högst 200 tecken." in response.get_data(as_text=True)
    with app.app_context():
        assert len(db.session.scalars(select(Process)).all()) == 1


def test_admin_edits_a_process(app, client, admin, make_process):
    process = make_process()
    response = submit(client, f"/admin/processer/{process.id}/redigera", process_fields(
        title="Nytt namn", slug=process.slug, description="Ny text"))
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Process, process.id).title == "Nytt namn"


def test_admin_adds_a_phase_in_swedish_time(app, client, admin, make_process):
    process = make_process(dialogue_open=False)
    with app.app_context():
        db.session.execute(Phase.__table__.delete())
        db.session.commit()
    response = submit(client, f"/admin/processer/{process.id}/faser/ny", phase_fields())
    assert response.status_code == 302, response.get_data(as_text=True)
    [phase] = phases(app)
    assert phase.starts_at == datetime(2031, 3, 1, tzinfo=LOCAL_TIMEZONE)
    assert phase.starts_at.utcoffset().total_seconds() == 0  # stored and read back in UTC
    assert phase.features == {Feature.SUBMIT, Feature.SUPPORT}
    html = client.get(f"/process/{process.slug}/tidslinje").get_data(as_text=True)
    assert "1–31 mars 2031" in html


def test_phase_ending_before_it_starts_is_refused_with_the_values_kept(app, client, admin,
                                                                       make_process):
    process = make_process()
    before = len(phases(app))
    response = submit(client, f"/admin/processer/{process.id}/faser/ny", phase_fields(
        kind="decision", features=[], starts_at="2031-05-08T10:00", ends_at="2031-05-08T09:00",
        name="KS godkänner"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Fasen måste sluta efter att den börjar." in html
    assert 'value="KS godkänner"' in html and 'value="2031-05-08T09:00"' in html
    assert len(phases(app)) == before


def test_overlapping_dialogue_phases_are_refused(app, client, admin, make_process):
    process = make_process()  # its dialogue phase is open now
    other = make_process(title="Annan process", dialogue_open=False)
    with app.app_context():
        open_dialogue = db.session.scalar(select(Phase).where(
            Phase.process_id == process.id, Phase.kind == PhaseKind.DIALOGUE))
        start = open_dialogue.starts_at.astimezone(LOCAL_TIMEZONE)
    before = len(phases(app))
    response = submit(client, f"/admin/processer/{other.id}/faser/ny", phase_fields(
        starts_at=start.strftime("%Y-%m-%dT%H:%M"), ends_at="2099-01-01T00:00"))
    html = response.get_data(as_text=True)
    assert "Bara en dialogfas får vara öppen åt gången." in html
    assert len(phases(app)) == before


def test_only_a_dialogue_phase_takes_proposals(app, client, admin, make_process):
    process = make_process()
    response = submit(client, f"/admin/processer/{process.id}/faser/ny",
                      phase_fields(kind="decision", name="KS"))
    assert "Bara en dialogfas kan ta emot förslag och stöd." in response.get_data(as_text=True)


def test_empty_and_overlong_phase_fields(client, admin, make_process):
    process = make_process()
    response = submit(client, f"/admin/processer/{process.id}/faser/ny",
                      phase_fields(name="", body="x" * 61, starts_at="", kind="nonsense",
                                   ends_at="31/3 2031"))
    html = response.get_data(as_text=True)
    for message in ("Skriv ett namn.", "Högst 60 tecken.", "Ange när fasen börjar.",
                    "Inte ett giltigt val", "Inte ett giltigt datum-/tidsvärde"):
        assert message in html
    assert 'value="31/3 2031"' not in html  # a browser never sends it; not valid to echo


def test_admin_edits_and_deletes_a_phase(app, client, admin, make_process):
    process = make_process()
    decision = [p for p in phases(app) if p.kind == PhaseKind.DECISION][0]
    response = submit(client, f"/admin/faser/{decision.id}/redigera", phase_fields(
        kind="decision", features=["results"], name="KF beslutar",
        starts_at="2031-06-24T18:00", ends_at="2031-06-24T22:00"))
    assert response.status_code == 302
    with app.app_context():
        edited = db.session.get(Phase, decision.id)
        assert edited.name == "KF beslutar" and edited.features == {Feature.RESULTS}
    page = f"/admin/processer/{process.id}"
    confirmation = f"/admin/faser/{decision.id}/ta-bort"
    assert f'href="{confirmation}"' in client.get(page).get_data(as_text=True)
    html = client.get(confirmation).get_data(as_text=True)  # what will happen: nothing yet
    assert "Ta bort fasen KF beslutar" in html and "går inte att ångra" in html
    assert "24 juni 2031 18:00–22:00" in html
    with app.app_context():
        assert db.session.get(Phase, decision.id) is not None
    response = submit(client, confirmation, {})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Phase, decision.id) is None


def test_deleting_the_running_dialogue_phase_says_residents_can_no_longer_take_part(
        client, admin, make_process, app):
    make_process()
    dialogue = [p for p in phases(app) if p.kind == PhaseKind.DIALOGUE][0]
    html = client.get(f"/admin/faser/{dialogue.id}/ta-bort").get_data(as_text=True)
    assert "Det är dialogfasen: invånarna kan då inte längre skicka in" in html


def test_edit_form_shows_the_phase_in_swedish_time(client, admin, make_process, app):
    make_process()
    phase = phases(app)[0]
    html = client.get(f"/admin/faser/{phase.id}/redigera").get_data(as_text=True)
    local = phase.starts_at.astimezone(LOCAL_TIMEZONE).strftime("%Y-%m-%dT%H:%M")
    assert f'value="{local}"' in html


def test_focus_areas_are_added_edited_and_named_once_per_process(app, client, admin,
                                                                 make_process):
    process = make_process(focus_areas=("Miljö",))
    url = f"/admin/processer/{process.id}/fokusomraden/nytt"
    response = submit(client, url, {"name": "Miljö", "description": "", "position": "2"})
    assert "Processen har redan ett fokusområde med det namnet." in response.get_data(
        as_text=True)
    response = submit(client, url, {"name": "", "description": "Text", "position": "-1"})
    html = response.get_data(as_text=True)
    assert "Skriv ett namn." in html and "Ange ett tal från 0 till 999." in html
    response = submit(client, url, {"name": "Trygghet", "description": "Text", "position": "1"})
    assert response.status_code == 302
    with app.app_context():
        area = db.session.scalar(select(FocusArea).where(FocusArea.name == "Trygghet"))
    response = submit(client, f"/admin/fokusomraden/{area.id}/redigera",
                      {"name": "Trygghet och gemenskap", "description": "", "position": "0"})
    assert response.status_code == 302
    html = client.get(f"/process/{process.slug}/").get_data(as_text=True)
    assert html.index("Trygghet och gemenskap") < html.index("Miljö")


def test_unknown_admin_objects_give_404(client, admin):
    for url in ("/admin/processer/999", "/admin/faser/999/redigera",
                "/admin/fokusomraden/999/redigera", "/admin/processer/999/faser/ny"):
        assert client.get(url).status_code == 404


def test_the_open_dialogue_phase_can_be_edited_without_clashing_with_itself(
        app, client, admin, make_process):
    make_process()
    dialogue = [p for p in phases(app) if p.kind == PhaseKind.DIALOGUE][0]
    start = dialogue.starts_at.astimezone(LOCAL_TIMEZONE).strftime("%Y-%m-%dT%H:%M")
    end = dialogue.ends_at.astimezone(LOCAL_TIMEZONE).strftime("%Y-%m-%dT%H:%M")
    response = submit(client, f"/admin/faser/{dialogue.id}/redigera", phase_fields(
        name="Dialog i mars", starts_at=start, ends_at=end))
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Phase, dialogue.id).name == "Dialog i mars"


def test_a_time_that_the_clock_change_skips_or_repeats_is_refused(client, admin, make_process):
    process = make_process()
    for skipped_or_repeated in ("2031-03-30T02:30", "2031-10-26T02:30"):
        response = submit(client, f"/admin/processer/{process.id}/faser/ny", phase_fields(
            kind="decision", features=[], starts_at=skipped_or_repeated,
            ends_at="2031-11-01T00:00"))
        assert "när klockan ställs om" in response.get_data(as_text=True)


def test_the_database_itself_refuses_overlapping_dialogue_phases(app, make_process):
    from datetime import timedelta

    from sqlalchemy.exc import IntegrityError
    make_process()
    with app.app_context():
        dialogue = db.session.scalar(select(Phase).where(Phase.kind == PhaseKind.DIALOGUE))
        db.session.add(Phase(process_id=dialogue.process_id, name="Dubbel",
                             kind=PhaseKind.DIALOGUE, starts_at=dialogue.starts_at,
                             ends_at=dialogue.ends_at + timedelta(days=1)))
        with pytest.raises(IntegrityError):
            db.session.commit()
    with app.app_context():
        dialogue = db.session.scalar(select(Phase).where(Phase.kind == PhaseKind.DIALOGUE))
        dialogue.ends_at += timedelta(days=2)  # moving a lone dialogue phase is fine
        db.session.commit()


def test_admin_sets_moderation_support_limit_and_hidden_counts(app, client, admin,
                                                               make_process):
    process = make_process()
    response = submit(client, f"/admin/processer/{process.id}/redigera", {
        "title": "Mål", "slug": process.slug, "description": "", "moderation_mode": "beforehand",
        "support_limit": "5", "hide_support_counts": "y", "report_threshold": "5"})
    assert response.status_code == 302
    with app.app_context():
        saved = db.session.get(Process, process.id)
        assert (saved.moderation_mode, saved.support_limit, saved.hide_support_counts,
                saved.report_threshold) == ("beforehand", 5, True, 5)
    html = submit(client, f"/admin/processer/{process.id}/redigera", {
        "title": "Mål", "slug": process.slug, "moderation_mode": "anarchy",
        "support_limit": "-1"}).get_data(as_text=True)
    assert "Inte ett giltigt val" in html and "Ange ett tal från 0 till 1\xa0000." in html


def test_admin_keeps_the_list_of_districts(app, client, admin):
    assert submit(client, "/admin/omraden", {"name": "Norra staden", "position": "1"}
                  ).status_code == 302
    html = submit(client, "/admin/omraden", {"name": "Norra staden", "position": "2"}
                  ).get_data(as_text=True)
    assert "Det finns redan ett område med det namnet." in html
    assert "Norra staden" in client.get("/admin/omraden").get_data(as_text=True)
