"""Rate limits count the account for what logged-in residents do, and the network address
for what anonymous visitors do: a class behind one school address supports together."""
import pytest

from app.models import Role
from tests.conftest import PASSWORD, AuthActions, submit


def resident_at(app, make_user, address):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    user = make_user(role=Role.RESIDENT)
    assert AuthActions(client).login(user.email).status_code == 302
    return client


def support(client, proposal):
    return submit(client, f"/forslag/{proposal.id}/stod", {},
                  form_page=f"/forslag/{proposal.id}").status_code


@pytest.fixture
def proposals(make_process, make_proposal):
    process = make_process()
    return [make_proposal(process, title=f"Förslag nummer {n} om skolgården")
            for n in range(4)]


def test_residents_behind_one_address_each_have_their_own_support_limit(
        app, make_user, proposals):
    app.config["RATELIMIT_SUPPORT"] = "2 per minute"
    pupils = [resident_at(app, make_user, "10.1.1.1") for _ in range(3)]
    for pupil in pupils:
        assert [support(pupil, p) for p in proposals[:2]] == [302, 302]
    assert support(pupils[0], proposals[2]) == 429


def test_one_account_from_several_addresses_is_counted_once(app, make_user, proposals):
    app.config["RATELIMIT_SUPPORT"] = "2 per minute"
    resident = resident_at(app, make_user, "10.1.1.1")
    assert support(resident, proposals[0]) == 302
    resident.environ_base["REMOTE_ADDR"] = "10.2.2.2"
    assert support(resident, proposals[1]) == 302
    resident.environ_base["REMOTE_ADDR"] = "10.3.3.3"
    assert support(resident, proposals[2]) == 429


def test_reports_are_limited_per_account(app, make_user, proposals):
    app.config["RATELIMIT_REPORT"] = "1 per hour"
    first, second = (resident_at(app, make_user, "10.1.1.1") for _ in range(2))
    for client, expected in ((first, 302), (first, 429), (second, 302)):
        proposal = proposals[0] if client is second else proposals[expected == 429]
        page = f"/forslag/{proposal.id}/anmal"
        assert submit(client, page, {"reason": "off_topic"}).status_code == expected


def test_anonymous_limits_stay_per_address(app, client):
    app.config["RATELIMIT_PASSWORD_RESET"] = "1 per hour"
    assert submit(client, "/glomt-losenord", {"email": "a@example.org"}).status_code == 302
    assert submit(client, "/glomt-losenord", {"email": "b@example.org"}).status_code == 429
    elsewhere = app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "10.9.9.9"
    assert submit(elsewhere, "/glomt-losenord", {"email": "c@example.org"}).status_code == 302


def test_the_same_address_typed_another_way_shares_its_log_in_and_registration_limits(
        app, client, make_user):
    """Full-width letters or an ideographic full stop reach the same account, so they
    count as the same address."""
    app.config["RATELIMIT_LOGIN_ACCOUNT"] = "2 per 15 minutes"
    user = make_user(email="ny.invanare@example.org")
    for typed in ("ny.invanare@example.org", "NY.invanare@ｅxample.org"):
        assert AuthActions(client).login(typed, "fel lösenord").status_code == 200
    assert AuthActions(client).login("ny.invanare@example。org").status_code == 429
    assert AuthActions(client).login(user.email).status_code == 429
    app.config["RATELIMIT_REGISTER_EMAIL"] = "1 per hour"
    fields = {"password": "ett långt lösenord 123", "accept_privacy": "y"}
    assert submit(client, "/registrera", {"email": "grannen@example.org", **fields}
                  ).status_code == 302
    assert submit(client, "/registrera", {"email": "grannen@ｅxample.org", **fields}
                  ).status_code == 429


def test_email_changes_and_passwords_typed_on_my_pages_are_limited(app, make_user):
    """Links to a new address cannot flood someone's inbox, and a password cannot be
    guessed from an open session."""
    app.config.update(RATELIMIT_EMAIL_CHANGE="2 per hour", RATELIMIT_PASSWORD_CHECK="2 per hour")
    resident = resident_at(app, make_user, "10.1.1.1")
    for n, expected in enumerate((302, 302, 429)):
        assert submit(resident, "/mina-sidor/e-post", {
            "email": f"ny{n}@example.net", "password": PASSWORD}).status_code == expected
    for expected in (200, 200, 429):
        assert submit(resident, "/mina-sidor/radera", {"password": "gissning"}
                      ).status_code == expected
