import re
from datetime import timedelta

from app.extensions import db
from app.models import Phase, PhaseKind, Process, Role
from app.models.base import utcnow


def test_start_page_shows_the_open_dialogue_and_days_left(client, make_process):
    process = make_process()
    html = client.get("/").get_data(as_text=True)
    assert process.title in html
    assert "Nu: Dialog med invånare" in html
    assert "24 dagar kvar" in html
    assert "Lämna ett eget förslag" in html
    assert "Stöd andra invånares förslag" in html


def test_start_page_without_any_process(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Ingen dialog pågår just nu" in response.get_data(as_text=True)


def test_start_page_names_the_next_step_before_the_dialogue_opens(client, make_process):
    make_process(dialogue_open=False)
    html = client.get("/").get_data(as_text=True)
    assert "Nästa: Dialog med invånare" in html


def test_timeline_lists_every_step_in_swedish_and_marks_the_current_one(app, client):
    with app.app_context():
        process = Process(slug="mal", title="Mål", description="")
        now = utcnow()
        for name, start, days, kind in (
                ("Förra steget", now - timedelta(days=30), 1, PhaseKind.DECISION),
                ("Dialogen", now - timedelta(days=2), 10, PhaseKind.DIALOGUE),
                ("Nästa steg", now + timedelta(days=20), 1, PhaseKind.DECISION)):
            process.phases.append(Phase(name=name, kind=kind, starts_at=start,
                                        ends_at=start + timedelta(days=days)))
        db.session.add(process)
        db.session.commit()
    page = client.get("/process/mal/tidslinje").get_data(as_text=True)
    assert "Pågår nu: Dialogen." in page
    html = page[page.index('<ol class="timeline'):]
    assert html.index("Förra steget") < html.index("Dialogen") < html.index("Nästa steg")
    current = html[html.index('aria-current="step"'):]
    assert current.index("Dialogen") < current.index("Nästa steg")
    assert html.count('aria-current="step"') == 1
    assert "Klart" in html


def test_unknown_process_and_unknown_url_give_the_404_page(client):
    for url in ("/process/finns-inte/", "/process/finns-inte/tidslinje", "/no/such/page"):
        response = client.get(url)
        assert response.status_code == 404
        assert "Sidan finns inte" in response.get_data(as_text=True)


def test_how_it_works(client):
    html = client.get("/sa-fungerar-det").get_data(as_text=True)
    assert "Så fungerar medborgardialogen" in html


def test_language_switch_changes_the_page_and_returns_to_it(client, make_process):
    process = make_process()
    page = f"/process/{process.slug}/tidslinje"
    response = client.get(f"/sprak/en?next={page}")
    assert response.status_code == 302 and response.headers["Location"] == page
    html = client.get(page).get_data(as_text=True)
    assert '<html lang="en">' in html and "Timeline" in html
    client.get("/sprak/sv?next=/")
    assert '<html lang="sv">' in client.get(page).get_data(as_text=True)


def test_language_switch_never_redirects_to_another_site(client):
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = client.get("/sprak/en", query_string={"next": target})
        assert response.headers["Location"] == "/"
    assert client.get("/sprak/xx").status_code == 404


def test_every_page_switches_to_english(client, login_as, page_urls):
    login_as(Role.ADMIN)  # so that every page opens
    client.get("/sprak/en")
    for url in page_urls:
        html = client.get(url, follow_redirects=True).get_data(as_text=True)
        assert '<html lang="en">' in html and "How it works" in html, url
        assert re.search(r"<title>[^<>]+</title>", html), f"{url}: the title is not plain text"
        assert "Så fungerar det" not in html, url


def test_the_accessibility_statement_names_the_law_and_the_contact(client):
    html = client.get("/tillganglighet").get_data(as_text=True)
    assert "(2018:1937)" in html and "mailto:kommun@example.org" in html


def test_when_phases_overlap_one_step_is_marked_current_and_the_dialogue_is_featured(
        app, client, make_process):
    make_process(title="Dialogprocessen")  # its dialogue phase is open now
    with app.app_context():
        newer = Process(slug="nyare", title="Nyare process", description="")
        now = utcnow()
        newer.phases.append(Phase(name="Information", kind=PhaseKind.INFORMATION,
                                  starts_at=now - timedelta(days=1),
                                  ends_at=now + timedelta(days=1)))
        newer.phases.append(Phase(name="Möte", kind=PhaseKind.DECISION,
                                  starts_at=now - timedelta(hours=2),
                                  ends_at=now + timedelta(hours=2)))
        db.session.add(newer)
        db.session.commit()
    assert "Dialogprocessen" in client.get("/").get_data(as_text=True)
    html = client.get("/process/nyare/tidslinje").get_data(as_text=True)
    assert html.count('aria-current="step"') == 1
    assert html.count("timeline__step--running") == 1
