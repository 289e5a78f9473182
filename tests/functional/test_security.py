import pytest

from app import create_app
from app.models import Role
from tests.conftest import PASSWORD, submit
from tests.support.config import config_for


def test_security_headers_and_a_policy_without_inline_script(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_no_page_has_inline_script_or_style(client, login_as, page_urls):
    login_as(Role.ADMIN)
    for url in page_urls:
        html = client.get(url, follow_redirects=True).get_data(as_text=True)
        assert "<script" not in html and "style=" not in html and "<style" not in html, url


def test_session_and_remember_cookies_are_httponly_and_samesite(client, make_user):
    user = make_user()
    response = submit(client, "/logga-in",
                      {"email": user.email, "password": PASSWORD, "remember": "y"})
    assert response.status_code == 302
    cookies = {c.split("=", 1)[0]: c for c in response.headers.getlist("Set-Cookie")}
    for name in ("session", "remember_token"):
        assert "HttpOnly" in cookies[name] and "SameSite=Lax" in cookies[name], name


def test_a_form_posted_without_its_csrf_token_is_refused_and_nothing_changes(client, make_user):
    make_user()
    response = client.post("/logga-in", data={"email": "a@example.org", "password": "x"})
    assert response.status_code == 400
    assert "Formuläret hade gått ut" in response.get_data(as_text=True)


def test_production_refuses_to_start_with_the_default_secret_key(database_url):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(config_for(database_url, APP_ENV="production", SECRET_KEY=None))
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"APP_ENV": "production", "SQLALCHEMY_DATABASE_URI": database_url})


def test_production_cookies_are_secure_and_https_is_enforced(database_url):
    app = create_app(config_for(database_url, APP_ENV="production", SECRET_KEY="s" * 32))
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    response = app.test_client().get("/sa-fungerar-det")
    assert response.status_code == 302 and response.headers["Location"].startswith("https://")
    secure = app.test_client().get("/sa-fungerar-det", base_url="https://localhost")
    assert secure.status_code == 200
    assert "max-age" in secure.headers["Strict-Transport-Security"]
    # The load balancer's health check may use plain HTTP.
    assert app.test_client().get("/health").status_code == 200


def test_behind_a_load_balancer_the_forwarded_scheme_counts(database_url):
    app = create_app(config_for(database_url, APP_ENV="production", SECRET_KEY="s" * 32,
                                PROXY_COUNT=1))
    response = app.test_client().get("/sa-fungerar-det", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 200
