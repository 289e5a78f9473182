"""Staff invited from the admin screens: an account with a password nobody knows, and an
email whose link lets the person choose their own, once, within a week."""
import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEntry, Role, User
from app.services.people import accounts, tokens, users
from tests.conftest import PASSWORD, submit

NEW_PASSWORD = "blå-tekanna-i-vind"
EMAIL = "mona.moderator@example.org"


@pytest.fixture
def admin(login_as):
    return login_as(Role.ADMIN)


def invite(client, **fields):
    return submit(client, "/admin/anvandare/bjud-in",
                  {"email": "Mona.Moderator@Example.org", "display_name": "Mona Moderator",
                   "role": "moderator", **fields})


def stored(app, email=EMAIL):
    with app.app_context():
        return db.session.scalar(select(User).where(User.email == email))


def test_an_administrator_invites_a_moderator_who_chooses_her_own_password(
        app, client, auth, admin, outbox):
    users_page = client.get("/admin/anvandare").get_data(as_text=True)
    assert 'href="/admin/anvandare/bjud-in"' in users_page
    response = invite(client)
    user = stored(app)
    assert response.headers["Location"] == f"/admin/anvandare/{user.id}"
    assert (user.role, user.display_name, user.email_verified_at) == \
        (Role.MODERATOR, "Mona Moderator", None)
    with app.app_context():  # no password anyone knows
        assert users.authenticate(EMAIL, PASSWORD) is None
        assert users.authenticate(EMAIL, "") is None

    # The audit log records who invited whom, by the account's number, not its address.
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "user.invite"))
        assert (entry.actor_id, entry.target_id, entry.target_label, entry.after) == \
            (admin.id, user.id, f"#{user.id}", {"role": "moderator"})

    (mail,) = outbox.to(EMAIL)
    text = mail.get_content()
    assert "med rollen Moderator" in text and "7 dagar" in text and EMAIL in text
    link = outbox.link(EMAIL, "/valj-losenord/")
    page = client.get(f"/admin/anvandare/{user.id}").get_data(as_text=True)
    assert "Inbjuden: personen har inte valt något lösenord än" in page
    assert "Inbjuden, inget lösenord än" in client.get("/admin/anvandare").get_data(
        as_text=True)

    auth.logout()
    welcome = client.get(link).get_data(as_text=True)
    assert "Välj ditt lösenord" in welcome and "med rollen Moderator" in welcome
    weak = submit(client, link, {"password": "qwertyuiop"}).get_data(as_text=True)
    assert "Lösenordet är för vanligt" in weak
    response = submit(client, link, {"password": NEW_PASSWORD})
    assert response.headers["Location"] == "/logga-in"
    assert stored(app).email_verified_at is not None  # the link proved the address
    used = client.get(link)
    assert used.status_code == 400 and "redan använts" in used.get_data(as_text=True)
    assert auth.login(EMAIL, NEW_PASSWORD).status_code == 302
    assert client.get("/moderera/").status_code != 403


def test_only_staff_roles_are_offered_and_an_address_is_invited_once(
        app, client, admin, make_user, outbox):
    form = client.get("/admin/anvandare/bjud-in").get_data(as_text=True)
    offered = re.findall(r'name="role"[^>]*value="([a-z]+)"', form)
    # Every staff role, the controller (who approves follow-ups) too; never a resident.
    assert sorted(offered) == ["admin", "committee", "controller", "moderator"]
    refused = invite(client, role="resident").get_data(as_text=True)
    assert "Inte ett giltigt val" in refused and stored(app) is None
    existing = make_user(email=EMAIL)
    taken = invite(client).get_data(as_text=True)
    assert "Det finns redan ett konto med den e-postadressen" in taken
    assert f'href="/admin/anvandare/{existing.id}"' in taken  # its role is changed there
    assert outbox.to(EMAIL) == []


def test_an_expired_invitation_is_sent_again_and_the_old_link_stops_with_the_new_one(
        app, client, auth, admin, outbox, monkeypatch):
    invite(client, role="committee")
    user = stored(app)
    first = outbox.link(EMAIL, "/valj-losenord/")
    monkeypatch.setitem(tokens.MAX_AGE, "invite", -1)
    assert "har gått ut" in client.get(first).get_data(as_text=True)
    monkeypatch.setitem(tokens.MAX_AGE, "invite", 7 * 24 * 3600)
    page = f"/admin/anvandare/{user.id}"
    response = submit(client, f"{page}/bjud-in-igen", {}, form_page=page)
    assert response.headers["Location"] == page
    assert len(outbox.to(EMAIL)) == 2
    second = outbox.link(EMAIL, "/valj-losenord/")
    auth.logout()
    submit(client, second, {"password": NEW_PASSWORD})
    assert client.get(first).status_code == 400  # the password it was for has changed
    auth.login(stored(app).email, NEW_PASSWORD)
    assert client.get("/ksau/").status_code != 403


def test_the_invitation_service_refuses_anyone_but_an_administrator(app, make_user):
    from app.permissions import PermissionDenied
    moderator = make_user(role=Role.MODERATOR)
    with app.app_context(), app.test_request_context():
        with pytest.raises(PermissionDenied):
            accounts.invite_staff(db.session.get(User, moderator.id), email=EMAIL,
                                  display_name="Mona", role=Role.ADMIN)
    assert stored(app) is None


def test_the_invitation_is_in_swedish_when_the_administrator_reads_english(
        app, client, admin, outbox):
    """The page's language is the administrator's; the mail is in the portal's language,
    every string of it (templates read their catalogue once per rendering)."""
    client.get("/sprak/en")
    page = client.get("/admin/anvandare/bjud-in").get_data(as_text=True)
    assert 'lang="en"' in page and "Invite" in page
    invite(client)
    text = outbox.to(EMAIL)[0].get_content()
    assert text.startswith("Hej Mona Moderator!")
    assert "med rollen Moderator" in text and "7 dagar" in text
    assert "Hello" not in text and "days" not in text
