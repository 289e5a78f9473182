"""No address and no form gives a 500: every route in the URL map, as every role, with
hostile values in each path parameter, each query parameter the app reads and each form
field it knows."""
import pathlib
import re
from urllib.parse import quote

import pytest
from flask_login import AnonymousUserMixin
from flask_wtf import FlaskForm
from wtforms.fields.core import UnboundField

from app.models import Role, User
from app.permissions import access_rule, allows
from app.paths import PROJECT_ROOT
from tests.conftest import csrf_token, routes, url_for_rule

# Too large for the database's integers (2^63, 2^31), negative, zero, text, NUL, markup.
SHORT = ["9223372036854775808", "2147483648", "-1", "0", "x'; DROP TABLE users; --",
         "a\x00b", "1e309", " ", "<script>alert(1)</script>"]
LONG = ["9" * 10_000, "å" * 10_000]
PATH_VALUES = ["9223372036854775808", "2147483648", "-1", "x'; --", "\x00", *LONG]
# Every field long at once, but within the forms' size limit, so the views read them.
LONG_FORM = ["9" * 3_000, "å" * 500]
ROLES = [None, *Role]
# Ending the session would make the rest of the walk anonymous; it is walked on its own.
LAST = {"auth.logout"}

_READS = re.compile(r"(?:int_arg|date_arg|request\.args\.get(?:list)?|request\.form\.get(?:list)?)"
                    r"\(\s*\"([^\"]+)\"")


def _names_read_from_requests():
    """Every query and form parameter the code reads by name."""
    names = set()
    for path in pathlib.Path(PROJECT_ROOT, "app").rglob("*.py"):
        names.update(_READS.findall(path.read_text(encoding="utf-8")))
    return names


def _form_field_names():
    names, forms = set(), list(FlaskForm.__subclasses__())
    while forms:
        form = forms.pop()
        forms.extend(form.__subclasses__())
        names.update(name for name in dir(form) if isinstance(getattr(form, name), UnboundField))
    return names - {"csrf_token"}


def _log_in(client, make_user, role):
    if role is None:
        return AnonymousUserMixin()
    user = make_user(role=role)
    token = csrf_token(client, "/logga-in")
    response = client.post("/logga-in", data={"email": user.email, "password":
                                              "correct-horse-battery", "csrf_token": token})
    assert response.status_code == 302
    return User(role=role, active=True)


def _request(client, method, url, **kwargs):
    try:
        response = client.open(url, method=method, **kwargs)
    except Exception as error:  # the test client raises what the app did not handle
        return f"{method} {url[:120]!r}: {type(error).__name__}: {str(error)[:200]}"
    if response.status_code >= 500:
        return f"{method} {url[:120]!r}: {response.status_code}"
    return None


_PARAMETER = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


def _path_variants(rule, url_values):
    """The rule's address with each parameter in turn replaced by each hostile value,
    written into the path as a client may (converters are not asked)."""
    for name in rule.arguments:
        for value in PATH_VALUES:
            def fill(match):
                argument = match.group(1)
                raw = value if argument == name else str(url_values[argument])
                return quote(raw, safe="")
            yield _PARAMETER.sub(fill, rule.rule)


def test_the_request_reader_finds_the_parameters_it_should(app):
    """The walk below is only as good as the names it tries."""
    names = _names_read_from_requests()
    assert {"sida", "fokusomrade", "omrade", "nyckelord", "tema", "mal", "q", "next"} <= names
    assert {"title", "body", "email", "password", "support_limit"} <= _form_field_names()


@pytest.mark.without_html_check
@pytest.mark.parametrize("role", ROLES, ids=lambda r: str(r or "anonymous"))
def test_hostile_values_never_give_a_server_error(app, client, make_user, url_values, role):
    app.config["RATELIMIT_ENABLED"] = False
    user = _log_in(client, make_user, role)
    query_names = _names_read_from_requests()
    form_names = _form_field_names() | query_names
    token = csrf_token(client, "/logga-in")
    failures = []
    rules = sorted(routes(app), key=lambda rule: rule.endpoint in LAST)
    for rule in rules:
        if not allows(access_rule(app.view_functions[rule.endpoint]), user):
            # Refused before the view reads anything: the path alone is worth trying.
            failures.extend(_request(client, "GET", url)
                            for url in _path_variants(rule, url_values))
            continue
        for method in sorted(rule.methods & {"GET", "POST"}):
            urls = [*_path_variants(rule, url_values), url_for_rule(rule, url_values)]
            for url in urls:
                if method == "GET":
                    failures.append(_request(client, "GET", url))
                else:
                    failures.append(_request(client, "POST", url,
                                             data={"csrf_token": token}))
            valid_url = url_for_rule(rule, url_values)
            if method == "GET":
                for value in SHORT + LONG:
                    # A long value fills the address on its own: one parameter is enough.
                    names = query_names if value in SHORT else ["q"]
                    failures.append(_request(client, "GET", valid_url,
                                             query_string={name: value for name in names}))
            else:
                for value in SHORT + LONG_FORM:
                    data = {name: value for name in form_names}
                    failures.append(_request(client, "POST", valid_url,
                                             data={**data, "csrf_token": token}))
    failures = [failure for failure in failures if failure]
    assert not failures, f"{len(failures)} server errors:\n" + "\n".join(failures[:40])
