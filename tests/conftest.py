"""Fixtures shared by every test: the app on an isolated database, clients, users of each role.

The schema is built once per run by the migrations themselves (so the tests run on what
production runs), on SQLite by default or on the database named by TEST_DATABASE_URL.
Each test starts from empty tables; the Agenda 2030 goals, reference data, stay.
"""
import itertools
import os
import re
import threading
from datetime import timedelta

import flask_migrate
import pytest
from sqlalchemy import select, text
from werkzeug.serving import make_server

from app import create_app
from app.extensions import db
from app.models import (Board, BoardGoal, Comment, Feature, FocusArea, FollowUpPeriod, Goal,
                        ImportBatch, Job, Keyword, OpenSpaceEvent, OpenSpaceSession,
                        OutreachAction, PaperSupport, Phase, PhaseKind, Place, Process, Role,
                        Theme, User)
from app.models.base import utcnow
from app.services.people import users
from tests.support.config import config_for
from tests.support.html import HtmlValidator
from tests.support.mail import Outbox

# content_versions holds one row, made by its migration, that only ever counts up.
REFERENCE_TABLES = {"sdg_goals", "alembic_version", "content_versions"}
PASSWORD = "correct-horse-battery"


def pytest_sessionfinish(session, exitstatus):
    """In CI nothing may be skipped: a skipped browser test is a failed run."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if os.environ.get("CI") and skipped and session.exitstatus == 0:
        reporter.write_line(f"CI: {len(skipped)} test(s) skipped; every test must run in CI.",
                            red=True)
        session.exitstatus = 1


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    url = os.environ.get("TEST_DATABASE_URL")
    return url or "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite3")


@pytest.fixture(scope="session")
def schema(database_url):
    app = create_app(config_for(database_url))
    with app.app_context():
        flask_migrate.upgrade()
        db.engine.dispose()


@pytest.fixture(scope="session")
def html_validator():
    validator = HtmlValidator()
    yield validator
    validator.close()


@pytest.fixture
def app(request, schema, database_url, html_validator, tmp_path):
    app = create_app(config_for(database_url, MAIL_OUTBOX=str(tmp_path / "outbox")))
    rendered = html_validator.record(app)
    with app.app_context():
        _empty_tables()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    if not request.node.get_closest_marker("without_html_check"):
        html_validator.check(rendered)


def _empty_tables():
    tables = [t for t in reversed(db.metadata.sorted_tables) if t.name not in REFERENCE_TABLES]
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(t.name for t in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
        db.session.execute(text("DELETE FROM proposal_search"))
    db.session.commit()


@pytest.fixture
def live_server(app):
    """The app served over HTTP on a free port, one thread per request, as browsers and
    parallel clients need."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture
def outbox(app):
    return Outbox(app.config["MAIL_OUTBOX"])


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def detached(obj):
    """Load a committed object's columns and detach it, so a test can read them later."""
    db.session.refresh(obj)
    db.session.expunge(obj)
    return obj


@pytest.fixture
def make_user(app):
    counter = itertools.count(1)

    def make(role=Role.RESIDENT, email=None, password=PASSWORD, **fields):
        with app.app_context():
            email = email or f"{role}-{next(counter)}@example.org"
            return detached(users.create_user(email=email, password=password, role=role,
                                              verified=True, **fields))
    return make


@pytest.fixture
def make_process(app):
    """A process whose dialogue phase is open now (or as told), with two focus areas."""
    counter = itertools.count(1)

    def make(title="Mål för mandatperioden", dialogue_open=True, focus_areas=("Miljö", "Skola")):
        n = next(counter)
        now = utcnow()
        start = now - timedelta(days=7) if dialogue_open else now + timedelta(days=30)
        with app.app_context():
            process = Process(slug=f"process-{n}", title=f"{title} {n}",
                              description="Vi vill höra dina idéer.\n\nLämna förslag i mars.")
            dialogue = Phase(name="Dialog med invånare", body="Invånare",
                             kind=PhaseKind.DIALOGUE, starts_at=start,
                             ends_at=start + timedelta(days=31))
            dialogue.features = {Feature.SUBMIT, Feature.SUPPORT}
            decision = Phase(name="KSAU formulerar mål", body="KSAU", kind=PhaseKind.DECISION,
                             starts_at=start + timedelta(days=40),
                             ends_at=start + timedelta(days=41))
            process.phases.extend([dialogue, decision])
            process.focus_areas.extend(FocusArea(name=name, position=i)
                                       for i, name in enumerate(focus_areas, start=1))
            db.session.add(process)
            db.session.commit()
            return detached(process)
    return make


@pytest.fixture
def end_dialogue(app):
    """Move a process's dialogue phase into the past: it ended an hour ago (proposals made
    while it was open stay)."""
    def end(process):
        with app.app_context():
            dialogue = db.session.scalar(select(Phase).where(
                Phase.process_id == process.id, Phase.kind == PhaseKind.DIALOGUE))
            dialogue.starts_at = utcnow() - timedelta(days=31)
            dialogue.ends_at = utcnow() - timedelta(hours=1)
            db.session.commit()
    return end


@pytest.fixture
def make_proposal(app, make_user):
    """A published proposal (through the services, so it is indexed for search)."""
    def make(process, title="Fler bänkar längs ån", body=None, author=None, focus_area=None,
             publish=True):
        from app.services.participation import proposals
        author = author or make_user()
        with app.app_context():
            process_ = db.session.get(Process, process.id)
            user = db.session.get(User, author.id)
            area = focus_area or process_.focus_areas[0].id
            proposal = proposals.save_draft(
                process_, user, title=title, focus_area_id=area, district_id=None,
                show_name=False, now=utcnow(),
                body=body or f"{title}. Det skulle göra promenaden trevligare för alla.")
            if publish:
                proposals.publish(proposal, user, utcnow())
            return detached(proposal)
    return make


class AuthActions:
    """Log in and out through the real forms, CSRF token included."""

    def __init__(self, client):
        self.client = client

    def login(self, email, password=PASSWORD):
        return submit(self.client, "/logga-in", {"email": email, "password": password})

    def logout(self):
        return submit(self.client, "/logga-ut", {}, form_page="/")


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def login_as(make_user, auth):
    """Log the test client in as a new user with `role`; returns the user."""
    def login(role):
        user = make_user(role=role)
        response = auth.login(user.email)
        assert response.status_code == 302, response.get_data(as_text=True)
        return user
    return login


CSRF_INPUT = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|'
                        r'type="hidden" name="csrf_token" value="([^"]+)"|'
                        r'name="csrf_token" value="([^"]+)"')


def csrf_token(client, page):
    html = client.get(page, follow_redirects=True).get_data(as_text=True)
    match = CSRF_INPUT.search(html)
    assert match, f"no CSRF token on {page}"
    return next(group for group in match.groups() if group)


def submit(client, url, data, form_page=None, **kwargs):
    """POST a form as a browser would: with the CSRF token from the page the form is on."""
    token = csrf_token(client, form_page or url)
    return client.post(url, data={**data, "csrf_token": token}, **kwargs)


def routes(app):
    """Every route the application registers, but static files."""
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"]


def url_for_rule(rule, values):
    return rule.build({name: values[name] for name in rule.arguments})[1]


@pytest.fixture
def url_values(make_process, make_user, make_proposal, app):
    """Values for every URL parameter the routes take, pointing at real objects (a token
    that is not valid: its pages are the 'link does not work' page)."""
    process = make_process()
    someone = make_user(role=Role.RESIDENT, email="someone@example.org")
    proposal = make_proposal(process, author=someone)
    with app.app_context():
        phase_id = db.session.scalar(select(Phase.id).where(Phase.process_id == process.id))
        area_id = db.session.scalar(select(FocusArea.id).where(
            FocusArea.process_id == process.id))
        theme = Theme(process_id=process.id, name="Hållbar stad")
        keyword = Keyword(process_id=process.id, name="Cykel", meaning="Säkra cykelvägar.",
                          theme=theme)
        place = Place(name="Stadsbiblioteket", address="Storgatan 1")
        event = OpenSpaceEvent(process_id=process.id, title="Open Space om framtiden",
                               held_on=utcnow().date(), place=place, participants=40)
        session = OpenSpaceSession(event=event, topic="Trygga skolvägar", participants=8)
        batch = ImportBatch(process_id=process.id, filename="forslag.csv", content=b"titel\n",
                            sha256="0" * 64)
        goal = Goal(process_id=process.id, title="Trygga skolvägar för alla barn")
        job = Job(name="summary_refresh", arguments="{}", status="failed")
        comment = Comment(proposal_id=proposal.id, process_id=process.id, author_id=someone.id,
                          body="<p>Bra förslag.</p>", body_text="Bra förslag.")
        board = Board(name="Tekniska nämnden")
        board_goal = BoardGoal(goal=goal, board=board, title="Fler trygga övergångsställen")
        period = FollowUpPeriod(process_id=process.id, kind="interim", year=2026)
        visit = OutreachAction(process_id=process.id, place="Fritidsgården", group="Unga",
                               held_on=utcnow().date(), public=True)
        on_paper = PaperSupport(proposal_id=proposal.id, count=3, session=session,
                                given_on=utcnow().date())
        db.session.add_all([theme, keyword, place, event, session, batch, goal, job, comment,
                            board, board_goal, period, visit, on_paper])
        db.session.commit()
        theme_id, keyword_id = theme.id, keyword.id
        more = {"place_id": place.id, "event_id": event.id, "session_id": session.id,
                "batch_id": batch.id, "kind": "csv", "goal_id": goal.id, "job_id": job.id,
                "comment_id": comment.id, "board_goal_id": board_goal.id, "board_id": board.id,
                "period_id": period.id, "action_id": visit.id, "entry_id": on_paper.id}
    return {"slug": process.slug, "process_id": process.id, "phase_id": phase_id,
            "focus_area_id": area_id, "language": "en", "user_id": someone.id,
            "token": "not-a-valid-token", "proposal_id": proposal.id,
            "keyword_id": keyword_id, "theme_id": theme_id, "target_id": proposal.id,
            "first_id": proposal.id, "second_id": proposal.id, "source_id": proposal.id,
            "group_id": 1, **more}


@pytest.fixture
def page_urls(app, url_values):
    """The address of every page (GET route) in the application."""
    return [url_for_rule(rule, url_values) for rule in routes(app)
            if "GET" in rule.methods and rule.endpoint not in NOT_PAGES]


NOT_PAGES = {"public.set_language", "public.health", "public.favicon", "account.export",
             "moderation.audit_csv", "moderation.import_template", "summary.export_csv",
             "summary.export_xlsx", "summary.packet_pdf", "public.open_data",
             "reach.download", "reach.population_template"}
