"""Rate limits count the account for what logged-in residents do, and the network address
for what anonymous visitors do: a class behind one school address supports together."""
import pytest

from app.models import Role
from tests.conftest import AuthActions, submit


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
