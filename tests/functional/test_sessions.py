"""Log-ins the server can end: a copied session or remember-me cookie stops working when
its owner logs out, resets or changes the password, is blocked or gets a new role."""
from datetime import timedelta
from urllib.parse import quote

import pytest
from sqlalchemy import select, update

from app.extensions import db
from app.models import LoginSession, Role
from app.models.base import utcnow
from tests.conftest import PASSWORD, AuthActions, csrf_token, submit

NEW_PASSWORD = "sju-blå-tekoppar"


def log_in(app, user, remember=False):
    client = app.test_client()
    data = {"email": user.email, "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    assert submit(client, "/logga-in", data).status_code == 302
    return client


def copy_of(app, client, *names):
    """Another browser holding copies of `client`'s cookies (all, or those named)."""
    thief = app.test_client()
    for name in names or ("session", "remember_token"):
        cookie = client.get_cookie(name)
        if cookie is not None:
            thief.set_cookie(name, cookie.value)
    return thief


def logged_in(client, page="/mina-sidor/"):
    response = client.get(page)
    return response.status_code == 200


def test_a_copied_session_cookie_stops_working_when_its_owner_logs_out(app, make_user):
    admin = make_user(role=Role.ADMIN)
    owner = log_in(app, admin)
    thief = copy_of(app, owner, "session")
    assert logged_in(thief, "/admin/")
    AuthActions(owner).logout()
    assert thief.get("/admin/").status_code == 302  # sent to log in
    assert not logged_in(owner)


def test_the_remember_me_cookie_alone_stops_working_after_log_out(app, make_user):
    admin = make_user(role=Role.ADMIN)
    owner = log_in(app, admin, remember=True)
    thief = copy_of(app, owner, "remember_token")
    assert logged_in(thief, "/admin/")
    AuthActions(owner).logout()
    fresh = copy_of(app, thief, "remember_token")
    assert fresh.get("/admin/").status_code == 302


def test_a_password_reset_ends_every_log_in(app, make_user, outbox):
    resident = make_user()
    earlier = log_in(app, resident, remember=True)
    remembered = copy_of(app, earlier, "remember_token")
    client = app.test_client()
    submit(client, "/glomt-losenord", {"email": resident.email})
    link = outbox.link(resident.email, "/nytt-losenord/")
    assert submit(client, link, {"password": NEW_PASSWORD}).status_code == 302
    assert not logged_in(earlier) and not logged_in(remembered)


def test_a_password_change_ends_the_other_log_ins_and_keeps_this_one(app, make_user):
    resident = make_user()
    phone, laptop = log_in(app, resident), log_in(app, resident, remember=True)
    response = submit(laptop, "/mina-sidor/losenord", {"current_password": PASSWORD,
                                                       "new_password": NEW_PASSWORD})
    assert response.status_code == 302
    assert logged_in(laptop)
    assert not logged_in(phone)


@pytest.mark.parametrize("change", [{"role": "resident", "active": "y"},
                                    {"role": "moderator"}], ids=["new role", "blocked"])
def test_a_role_change_or_a_block_ends_the_accounts_log_ins(app, make_user, change):
    moderator = make_user(role=Role.MODERATOR)
    their_browser = log_in(app, moderator, remember=True)
    assert logged_in(their_browser, "/moderera/")
    admin = log_in(app, make_user(role=Role.ADMIN))
    response = submit(admin, f"/admin/anvandare/{moderator.id}", change)
    assert response.status_code == 302
    assert not logged_in(their_browser)
    assert not logged_in(copy_of(app, their_browser, "remember_token"))


def test_saving_an_account_unchanged_ends_nothing(app, make_user):
    moderator = make_user(role=Role.MODERATOR)
    their_browser = log_in(app, moderator)
    admin = log_in(app, make_user(role=Role.ADMIN))
    submit(admin, f"/admin/anvandare/{moderator.id}", {"role": "moderator", "active": "y"})
    assert logged_in(their_browser, "/moderera/")


def test_my_pages_list_the_log_ins_and_log_out_everywhere_ends_them_all(app, make_user):
    resident = make_user()
    phone = log_in(app, resident)
    laptop = app.test_client()
    laptop.environ_base["HTTP_USER_AGENT"] = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; "
                                              "rv:133.0) Gecko/20100101 Firefox/133.0")
    submit(laptop, "/logga-in", {"email": resident.email, "password": PASSWORD})
    html = laptop.get("/mina-sidor/").get_data(as_text=True)
    assert "Där du är inloggad" in html and "Firefox, Windows" in html
    assert html.count("(den här enheten)") == 1
    response = submit(laptop, "/mina-sidor/logga-ut-overallt", {}, form_page="/mina-sidor/")
    assert response.status_code == 302 and response.headers["Location"] == "/logga-in"
    assert not logged_in(laptop) and not logged_in(phone)
    with app.app_context():
        assert db.session.scalars(select(LoginSession)).all() == []


def test_a_log_in_left_unused_for_a_day_has_ended(app, make_user):
    resident = make_user()
    browser = log_in(app, resident)
    assert logged_in(browser)
    with app.app_context():
        db.session.execute(update(LoginSession).values(
            last_seen_at=utcnow() - timedelta(days=1, minutes=1)))
        db.session.commit()
    assert not logged_in(browser)


def test_the_cookie_secret_is_not_stored(app, make_user):
    resident = make_user()
    browser = log_in(app, resident, remember=True)
    with app.app_context():
        row = db.session.scalar(select(LoginSession))
    secret = browser.get_cookie("remember_token").value.split("|")[0].split(":")[-1]
    assert len(secret) > 30 and secret not in row.secret_hash


def test_deleting_the_account_ends_its_log_ins(app, make_user):
    resident = make_user()
    other_device = log_in(app, resident)
    this_device = log_in(app, resident)
    submit(this_device, "/mina-sidor/radera", {"password": PASSWORD})
    assert not logged_in(other_device)


def test_a_form_sent_after_the_log_in_ended_comes_back_to_its_page_after_logging_in(
        app, make_user, make_process, make_proposal):
    """Its own address takes only a POST: after logging in the resident is back on the
    page the button was on, not on a "cannot be used that way" page. Logging out then
    logs out, without asking to log in first."""
    resident = make_user()
    proposal = make_proposal(make_process())
    browser = log_in(app, resident)
    page = f"/forslag/{proposal.id}"
    token = csrf_token(browser, page)
    with app.app_context():
        db.session.execute(update(LoginSession).values(
            last_seen_at=utcnow() - timedelta(days=1, minutes=1)))
        db.session.commit()
    sent = browser.post(f"/forslag/{proposal.id}/stod", data={"csrf_token": token},
                        headers={"Referer": f"http://localhost{page}?sida=2"})
    assert sent.status_code == 302
    assert sent.headers["Location"] == f"/logga-in?next={quote(page + '?sida=2', safe='/?')}"
    back = submit(browser, sent.headers["Location"], {"email": resident.email,
                                                      "password": PASSWORD})
    assert back.headers["Location"] == f"{page}?sida=2"
    with app.app_context():
        db.session.execute(update(LoginSession).values(
            last_seen_at=utcnow() - timedelta(days=1, minutes=1)))
        db.session.commit()
    out = browser.post("/logga-ut", data={"csrf_token": token})
    assert out.status_code == 302 and out.headers["Location"] == "/"
    assert "Du är utloggad." in browser.get("/").get_data(as_text=True)


def test_a_next_address_with_a_line_break_goes_to_the_start_page(client, make_user):
    user = make_user()
    for unsafe in ("/mina-sidor/%0d", "/a%0ab", "/x%09y"):
        assert client.get(f"/sprak/en?next={unsafe}").headers["Location"] == "/"
        response = submit(client, f"/logga-in?next={unsafe}",
                          {"email": user.email, "password": PASSWORD})
        assert response.status_code == 302 and response.headers["Location"] == "/"
        AuthActions(client).logout()
