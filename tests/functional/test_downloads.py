"""Downloads and other responses that are not pages: each says what it is, once."""
from app.models import Role
from tests.conftest import NOT_PAGES, routes, url_for_rule


def test_every_download_names_its_type_and_charset_once(app, client, login_as, url_values):
    login_as(Role.ADMIN)
    checked = []
    for rule in routes(app):
        if rule.endpoint not in NOT_PAGES:
            continue
        response = client.get(url_for_rule(rule, url_values))
        content_type = response.headers.get("Content-Type", "")
        assert content_type.count("charset") <= 1, f"{rule.endpoint}: {content_type}"
        if response.mimetype.startswith("text/"):
            assert content_type == f"{response.mimetype}; charset=utf-8", rule.endpoint
        checked.append(response.mimetype)
    assert "text/csv" in checked


def test_the_favicon_is_where_browsers_ask_for_it(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200 and response.mimetype == "image/vnd.microsoft.icon"
    assert response.data[:4] == b"\x00\x00\x01\x00"  # an icon file's signature
    assert 'rel="icon" href="/favicon.ico"' in client.get("/").get_data(as_text=True)
