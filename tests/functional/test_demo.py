import os
from datetime import date

import pytest
from sqlalchemy import func, select

from app.paths import PROJECT_ROOT
from app.extensions import db
from app.i18n import to_local
from app.models import Phase, PhaseKind, Process, Role, User
from app.models.base import utcnow
from app.services import demo
from tests.conftest import submit


def test_demo_loads_the_seed_process_with_its_dialogue_open_now(app, runner, client):
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    assert "demo-dialog-2019" in result.output
    with app.app_context():
        process = db.session.scalar(select(Process))
        assert process.title == "Mål för mandatperioden 2019–2022"
        assert len(process.phases) == len(demo.SEED_PHASES)
        assert len(process.focus_areas) == 5
        assert process.current_phase(utcnow()).kind == PhaseKind.DIALOGUE
        roles = set(db.session.scalars(select(User.role)).all())
        assert roles == set(Role)
    html = client.get("/").get_data(as_text=True)
    assert "Nu: Dialog med invånare" in html and "24 dagar kvar" in html


def test_demo_accounts_log_in_with_the_password_the_readme_gives(app, runner, client):
    runner.invoke(args=["demo", "load"])
    with open(os.path.join(PROJECT_ROOT, "README.md"), encoding="utf-8") as readme:
        text = readme.read()
    for _, email, _ in demo.DEMO_ACCOUNTS:
        assert email in text
        client.get("/")
        response = submit(client, "/logga-in", {"email": email, "password": demo.DEMO_PASSWORD})
        assert response.status_code == 302, email
        submit(client, "/logga-ut", {}, form_page="/")
    assert demo.DEMO_PASSWORD in text


def test_demo_with_the_real_dates_shows_the_seed_timetable(app, runner, client):
    assert runner.invoke(args=["demo", "load", "--real-dates"]).exit_code == 0
    html = client.get(f"/process/{demo.DEMO_SLUG}/tidslinje").get_data(as_text=True)
    for date_text in ("16 januari 2019", "21 februari 2019 13:00–16:30", "1–31 mars 2019",
                      "10 april 2019", "8 maj 2019", "22 maj–24 juni 2019",
                      "25 november 2019"):
        assert date_text in html
    assert 'aria-current="step"' not in html  # 2019 is over
    assert "Processen är avslutad" in client.get(f"/process/{demo.DEMO_SLUG}/").get_data(
        as_text=True)


def test_loading_twice_changes_nothing(app, runner):
    runner.invoke(args=["demo", "load"])
    result = runner.invoke(args=["demo", "load"])
    assert "already loaded" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Process)) == 1
        users = db.session.scalar(select(func.count()).select_from(User))
        assert users == len(demo.DEMO_ACCOUNTS) + 60  # and the example residents


def test_demo_refuses_production(app):
    with app.app_context(), pytest.raises(demo.DemoRefused):
        demo.load_demo("production")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Process)) == 0


def test_shift_keeps_the_timetable_in_order_and_opens_the_dialogue(app):
    with app.app_context():
        process = demo.load_demo("testing", today=date(2026, 11, 27))
        dialogue = next(p for p in process.phases if p.kind == PhaseKind.DIALOGUE)
        assert to_local(dialogue.starts_at).date() == date(2026, 11, 20)
        starts = [p.starts_at for p in db.session.scalars(select(Phase).order_by(Phase.id))]
        assert starts == sorted(starts)
        workshop = next(p for p in process.phases if p.name.startswith("Dialogworkshop"))
        assert to_local(workshop.starts_at).hour == 13  # local wall-clock times survive


def test_cli_creates_a_user_with_a_role(app, runner):
    result = runner.invoke(args=["users", "create", "Ny@Example.org", "--role", "moderator",
                                 "--password", "ett-långt-lösenord"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User))
        assert (user.email, user.role) == ("ny@example.org", Role.MODERATOR)
        assert user.email_verified_at is not None
    again = runner.invoke(args=["users", "create", "ny@example.org", "--password",
                                "ett-långt-lösenord"])
    assert again.exit_code != 0 and "Det finns redan ett konto" in again.output
    short = runner.invoke(args=["users", "create", "b@example.org", "--password", "kort"])
    assert short.exit_code != 0


def test_the_demo_has_a_living_portal_of_proposals_and_supports(app, runner, client):
    from app.models import Proposal, Support
    runner.invoke(args=["demo", "load"])
    with app.app_context():
        proposals = db.session.scalars(select(Proposal)).all()
        assert len(proposals) >= 40
        assert len({p.focus_area_id for p in proposals}) == 5
        supports = db.session.scalar(select(func.count()).select_from(Support))
        assert supports == sum(p.supports_count for p in proposals) > 100
    html = client.get(f"/process/{demo.DEMO_SLUG}/forslag?q=cykel").get_data(as_text=True)
    assert "cykel" in html.lower() and "Inga förslag matchar" not in html


def test_the_demo_has_themes_keywords_and_tagged_proposals_with_some_left_to_do(
        app, runner, client):
    from app.models import Keyword, Proposal, Theme
    runner.invoke(args=["demo", "load"])
    with app.app_context():
        themes = db.session.scalars(select(Theme)).all()
        assert 3 <= len(themes) <= 5 and all(theme.sdg_goals for theme in themes)
        keywords = db.session.scalars(select(Keyword)).all()
        assert len(keywords) >= 10 and all(k.meaning and k.theme for k in keywords)
        proposals = db.session.scalars(select(Proposal)).all()
        tagged = [p for p in proposals if p.keywords]
        assert len(proposals) * 0.7 < len(tagged) < len(proposals)  # most, not all
        assert all(p.themes for p in tagged)
    login = submit(client, "/logga-in",
                   {"email": "moderator@example.org", "password": demo.DEMO_PASSWORD})
    assert login.status_code == 302
    queue = client.get(f"/moderera/{demo.DEMO_SLUG}/?ko=utan-nyckelord").get_data(as_text=True)
    assert f'Utan nyckelord <span class="count">({len(proposals) - len(tagged)})' in queue
    assert 'Anmälda <span class="count">(1)' in queue


def test_generate_makes_synthetic_data_at_the_size_asked(app, runner):
    from app.models import Proposal, Support
    runner.invoke(args=["demo", "load"])
    result = runner.invoke(args=["demo", "generate", "--proposals", "300",
                                 "--supports", "2000"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        from app.models import User
        synthetic = select(Proposal).join(User, Proposal.author_id == User.id).where(
            User.email.like("syntetisk-%"))
        assert len(db.session.scalars(synthetic).all()) == 300
        per_user = db.session.execute(select(Support.user_id, func.count())
                                      .group_by(Support.user_id)).all()
        assert max(count for _, count in per_user) <= 10  # the process's support limit
        total = db.session.scalar(select(func.count()).select_from(Support))
        assert total >= 2000 and total == db.session.scalar(
            select(func.sum(Proposal.supports_count)))
        # The moderators are most of the way through: about three in four are tagged.
        generated = db.session.scalars(synthetic).all()
        tagged = [p for p in generated if p.keywords]
        assert 0.6 < len(tagged) / len(generated) < 0.9
        assert all(p.themes and p.reviewed_at for p in tagged)


def test_the_demo_has_places_an_open_space_and_paper_input(app, runner, client):
    from app.models import OpenSpaceEvent, Place, Proposal
    runner.invoke(args=["demo", "load"])
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Place)) == 2
        event = db.session.scalars(select(OpenSpaceEvent)).one()
        assert len(event.sessions) >= 2
        paper = db.session.scalars(select(Proposal).where(Proposal.channel != "digital")).all()
        assert {p.channel for p in paper} == {"place", "open_space"}
        assert all(p.author_id is None and p.paper_supports_count > 0 for p in paper)
    page = client.get(f"/open-space/{event.id}").get_data(as_text=True)
    assert "Trygga mötesplatser för unga" in page and "Fritidsgård öppen till 22" in page
    assert "Medborgarkontoret Norrby" in client.get("/lamna-forslag-pa-plats").get_data(
        as_text=True)


def test_the_demo_has_ksau_drafting_goals_from_the_evidence(app, runner, client):
    from app.models import Goal
    runner.invoke(args=["demo", "load"])
    with app.app_context():
        goals = db.session.scalars(select(Goal)).all()
        assert len(goals) == 2 and all(g.status == "draft" and g.themes and g.proposals
                                       for g in goals)
    assert submit(client, "/logga-in", {"email": "ksau@example.org",
                                        "password": demo.DEMO_PASSWORD}).status_code == 302
    page = client.get(f"/ksau/{demo.DEMO_SLUG}/mal").get_data(as_text=True)
    assert "Hållbara resor ska vara det enkla valet" in page
