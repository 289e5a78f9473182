"""Registering, confirming the email address, and what bad input gets."""
import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import User
from app.services import tokens
from tests.conftest import PASSWORD, submit

FIELDS = {"email": "Ingrid.Invanare@Example.org", "password": PASSWORD,
          "display_name": "Ingrid", "accept_privacy": "y", "website": ""}


def register(client, **overrides):
    return submit(client, "/registrera", {**FIELDS, **overrides})


def users(app):
    with app.app_context():
        return db.session.scalars(select(User)).all()


def test_register_confirm_and_the_account_is_verified(app, client, outbox):
    response = register(client)
    assert response.status_code == 302 and response.headers["Location"] == "/mina-sidor/"
    [user] = users(app)
    assert user.email == "ingrid.invanare@example.org"
    assert user.privacy_accepted_at is not None and not user.is_verified
    assert user.password_hash != PASSWORD and PASSWORD not in user.password_hash
    page = client.get("/mina-sidor/").get_data(as_text=True)
    assert "Din e-postadress är inte bekräftad ännu" in page
    [mail] = outbox.to(user.email)
    assert mail["Subject"] == "Bekräfta din e-postadress"
    assert PASSWORD not in mail.get_content()

    response = client.get(outbox.link(user.email, "/bekrafta/"))
    assert response.status_code == 302
    assert users(app)[0].is_verified
    assert "Tack! Din e-postadress är bekräftad." in client.get("/mina-sidor/").get_data(
        as_text=True)


def test_a_confirmation_link_works_once(app, client, outbox):
    register(client)
    link = outbox.link("ingrid.invanare@example.org", "/bekrafta/")
    assert client.get(link).status_code == 302
    again = client.get(link)
    assert again.status_code == 400
    assert "redan använts" in again.get_data(as_text=True)


def test_forged_and_expired_confirmation_links_are_refused(app, client, outbox, monkeypatch):
    register(client)
    link = outbox.link("ingrid.invanare@example.org", "/bekrafta/")
    forged = client.get(link[:-3] + "abc")
    assert forged.status_code == 400 and "inte giltig" in forged.get_data(as_text=True)
    monkeypatch.setitem(tokens.MAX_AGE, "verify", -1)
    expired = client.get(link)
    assert expired.status_code == 400 and "har gått ut" in expired.get_data(as_text=True)
    assert not users(app)[0].is_verified


def test_a_new_confirmation_link_can_be_asked_for(client, outbox):
    register(client)
    response = submit(client, "/bekrafta-igen", {}, form_page="/mina-sidor/")
    assert response.status_code == 302
    assert len(outbox.to("ingrid.invanare@example.org")) == 2


@pytest.mark.parametrize("overrides, message", [
    ({"email": "inte-en-adress"}, "Skriv en giltig e-postadress"),
    ({"email": ""}, "Skriv din e-postadress."),
    ({"password": "kort"}, "Lösenordet måste ha minst 10 tecken."),
    ({"password": "password123"}, "Lösenordet är för vanligt"),
    ({"password": "lösenord2024"}, "Lösenordet är för vanligt"),
    ({"accept_privacy": ""}, "Du behöver godkänna hur vi hanterar dina personuppgifter."),
    ({"display_name": "x" * 81}, "Högst 80 tecken."),
])
def test_bad_input_is_explained_and_what_was_typed_is_kept(app, client, overrides, message):
    response = register(client, **overrides)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in html
    if "display_name" not in overrides:
        assert 'value="Ingrid"' in html
    assert PASSWORD not in html  # never the password
    assert users(app) == []


def test_an_email_address_is_registered_once_whatever_its_case(app, client, make_user):
    make_user(email="ingrid.invanare@example.org")
    html = register(client).get_data(as_text=True)
    assert "Det finns redan ett konto med den e-postadressen." in html
    assert len(users(app)) == 1


def test_the_honeypot_filled_in_refuses_the_form(app, client, outbox):
    response = register(client, website="http://spam.example")
    assert response.status_code == 400
    assert users(app) == [] and outbox.messages() == []


def test_registration_is_rate_limited_per_address(app, client):
    app.config["RATELIMIT_REGISTER"] = "2 per hour"
    register(client, email="a@example.org")
    submit(client, "/logga-ut", {}, form_page="/")
    register(client, email="b@example.org")
    submit(client, "/logga-ut", {}, form_page="/")
    response = register(client, email="c@example.org")
    assert response.status_code == 429
    assert "För många försök" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 2


def test_registration_survives_a_mail_server_that_is_down(app, client):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=1, MAIL_USE_TLS=False)
    response = register(client)
    assert response.status_code == 302
    assert len(users(app)) == 1
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "bekräftelsemeddelandet kunde inte skickas" in html


def test_the_registration_page_says_what_becomes_a_public_record(client):
    html = client.get("/registrera").get_data(as_text=True)
    assert "allmän handling" in html and 'href="/integritet"' in html


def test_every_field_error_is_shown_at_once(app, client):
    html = register(client, email="fel", password="").get_data(as_text=True)
    assert "Skriv en giltig e-postadress" in html and "Välj ett lösenord." in html
    assert 'value="fel"' in html
