from app.models import Role
from tests.conftest import PASSWORD, submit


def test_log_in_and_out(client, auth, make_user):
    user = make_user(role=Role.RESIDENT, display_name="Ingrid")
    response = auth.login(user.email.upper())  # email addresses are case-insensitive
    assert response.status_code == 302
    assert "Logga ut" in client.get("/").get_data(as_text=True)
    response = auth.logout()
    assert response.status_code == 302
    html = client.get("/").get_data(as_text=True)
    assert "Du är utloggad." in html and "Logga in" in html


def test_wrong_password_keeps_the_email_but_never_the_password(client, make_user):
    user = make_user()
    response = submit(client, "/logga-in", {"email": user.email, "password": "fel-lösenord-123"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "E-postadressen eller lösenordet är fel." in html
    assert f'value="{user.email}"' in html
    assert "fel-lösenord-123" not in html


def test_unknown_email_gets_the_same_answer(client):
    response = submit(client, "/logga-in", {"email": "ingen@example.org", "password": PASSWORD})
    assert "E-postadressen eller lösenordet är fel." in response.get_data(as_text=True)


def test_empty_login_form_explains_each_field(client):
    html = submit(client, "/logga-in", {"email": "", "password": ""}).get_data(as_text=True)
    assert "Skriv din e-postadress." in html and "Skriv ditt lösenord." in html
    assert 'aria-invalid="true"' in html


def test_a_protected_page_sends_to_login_and_back(client, make_user):
    user = make_user(role=Role.ADMIN)
    response = client.get("/admin/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/logga-in")
    login_page = response.headers["Location"]
    response = submit(client, login_page, {"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/admin/"


def test_login_never_redirects_off_site(client, make_user):
    user = make_user()
    response = submit(client, "/logga-in?next=https://evil.example/",
                      {"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/"


def test_a_deactivated_account_cannot_log_in(app, client, make_user):
    from app.extensions import db
    from app.models import User
    user = make_user()
    with app.app_context():
        db.session.get(User, user.id).active = False
        db.session.commit()
    response = submit(client, "/logga-in", {"email": user.email, "password": PASSWORD})
    assert "E-postadressen eller lösenordet är fel." in response.get_data(as_text=True)
    assert client.get("/mina-sidor/").status_code == 302  # still not logged in
