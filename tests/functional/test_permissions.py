"""Every route declares who may enter, and each role gets exactly that."""
import pytest
from flask_login import AnonymousUserMixin
from sqlalchemy import select

from app.extensions import db
from app.models import Phase, Role, User
from app.permissions import AUTHENTICATED, PUBLIC, Permission, access_rule, allows, role_has
from tests.conftest import routes, submit, url_for_rule

ROLES = [None, *Role]  # None: not logged in

# The decision for each blueprint; a new route outside these needs a line here.
EXPECTED_RULES = {
    "public": PUBLIC,
    "auth": PUBLIC,
    "account": AUTHENTICATED,
    "proposals": AUTHENTICATED,
    "comments": AUTHENTICATED,
    "admin": Permission.MANAGE_PROCESSES,
    "moderation": Permission.MODERATE,
    "summary": Permission.VIEW_SUMMARY,
    "goals": Permission.DRAFT_GOALS,
    "boards": Permission.MANAGE_PROCESSES,
    "followup": Permission.FOLLOW_UP,
    "reach": Permission.VIEW_SUMMARY,
}
# Pages only the proposal's author may open: the sample proposal is someone else's.
AUTHOR_ONLY = {"proposals.edit", "proposals.compare", "proposals.preview",
               "proposals.withdraw", "proposals.discard"}
EXPECTED_ENDPOINT_RULES = {
    "auth.logout": PUBLIC,  # logging out after the log-in has ended logs out too
    "proposals.index": PUBLIC,
    "proposals.show": PUBLIC,
    "auth.resend_verification": AUTHENTICATED,
    "admin.list_users": Permission.MANAGE_USERS,
    "admin.edit_user": Permission.MANAGE_USERS,
    "admin.invite_user": Permission.MANAGE_USERS,
    "admin.resend_invitation": Permission.MANAGE_USERS,
    "reach.about_you": AUTHENTICATED,
    "reach.plan_visit": Permission.MODERATE,
    "reach.edit_visit": Permission.MODERATE,
    "reach.questions": Permission.MANAGE_PROCESSES,
    "reach.population_figures": Permission.MANAGE_PROCESSES,
    "reach.population_template": Permission.MANAGE_PROCESSES,
}


def rule_of(app, rule):
    return access_rule(app.view_functions[rule.endpoint])


def test_every_route_has_the_access_rule_decided_for_it(app):
    for rule in routes(app):
        blueprint = rule.endpoint.split(".")[0]
        expected = EXPECTED_ENDPOINT_RULES.get(rule.endpoint, EXPECTED_RULES.get(blueprint))
        assert expected is not None, f"no access decision recorded for {rule.endpoint}"
        assert rule_of(app, rule) == expected, rule.endpoint


def test_only_administrators_manage_processes_and_users():
    for permission in (Permission.MANAGE_PROCESSES, Permission.MANAGE_USERS):
        assert [role for role in Role if role_has(role, permission)] == [Role.ADMIN]


def test_committee_moderators_and_administrators_read_the_summary():
    assert [role for role in Role if role_has(role, Permission.VIEW_SUMMARY)] == \
        [Role.MODERATOR, Role.COMMITTEE, Role.ADMIN, Role.CONTROLLER]


def test_committee_members_and_administrators_draft_the_goals():
    assert [role for role in Role if role_has(role, Permission.DRAFT_GOALS)] == \
        [Role.COMMITTEE, Role.ADMIN]


def test_controllers_and_administrators_follow_the_goals_up_and_no_one_else():
    assert [role for role in Role if role_has(role, Permission.FOLLOW_UP)] == \
        [Role.ADMIN, Role.CONTROLLER]


def test_moderators_and_administrators_moderate_and_no_one_else():
    assert [role for role in Role if role_has(role, Permission.MODERATE)] == \
        [Role.MODERATOR, Role.ADMIN]


def _log_in(auth, make_user, role):
    if role is None:
        return AnonymousUserMixin()
    user = make_user(role=role)
    auth.login(user.email)
    return User(role=role, active=True)


@pytest.mark.parametrize("role", ROLES, ids=lambda r: str(r or "anonymous"))
def test_each_role_reaches_exactly_the_pages_its_rules_allow(app, client, auth, make_user,
                                                             url_values, role):
    user = _log_in(auth, make_user, role)
    for rule in routes(app):
        if "GET" not in rule.methods:
            continue
        url = url_for_rule(rule, url_values)
        response = client.get(url)
        sent_to_login = response.status_code == 302 and \
            response.headers["Location"].startswith("/logga-in")
        if allows(rule_of(app, rule), user) and rule.endpoint in AUTHOR_ONLY:
            assert response.status_code == 403, f"{role} is not the author of {url}"
        elif allows(rule_of(app, rule), user):
            assert response.status_code not in (401, 403) and not sent_to_login, \
                f"{role} should reach {url}, got {response.status_code}"
        elif role is None:
            assert sent_to_login, f"anonymous visitor not sent to log in from {url}"
        else:
            assert response.status_code == 403, f"{role} must not reach {url}"


@pytest.mark.parametrize("role", ROLES, ids=lambda r: str(r or "anonymous"))
def test_each_role_is_refused_the_actions_its_rules_forbid(app, client, auth, make_user,
                                                           url_values, role):
    user = _log_in(auth, make_user, role)
    for rule in routes(app):
        if "POST" not in rule.methods or allows(rule_of(app, rule), user):
            continue
        url = url_for_rule(rule, url_values)
        response = submit(client, url, {"name": "Intrång"}, form_page="/logga-in")
        expected = 302 if role is None else 403
        assert response.status_code == expected, f"{role} posted to {url}"
    with app.app_context():
        assert db.session.scalar(select(Phase).where(Phase.name == "Intrång")) is None
