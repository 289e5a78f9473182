import re

import pytest
from sqlalchemy import select

from app import create_app
from app.extensions import db
from app.models import Process
from tests.support.config import config_for


@pytest.fixture
def failing_app(database_url, app, html_validator):
    """The app with a route that writes, then fails, as a bug in a view would."""
    failing = create_app(config_for(database_url, TESTING=False))
    rendered = html_validator.record(failing)

    @failing.route("/boom")
    def boom():
        db.session.add(Process(slug="halvfardig", title="Halvfärdig", description=""))
        db.session.flush()
        raise RuntimeError("a bug")
    yield failing
    html_validator.check(rendered)


def test_an_error_shows_the_500_page_and_saves_nothing(failing_app):
    response = failing_app.test_client().get("/boom")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "Något gick fel" in html and "Traceback" not in html
    with failing_app.app_context():
        assert db.session.scalar(select(Process)) is None


def test_method_not_allowed_has_a_page(client):
    response = client.get("/logga-ut")
    assert response.status_code == 405
    assert "Sidan kan inte användas på det sättet." in response.get_data(as_text=True)


def test_error_pages_follow_the_language(client):
    client.get("/sprak/en")
    html = client.get("/finns-inte").get_data(as_text=True)
    assert "Page not found" in html and '<html lang="en">' in html


def test_switching_language_on_a_form_shown_with_its_errors_returns_to_the_forms_page(
        app, client, login_as, make_process, make_proposal):
    """A form shown again with its errors stands at the form's own address, which takes
    only a POST: the language link leads to the page the form was on, not to a 405."""
    from app.models import Role
    from tests.conftest import submit
    proposal = make_proposal(make_process())
    login_as(Role.MODERATOR)
    review = f"/moderera/forslag/{proposal.id}?ko=nya"
    shown = submit(client, f"/moderera/forslag/{proposal.id}/anteckning?ko=nya", {"body": ""},
                   form_page=review, headers={"Referer": f"http://localhost{review}"})
    assert "Skriv anteckningen." in shown.get_data(as_text=True)
    switch = re.search(r'href="(/sprak/en[^"]*)"', shown.get_data(as_text=True)).group(1)
    response = client.get(switch.replace("&amp;", "&"))
    assert response.status_code == 302 and response.headers["Location"] == review
    assert "Private note" in client.get(review).get_data(as_text=True)
    # Sent again from the page shown with its errors: its referrer is the form's POST-only
    # address, so the link still leads to the form's page.
    client.get("/sprak/sv")
    note = f"/moderera/forslag/{proposal.id}/anteckning?ko=nya"
    shown = submit(client, note, {"body": ""}, form_page=review,
                   headers={"Referer": f"http://localhost{note}"})
    switch = re.search(r'href="(/sprak/en[^"]*)"', shown.get_data(as_text=True)).group(1)
    assert client.get(switch.replace("&amp;", "&")).headers["Location"] == "/"
    # A form that posts to the address of its own page leads back there, referrer or not.
    client.get("/sprak/sv")
    shown = submit(client, "/mina-sidor/e-post", {"email": "", "password": ""})
    switch = re.search(r'href="(/sprak/en[^"]*)"', shown.get_data(as_text=True)).group(1)
    assert client.get(switch.replace("&amp;", "&")).headers["Location"] == "/mina-sidor/e-post"
    # Without a page to go back to (no referrer, or another site's), the start page.
    for headers in ({}, {"Referer": "https://example.com/forslag/1"}):
        shown = submit(client, f"/moderera/forslag/{proposal.id}/anteckning", {"body": ""},
                       form_page=review, headers=headers)
        switch = re.search(r'href="(/sprak/\w\w[^"]*)"', shown.get_data(as_text=True)).group(1)
        assert client.get(switch.replace("&amp;", "&")).headers["Location"] == "/"
