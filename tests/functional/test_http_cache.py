"""Public pages carry validators and are answered 304 while unchanged; personal pages are
never stored; every kind of change to the content gives the pages a new validator."""
import pytest
from sqlalchemy import update

from app.extensions import db
from app.models import LoginSession, Proposal, Role
from app.services import content_version
from tests.conftest import submit
from tests.support.queries import count_queries


@pytest.fixture
def process(make_process):
    return make_process()


def test_a_public_page_is_answered_304_until_the_content_changes(
        client, process, make_proposal):
    make_proposal(process, title="Fler bänkar längs ån")
    url = f"/process/{process.slug}/forslag"
    first = client.get(url)
    assert first.status_code == 200
    assert first.headers["Cache-Control"] == "public, no-cache"
    assert "Set-Cookie" not in first.headers
    etag = first.headers["ETag"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    assert again.headers["ETag"] == etag

    make_proposal(process, title="Längre öppettider på biblioteket")
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
    assert "Längre öppettider på biblioteket" in changed.get_data(as_text=True)


def test_each_address_and_language_has_its_own_validator(client, process, make_proposal):
    proposal = make_proposal(process)
    pages = [f"/process/{process.slug}/forslag", f"/process/{process.slug}/forslag?q=bänkar",
             f"/forslag/{proposal.id}", "/", f"/process/{process.slug}/resultat"]
    etags = {client.get(url).headers["ETag"] for url in pages}
    assert len(etags) == len(pages)
    swedish = client.get(pages[0]).headers["ETag"]
    client.get("/sprak/en")
    english = client.get(pages[0], headers={"If-None-Match": swedish})
    assert english.status_code == 200 and english.headers["ETag"] != swedish


def test_logged_in_pages_are_never_stored(client, login_as, process, make_proposal):
    proposal = make_proposal(process)
    anonymous_etag = client.get(f"/forslag/{proposal.id}").headers["ETag"]
    login_as(Role.RESIDENT)
    for url in (f"/forslag/{proposal.id}", f"/process/{process.slug}/forslag", "/mina-sidor/"):
        response = client.get(url, headers={"If-None-Match": anonymous_etag})
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "private, no-store", url
        assert "ETag" not in response.headers, url


def test_a_support_changes_the_proposal_pages_validator(client, login_as, process,
                                                        make_proposal, app):
    proposal = make_proposal(process)
    etag = client.get(f"/forslag/{proposal.id}").headers["ETag"]
    login_as(Role.RESIDENT)
    submit(client, f"/forslag/{proposal.id}/stod", {}, form_page=f"/forslag/{proposal.id}")
    client.get("/")  # the message about the support is shown (and so used up)
    with app.app_context():
        assert db.session.get(Proposal, proposal.id).supports_count == 1
    anonymous = app.test_client()
    response = anonymous.get(f"/forslag/{proposal.id}", headers={"If-None-Match": etag})
    assert response.status_code == 200 and response.headers["ETag"] != etag


def test_the_version_counts_orm_and_bulk_changes_but_not_log_ins(app, process, make_proposal,
                                                                 make_user):
    proposal = make_proposal(process)
    with app.app_context():
        before = content_version.current()
        db.session.execute(update(Proposal).where(Proposal.id == proposal.id)
                           .values(title="Fler bänkar längs ån, och bord"))
        db.session.commit()
        after_bulk = content_version.current()
        assert after_bulk == before + 1
        db.session.get(Proposal, proposal.id).title = "Fler bänkar och bord längs ån"
        db.session.commit()
        assert content_version.current() == after_bulk + 1
        user = make_user()
        now = content_version.current()
        db.session.add(LoginSession(user_id=user.id, secret_hash="x" * 64))
        db.session.commit()
        assert content_version.current() == now  # who is logged in where shows nowhere
        db.session.execute(update(Proposal).where(Proposal.id == proposal.id)
                           .values(title="Ett förslag som ångras"))
        db.session.rollback()
        db.session.commit()
        assert content_version.current() == now  # nothing was changed


def test_a_page_with_a_message_for_one_visitor_is_not_answered_from_a_copy(client, process):
    url = "/"
    etag = client.get(url).headers["ETag"]
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "Ett meddelande till en besökare")]
    response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert "Ett meddelande till en besökare" in response.get_data(as_text=True)


def test_revalidations_within_the_allowed_age_touch_no_database(
        app, client, process, make_proposal):
    make_proposal(process)
    app.config["VALIDATOR_MAX_AGE"] = 60
    url = f"/process/{process.slug}/forslag"
    etag = client.get(url).headers["ETag"]
    queries = count_queries(app, lambda: client.get(url, headers={"If-None-Match": etag}))
    assert queries == 0
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    make_proposal(process, title="Längre öppettider på biblioteket")
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304  # a moment late
    app.config["VALIDATOR_MAX_AGE"] = 0
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 200


def test_a_worker_sends_a_page_it_rendered_for_the_same_validator_again(
        app, client, process, make_proposal):
    make_proposal(process)
    app.config["PAGE_CACHE_SIZE"] = 10
    url = f"/process/{process.slug}/forslag"
    first = client.get(url)
    answers = []
    queries = count_queries(app, lambda: answers.append(app.test_client().get(url)))
    again = answers[0]  # another visitor, with no copy
    assert again.status_code == 200 and again.data == first.data
    assert again.headers["ETag"] == first.headers["ETag"]
    assert queries == 1  # whether anything changed; nothing rendered
    make_proposal(process, title="Längre öppettider på biblioteket")
    assert "Längre öppettider" in app.test_client().get(url).get_data(as_text=True)


def test_a_page_with_a_form_signed_for_the_visitor_is_kept_by_no_one(app, client, process,
                                                                     make_proposal):
    from flask_wtf.csrf import generate_csrf
    from app.http_cache import cacheable
    app.config["PAGE_CACHE_SIZE"] = 10

    @app.route("/test-formular")
    @cacheable
    def with_a_form():
        return app.response_class(generate_csrf(), mimetype="text/plain")
    first = client.get("/test-formular")
    assert first.headers["Cache-Control"] == "private, no-store"
    assert "ETag" not in first.headers
    other = app.test_client().get("/test-formular")
    assert other.data != first.data  # each visitor their own token, nothing shared


def test_the_kept_filter_form_follows_the_content_and_the_language(
        app, client, process, make_proposal, make_user):
    """The list's filter form is rendered once per content version and language by each
    worker (app/fragments.py): a new keyword shows at once, and English stays English."""
    from app.services.review import taxonomy
    make_proposal(process)
    url = f"/process/{process.slug}/forslag"
    assert "Trygghet i parken" not in client.get(url).get_data(as_text=True)
    admin = make_user(role=Role.ADMIN)
    with app.app_context():
        taxonomy.save_keyword(db.session.merge(admin), db.session.merge(process),
                              name="Trygghet i parken", meaning="Belysning och närvaro.")
    page = client.get(url).get_data(as_text=True)
    assert page.count("Trygghet i parken") == 1  # in the keyword filter, once
    filtered = client.get(url + "?q=ljus").get_data(as_text=True)
    assert 'value="ljus"' in filtered and 'value=""' not in filtered.split('id="q"')[1][:40]
    client.get("/sprak/en")
    english = client.get(url).get_data(as_text=True)
    assert "Search, filter and order" in english and "Sök, filtrera" not in english
    assert "Trygghet i parken" in english


def test_the_kept_process_follows_every_change_to_it(app, client, process, make_user):
    """Each worker keeps a process with its phases and focus areas per content version
    (processes.get_by_slug): a change to the process, a phase or a focus area shows at
    once, and the kept copy is saved like a fresh one when changed."""
    from app.services import processes
    admin = make_user(role=Role.ADMIN)
    url = f"/process/{process.slug}/forslag"
    assert client.get(url).status_code == 200
    with app.test_request_context():
        kept = processes.get_by_slug(process.slug)
        processes.save_process(title="Ny rubrik för dialogen", slug=kept.slug,
                               description=kept.description, process=kept,
                               actor=db.session.merge(admin))
    assert "Ny rubrik för dialogen" in client.get(url).get_data(as_text=True)
    with app.test_request_context():
        kept = processes.get_by_slug(process.slug)
        processes.save_focus_area(kept, name="Vatten och stränder", description="",
                                  position=9, actor=db.session.merge(admin))
    assert "Vatten och stränder" in client.get(url).get_data(as_text=True)


def test_a_rendered_page_is_assembled_for_the_version_its_validator_names(
        app, client, process, make_proposal):
    """The validator's read of the content version serves the page too: one read a
    request."""
    from sqlalchemy import event

    from app.extensions import db
    make_proposal(process)
    url = f"/process/{process.slug}/forslag"
    client.get(url)
    statements = []
    with app.app_context():
        listen = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listen)
        try:
            assert client.get(url + "?blandning=12345").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", listen)
    assert sum("content_versions" in statement for statement in statements) == 1
    assert len(statements) <= 5  # validator, ids (1 or 2), cards, their tags


def test_a_logged_in_page_reads_the_content_version_with_the_log_in(
        app, client, login_as, process, make_proposal):
    """One round trip for both, and the version is the current one: the resident's own
    change shows at once in what is kept per version (the list's count)."""
    from sqlalchemy import event

    from app.extensions import db
    from app.models import Role
    make_proposal(process)
    login_as(Role.RESIDENT)
    url = f"/process/{process.slug}/forslag"
    assert "1 förslag" in client.get(url).get_data(as_text=True)
    statements = []
    with app.app_context():
        listen = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listen)
        try:
            assert client.get(url).status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", listen)
    reads = [s for s in statements if "content_versions" in s]
    assert len(reads) == 1 and "login_sessions" in reads[0]
    make_proposal(process, title="Längre öppettider på biblioteket")
    assert "2 förslag" in client.get(url).get_data(as_text=True)
