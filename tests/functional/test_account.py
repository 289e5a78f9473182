"""Mina sidor and the links that change an account: reset, change email, export, delete."""
import json
import uuid

import pytest
import redis
from sqlalchemy import select

from app import create_app
from app.extensions import db
from app.models import Role, User
from app.services.people import tokens
from tests.conftest import PASSWORD, submit
from tests.support.config import config_for

NEW_PASSWORD = "blå-tekanna-i-vind"


def user_row(app, user_id):
    with app.app_context():
        return db.session.get(User, user_id)


# Password reset

def test_reset_the_password_from_the_mailed_link(app, client, auth, make_user, outbox):
    user = make_user()
    response = submit(client, "/glomt-losenord", {"email": user.email.upper()})
    assert response.status_code == 302
    link = outbox.link(user.email, "/nytt-losenord/")
    assert PASSWORD not in outbox.to(user.email)[0].get_content()
    response = submit(client, link, {"password": NEW_PASSWORD})
    assert response.status_code == 302
    assert auth.login(user.email, PASSWORD).status_code == 200  # the old one is gone
    assert auth.login(user.email, NEW_PASSWORD).status_code == 302


def test_a_reset_link_works_once_and_not_after_it_expires(app, client, make_user, outbox,
                                                          monkeypatch):
    user = make_user()
    submit(client, "/glomt-losenord", {"email": user.email})
    link = outbox.link(user.email, "/nytt-losenord/")
    monkeypatch.setitem(tokens.MAX_AGE, "reset", -1)
    assert "har gått ut" in client.get(link).get_data(as_text=True)
    monkeypatch.setitem(tokens.MAX_AGE, "reset", 3600)
    submit(client, link, {"password": NEW_PASSWORD})
    reused = client.get(link)
    assert reused.status_code == 400 and "redan använts" in reused.get_data(as_text=True)


def test_a_weak_new_password_is_explained(client, make_user, outbox):
    user = make_user()
    submit(client, "/glomt-losenord", {"email": user.email})
    link = outbox.link(user.email, "/nytt-losenord/")
    html = submit(client, link, {"password": "qwertyuiop"}).get_data(as_text=True)
    assert "Lösenordet är för vanligt" in html


def test_unknown_email_gets_the_same_answer_and_no_mail(client, outbox):
    response = submit(client, "/glomt-losenord", {"email": "ingen@example.org"})
    assert response.status_code == 302
    assert "Om det finns ett konto för ingen@example.org" in client.get(
        response.headers["Location"]).get_data(as_text=True)
    assert outbox.messages() == []


# Failed log-ins slow down, per account and per address

def test_repeated_wrong_passwords_lock_the_account_for_a_while(app, client, auth, make_user):
    app.config["RATELIMIT_LOGIN_ACCOUNT"] = "3 per 15 minutes"
    user = make_user()
    for _ in range(3):
        assert auth.login(user.email, "fel-lösenord-1").status_code == 200
    locked = auth.login(user.email, PASSWORD)
    assert locked.status_code == 429
    assert "För många försök" in locked.get_data(as_text=True)
    other = make_user()
    assert auth.login(other.email).status_code == 302  # other accounts are not affected


def test_failures_across_accounts_from_one_address_are_limited(app, client, auth, make_user):
    app.config["RATELIMIT_LOGIN_ADDRESS"] = "4 per 15 minutes"
    for n in range(4):
        auth.login(f"gissning-{n}@example.org", "fel-lösenord-1")
    assert auth.login(make_user().email).status_code == 429


def test_successful_log_ins_do_not_count(app, client, auth, make_user):
    app.config["RATELIMIT_LOGIN_ACCOUNT"] = "2 per 15 minutes"
    user = make_user()
    for _ in range(4):
        assert auth.login(user.email).status_code == 302
        auth.logout()


def test_limits_are_shared_between_app_servers_through_redis(database_url, make_user, tmp_path):
    """Two app servers with one Redis count failed log-ins together: the counts live in
    Redis, not in either process."""
    prefix = uuid.uuid4().hex
    config = config_for(database_url, RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/15",
                        RATELIMIT_KEY_PREFIX=prefix,
                        RATELIMIT_LOGIN_ACCOUNT="2 per 15 minutes",
                        MAIL_OUTBOX=str(tmp_path))
    user = make_user()
    first, second = (create_app(config).test_client() for _ in range(2))
    submit(first, "/logga-in", {"email": user.email, "password": "fel-lösenord-1"})
    submit(second, "/logga-in", {"email": user.email, "password": "fel-lösenord-1"})
    counts = redis.Redis(port=6379, db=15)
    [key] = counts.keys(f"*{prefix}*login:{user.email}*")
    assert int(counts.get(key)) == 2
    response = submit(first, "/logga-in", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 429


# Mina sidor

def test_my_pages_show_my_details_and_change_them(app, client, login_as):
    user = login_as(Role.RESIDENT)
    html = client.get("/mina-sidor/").get_data(as_text=True)
    assert user.email in html and "Invånare" in html
    response = submit(client, "/mina-sidor/uppgifter", {"display_name": "  Ingrid  "})
    assert response.status_code == 302
    assert user_row(app, user.id).display_name == "Ingrid"


def change(client, current, new):
    return submit(client, "/mina-sidor/losenord",
                  {"current_password": current, "new_password": new})


def test_change_password(app, client, auth, login_as):
    user = login_as(Role.RESIDENT)
    html = change(client, "fel-lösenord-1", NEW_PASSWORD).get_data(as_text=True)
    assert "Lösenordet är fel." in html and NEW_PASSWORD not in html
    html = change(client, PASSWORD, "1234567890").get_data(as_text=True)
    assert "Lösenordet är för vanligt" in html
    response = change(client, PASSWORD, NEW_PASSWORD)
    assert response.status_code == 302
    auth.logout()
    assert auth.login(user.email, NEW_PASSWORD).status_code == 302


def change_email(client, email, password):
    return submit(client, "/mina-sidor/e-post", {"email": email, "password": password})


def test_change_email_takes_effect_when_the_new_address_confirms(app, client, login_as,
                                                                 make_user, outbox):
    user = login_as(Role.RESIDENT)
    taken = make_user(email="upptagen@example.org")
    # An address with an account is answered as any other: its owner is told instead.
    response = change_email(client, taken.email, PASSWORD)
    assert response.status_code == 302
    assert "Vi har skickat en länk till upptagen@example.org" in client.get(
        response.headers["Location"]).get_data(as_text=True)
    [note] = outbox.to(taken.email)
    assert "redan ett konto" in note.get_content() and "/bekrafta-ny-adress/" not in \
        note.get_content()
    html = change_email(client, "ny@example.org", "fel-lösenord-1").get_data(as_text=True)
    assert "Lösenordet är fel." in html and 'value="ny@example.org"' in html
    response = change_email(client, "Ny@Example.org", PASSWORD)
    assert response.status_code == 302
    assert user_row(app, user.id).email == user.email  # not until confirmed
    link = outbox.link("ny@example.org", "/bekrafta-ny-adress/")
    assert client.get(link).status_code == 302
    assert user_row(app, user.id).email == "ny@example.org"
    assert client.get(link).status_code == 400  # used


def test_download_everything_stored_about_me(client, login_as):
    user = login_as(Role.RESIDENT)
    response = client.get("/mina-sidor/mina-uppgifter.json")
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == user.email
    assert data["account"]["privacy_accepted_at"] is None
    assert "password" not in response.get_data(as_text=True)


def test_delete_my_account_keeps_the_row_without_personal_data(app, client, auth, login_as):
    user = login_as(Role.RESIDENT)
    html = submit(client, "/mina-sidor/radera", {"password": "fel-lösenord-1"}
                  ).get_data(as_text=True)
    assert "Lösenordet är fel." in html
    response = submit(client, "/mina-sidor/radera", {"password": PASSWORD})
    assert response.status_code == 302
    assert "Ditt konto är raderat." in client.get("/").get_data(as_text=True)
    row = user_row(app, user.id)
    assert row.is_deleted and user.email not in row.email and row.display_name is None
    with app.test_request_context():
        assert row.public_name() == "Borttagen användare"
    assert auth.login(user.email).status_code == 200
    assert submit(client, "/registrera", {"email": user.email, "password": PASSWORD,
                                          "accept_privacy": "y"}).status_code == 302


def test_deleting_the_account_takes_back_open_supports_and_deletes_drafts(
        app, client, login_as, make_process, make_proposal):
    """Where supporting is still open the supports are taken back, so the address that
    registers again is counted once; where it has ended they stay, pointing to no one. A
    draft, never sent, goes."""
    from datetime import timedelta

    from app.models import Phase, PhaseKind, Proposal, Support
    from app.models.base import utcnow
    from app.services.participation import supports
    ended, still_open = make_process(), None
    earlier = make_proposal(ended, title="Fler bänkar längs ån")
    user = login_as(Role.RESIDENT)
    with app.app_context():
        supports.cast_support(db.session.get(User, user.id),
                              db.session.get(Proposal, earlier.id), utcnow())
    with app.app_context():  # an earlier process: its dialogue ended before this one began
        dialogue = db.session.scalar(select(Phase).where(Phase.process_id == ended.id,
                                                         Phase.kind == PhaseKind.DIALOGUE))
        dialogue.starts_at = utcnow() - timedelta(days=60)
        dialogue.ends_at = utcnow() - timedelta(days=8)
        db.session.commit()
    still_open = make_process()
    backed = make_proposal(still_open, title="Säkrare cykelväg till skolan")
    draft = make_proposal(still_open, title="Mitt hemliga utkast om Storgatan 3",
                          author=user, publish=False)
    with app.app_context():
        supports.cast_support(db.session.get(User, user.id),
                              db.session.get(Proposal, backed.id), utcnow())
    assert submit(client, "/mina-sidor/radera", {"password": PASSWORD}).status_code == 302
    with app.app_context():
        assert db.session.get(Proposal, draft.id) is None
        assert db.session.get(Proposal, backed.id).supports_count == 0
        assert db.session.get(Proposal, earlier.id).supports_count == 1
        assert db.session.scalars(select(Support.user_id)).all() == [None]
    again = app.test_client()
    assert submit(again, "/registrera", {"email": user.email, "password": PASSWORD,
                                         "accept_privacy": "y"}).status_code == 302
    with app.app_context():
        newcomer = db.session.scalar(select(User).where(User.email == user.email))
        newcomer.email_verified_at = utcnow()
        db.session.commit()
        supports.cast_support(newcomer, db.session.get(Proposal, backed.id), utcnow())
        assert db.session.get(Proposal, backed.id).supports_count == 1


# Administrators and roles

@pytest.fixture
def admin(login_as):
    return login_as(Role.ADMIN)


def test_admin_finds_a_user_and_makes_them_moderator(app, client, admin, make_user):
    resident = make_user(email="maja@example.org", display_name="Maja")
    make_user(email="annan@example.org")
    html = client.get("/admin/anvandare?q=maja").get_data(as_text=True)
    assert "maja@example.org" in html and "annan@example.org" not in html
    response = submit(client, f"/admin/anvandare/{resident.id}",
                      {"role": "moderator", "active": "y"})
    assert response.status_code == 302
    assert user_row(app, resident.id).role == Role.MODERATOR


def test_admin_lists_the_staff_of_one_role(app, client, admin, make_user):
    """Staff are not lost among the residents; a junk role lists everyone."""
    make_user(email="maja@example.org", role=Role.MODERATOR)
    make_user(email="bo@example.org")
    html = client.get("/admin/anvandare?roll=moderator").get_data(as_text=True)
    assert "maja@example.org" in html and "bo@example.org" not in html
    assert '<option value="moderator" selected>' in html
    everyone = client.get("/admin/anvandare?roll=superuser").get_data(as_text=True)
    assert "maja@example.org" in everyone and "bo@example.org" in everyone


def test_a_blocked_account_cannot_log_in(app, client, auth, admin, make_user):
    resident = make_user()
    submit(client, f"/admin/anvandare/{resident.id}", {"role": "resident"})
    auth.logout()
    assert auth.login(resident.email).status_code == 200


def test_admin_cannot_remove_their_own_admin_role(app, client, admin):
    html = submit(client, f"/admin/anvandare/{admin.id}", {"role": "resident", "active": "y"}
                  ).get_data(as_text=True)
    assert "Du kan inte ta bort din egen administratörsroll" in html
    assert user_row(app, admin.id).role == Role.ADMIN


def test_an_unknown_role_is_refused(app, client, admin, make_user):
    resident = make_user()
    html = submit(client, f"/admin/anvandare/{resident.id}", {"role": "superuser"}
                  ).get_data(as_text=True)
    assert "Inte ett giltigt val" in html
    assert user_row(app, resident.id).role == Role.RESIDENT


def test_deleted_accounts_are_not_listed(app, client, admin, make_user):
    gone = make_user(email="borta@example.org")
    with app.app_context():
        db.session.get(User, gone.id).deleted_at = db.session.get(User, gone.id).created_at
        db.session.commit()
    assert "borta@example.org" not in client.get("/admin/anvandare").get_data(as_text=True)
    assert client.get(f"/admin/anvandare/{gone.id}").status_code == 404


def test_the_role_service_itself_refuses_a_non_administrator(app, make_user):
    from app.permissions import PermissionDenied
    from app.services.people import users
    moderator, resident = make_user(role=Role.MODERATOR), make_user()
    with app.app_context():
        acting = db.session.get(User, moderator.id)
        with pytest.raises(PermissionDenied):
            users.set_role(acting, db.session.get(User, resident.id), role=Role.ADMIN,
                           active=True)
        assert db.session.get(User, resident.id).role == Role.RESIDENT


def test_a_display_name_that_could_pass_for_the_municipality_is_refused(
        app, client, login_as):
    """A comment signed "Kommunen" would read as the municipality's own: such names, and
    the portal's own words for residents and deleted accounts, are refused at the field,
    with what was typed kept."""
    fields = {"email": "ny@example.org", "password": PASSWORD, "accept_privacy": "y"}
    for name in ("Kommunen", "  KOMMUNEN ", "Exempelkommun info", "Borttagen användare",
                 "Invånare", "ｋｏｍｍｕｎｅｎ"):
        html = submit(client, "/registrera", {**fields, "display_name": name}
                      ).get_data(as_text=True)
        assert "Välj ett annat namn" in html and 'aria-invalid="true"' in html, name
    user = login_as(Role.RESIDENT)
    html = submit(client, "/mina-sidor/uppgifter", {"display_name": "Kommunstyrelsen"}
                  ).get_data(as_text=True)
    assert "Välj ett annat namn" in html and 'value="Kommunstyrelsen"' in html
    assert submit(client, "/mina-sidor/uppgifter", {"display_name": "Maja Lind"}
                  ).status_code == 302
    assert user_row(app, user.id).display_name == "Maja Lind"
