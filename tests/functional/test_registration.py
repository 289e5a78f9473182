"""Registering, confirming the email address, and what bad input gets."""
import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import User
from app.services.people import tokens
from tests.conftest import PASSWORD, submit

FIELDS = {"email": "Ingrid.Invanare@Example.org", "password": PASSWORD,
          "display_name": "Ingrid", "accept_privacy": "y", "website": ""}


def register(client, **overrides):
    return submit(client, "/registrera", {**FIELDS, **overrides})


def users(app):
    with app.app_context():
        return db.session.scalars(select(User)).all()


def test_register_confirm_log_in_and_the_account_is_verified(app, client, auth, outbox):
    response = register(client)
    assert response.status_code == 302 and response.headers["Location"] == "/registrera/skickat"
    html = client.get("/registrera/skickat").get_data(as_text=True)
    assert "Vi har skickat ett meddelande till Ingrid.Invanare@Example.org." in html
    assert "Mina sidor" not in html  # not logged in: the page is the same for every address
    [user] = users(app)
    assert user.email == "ingrid.invanare@example.org"
    assert user.privacy_accepted_at is not None and not user.is_verified
    assert user.password_hash != PASSWORD and PASSWORD not in user.password_hash
    [mail] = outbox.to(user.email)
    assert mail["Subject"] == "Bekräfta din e-postadress"
    assert PASSWORD not in mail.get_content()

    response = client.get(outbox.link(user.email, "/bekrafta/"))
    assert response.status_code == 302 and response.headers["Location"] == "/logga-in"
    assert users(app)[0].is_verified
    assert "Tack! Din e-postadress är bekräftad." in client.get("/logga-in").get_data(
        as_text=True)
    assert auth.login(user.email).status_code == 302
    assert "Din e-postadress är inte bekräftad ännu" not in client.get(
        "/mina-sidor/").get_data(as_text=True)


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


def test_a_new_confirmation_link_can_be_asked_for(client, auth, outbox):
    register(client)
    auth.login("ingrid.invanare@example.org")
    assert "Din e-postadress är inte bekräftad ännu" in client.get("/mina-sidor/").get_data(
        as_text=True)
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


def test_a_known_address_gets_the_same_answer_and_its_owner_an_email(
        app, client, outbox, make_user):
    """Registration tells no one whether an address has an account: the answer is the
    same, and the account's owner is told by email, with a way to log in."""
    make_user(email="ingrid.invanare@example.org", display_name="Ingrid")
    known = register(client)
    known_page = client.get("/registrera/skickat").get_data(as_text=True)
    other = app.test_client()
    new = register(other, email="Ny.Person@Example.org")
    new_page = other.get("/registrera/skickat").get_data(as_text=True)
    assert (known.status_code, known.headers["Location"]) == \
        (new.status_code, new.headers["Location"])
    assert _without_tokens(known_page.replace("Ingrid.Invanare@Example.org", "X")) == \
        _without_tokens(new_page.replace("Ny.Person@Example.org", "X"))
    assert len(users(app)) == 2  # the known address still has one account
    [mail] = outbox.to("ingrid.invanare@example.org")
    assert mail["Subject"] == "Du har redan ett konto"
    assert "inget nytt skapades" in mail.get_content()
    reset = outbox.link("ingrid.invanare@example.org", "/nytt-losenord/")
    assert client.get(reset).status_code == 200


def test_a_blocked_account_is_told_to_contact_the_municipality(app, client, outbox, make_user):
    blocked = make_user(email="ingrid.invanare@example.org")
    with app.app_context():
        db.session.get(User, blocked.id).active = False
        db.session.commit()
    assert register(client).headers["Location"] == "/registrera/skickat"
    [mail] = outbox.to("ingrid.invanare@example.org")
    assert "Kontot är spärrat" in mail.get_content() and "/nytt-losenord/" not in \
        mail.get_content()


def _without_tokens(html):
    return re.sub(r'name="csrf_token"[^>]*>', "", html)


def test_the_honeypot_filled_in_refuses_the_form(app, client, outbox):
    response = register(client, website="http://spam.example")
    assert response.status_code == 400
    assert users(app) == [] and outbox.messages() == []


def test_registration_is_limited_per_network_address_counting_only_what_was_sent(app, client):
    """Behind one address sit a library's computers: a typing mistake must not use up the
    next person's attempt, but sent registrations count."""
    app.config["RATELIMIT_REGISTER"] = "2 per hour"
    for _mistake in range(4):
        assert register(client, password="kort").status_code == 200
    assert register(client, email="a@example.org").status_code == 302
    assert register(client, email="b@example.org").status_code == 302
    response = register(client, email="c@example.org")
    assert response.status_code == 429
    assert "För många försök" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 2


def test_no_ones_inbox_can_be_flooded_by_registering_their_address(app, client, outbox):
    app.config["RATELIMIT_REGISTER_EMAIL"] = "2 per hour"
    for _attempt in range(2):
        assert register(client).status_code == 302
    assert register(client).status_code == 429
    assert register(client, email="annan@example.org").status_code == 302
    assert len(outbox.to("ingrid.invanare@example.org")) == 2


def test_registration_survives_a_mail_server_that_is_down(app, client):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=1, MAIL_USE_TLS=False)
    response = register(client)
    assert response.status_code == 302
    assert len(users(app)) == 1
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "kunde inte skickas just nu" in html


def test_the_registration_page_says_what_becomes_a_public_record(client):
    html = client.get("/registrera").get_data(as_text=True)
    assert "allmän handling" in html and 'href="/integritet"' in html


def test_every_field_error_is_shown_at_once(app, client):
    html = register(client, email="fel", password="").get_data(as_text=True)
    assert "Skriv en giltig e-postadress" in html and "Välj ett lösenord." in html
    assert 'value="fel"' in html


def test_every_problem_of_a_registration_is_shown_at_once(client):
    """A wrong address, the privacy box unticked, a short password and a name taken for
    the municipality's: all four at their fields in one answer, not one per round."""
    html = submit(client, "/registrera", {"email": "inte-en-adress", "password": "kort",
                                          "display_name": "Kommunen"}).get_data(as_text=True)
    for field in ("email", "accept_privacy", "password", "display_name"):
        assert f'id="{field}-error"' in html, field
    html = submit(client, "/registrera", {"email": "ny@example.org", "password": "kort"}
                  ).get_data(as_text=True)
    assert 'id="accept_privacy-error"' in html and 'id="password-error"' in html
