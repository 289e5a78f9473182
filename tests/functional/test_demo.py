import os
import re
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


def in_demo(model):
    """Rows of the demo's process of today (the demo also has an earlier one)."""
    return model.process_id == select(Process.id).where(
        Process.slug == demo.DEMO_SLUG).scalar_subquery()


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
        # Today's process, and the earlier one whose goals are followed up.
        assert db.session.scalar(select(func.count()).select_from(Process)) == 2
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
        starts = [p.starts_at for p in db.session.scalars(
            select(Phase).where(in_demo(Phase)).order_by(Phase.id))]
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
        proposals = db.session.scalars(select(Proposal).where(in_demo(Proposal))).all()
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
        themes = db.session.scalars(select(Theme).where(in_demo(Theme))).all()
        assert 3 <= len(themes) <= 5 and all(theme.sdg_goals for theme in themes)
        keywords = db.session.scalars(select(Keyword)).all()
        assert len(keywords) >= 10 and all(k.meaning and k.theme for k in keywords)
        proposals = db.session.scalars(select(Proposal).where(in_demo(Proposal))).all()
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


def test_generated_comments_give_one_discussion_of_500_and_a_long_tail_below_it(app, runner):
    from app.models import Comment
    runner.invoke(args=["demo", "load"])
    with app.app_context():
        demo_comments = db.session.scalar(select(func.max(Comment.id)))
    result = runner.invoke(args=["demo", "generate", "--proposals", "40", "--supports", "100",
                                 "--comments", "3000"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        per_proposal = dict(db.session.execute(
            select(Comment.proposal_id, func.count()).where(Comment.id > demo_comments)
            .group_by(Comment.proposal_id)).all())
    largest = max(per_proposal, key=per_proposal.get)
    assert f"The largest discussion: /forslag/{largest}" in result.output
    assert per_proposal[largest] == 500  # the benchmark's page: exactly 500 comments
    others = sorted((n for p, n in per_proposal.items() if p != largest), reverse=True)
    assert sum(others) == 2500 and others[0] < 500  # none grows past it
    assert others[0] > 2 * others[len(others) // 2]  # a few discussed much, most little


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
        goals = db.session.scalars(select(Goal).where(in_demo(Goal))).all()
        assert len(goals) == 2 and all(g.status == "draft" and g.themes and g.proposals
                                       for g in goals)
    assert submit(client, "/logga-in", {"email": "ksau@example.org",
                                        "password": demo.DEMO_PASSWORD}).status_code == 302
    page = client.get(f"/ksau/{demo.DEMO_SLUG}/mal").get_data(as_text=True)
    assert "Hållbara resor ska vara det enkla valet" in page


def demo_texts(app):
    """Every text of the demo a reader sees that could name a date or a reference."""
    from app.models import Proposal, Theme
    with app.app_context():
        process = db.session.scalar(select(Process))
        proposals = db.session.scalars(select(Proposal).where(in_demo(Proposal))).all()
        return [process.description, *(p.description for p in process.phases),
                *(p.title for p in proposals), *(p.body_text for p in proposals),
                *(p.answer_text for p in proposals),
                *(t.synthesis for t in db.session.scalars(select(Theme).where(in_demo(Theme))))]


@pytest.mark.parametrize("today", [date(2026, 11, 27), date(2027, 9, 15)])
def test_the_demo_texts_name_the_dates_of_its_own_timetable(app, client, today):
    from flask_babel import force_locale, format_date
    from app.i18n import format_period
    with app.app_context():
        demo.load_demo("testing", today=today)
        phases = db.session.scalar(select(Process).where(
            Process.slug == demo.DEMO_SLUG)).phases
        dialogue = next(p for p in phases if p.kind == PhaseKind.DIALOGUE)
        ksau = next(p for p in phases if p.name == demo.KSAU_FORMULATES)
        decision = next(p for p in phases if p.name == "Beslut om programbudget")
        with app.test_request_context(), force_locale("sv"):
            period = format_period(dialogue.starts_at, dialogue.ends_at)
            ksau_day = format_date(to_local(ksau.starts_at), "long")
        budget_year = to_local(decision.starts_at).year + 1
    start_page = client.get("/").get_data(as_text=True)
    assert f"Under dialogen, {period}, vill vi" in start_page
    assert f"formulerar målen den {ksau_day}." in start_page
    texts = " ".join(text for text in demo_texts(app) if text)
    assert f"KSAU tar ställning till den {ksau_day}." in texts
    assert f"nämndmål {budget_year}" in texts
    # The plan's own months and years are nowhere: its timetable is moved to autumn.
    for stale in ("mars", "april", "2019", "SPB20", "nämndmål 2020"):
        assert stale not in texts, stale


def test_the_demo_with_the_real_dates_says_the_plans_own(app):
    with app.app_context():
        demo.load_demo("testing", real_dates=True)
    texts = " ".join(text for text in demo_texts(app) if text)
    assert "Under dialogen, 1–31 mars 2019, vill vi" in texts
    assert "formulerar målen den 10 april 2019." in texts
    assert "SPB20" in texts and "nämndmål 2020" in texts


def test_the_demos_references_and_examples_are_of_one_year(app, client):
    from app.models import Proposal
    with app.app_context():
        demo.load_demo("testing")
        references = [p.reference for p in db.session.scalars(
            select(Proposal).where(in_demo(Proposal)).order_by(Proposal.id))]
    year = to_local(utcnow()).year
    assert {reference[:4] for reference in references} == {str(year)}
    submit(client, "/logga-in", {"email": "ksau@example.org", "password": demo.DEMO_PASSWORD})
    page = client.get(f"/ksau/{demo.DEMO_SLUG}/mal").get_data(as_text=True)
    assert f"till exempel {references[0]}, {references[1]}." in page
    named = re.findall(r"(?<![\w-])(\d{4})-\d{4}(?![\w-])", page)  # references, not the slug
    assert named and set(named) == {str(year)}


def test_the_demo_has_districts_to_filter_and_count_by(app, client):
    from app.models import District, Proposal
    with app.app_context():
        demo.load_demo("testing")
        districts = db.session.scalars(select(District).order_by(District.position)).all()
        by_district = {d.name: db.session.scalar(select(func.count()).select_from(Proposal)
                                                 .where(Proposal.district_id == d.id))
                       for d in districts}
    assert len(districts) >= 3 and all(by_district.values())
    norrby = next(d for d in districts if d.name == "Norrby")
    listing = client.get(f"/process/{demo.DEMO_SLUG}/forslag?omrade={norrby.id}")
    assert f"{by_district['Norrby']} förslag" in listing.get_data(as_text=True)
    assert 'id="omrade"' in listing.get_data(as_text=True)
    submit(client, "/logga-in", {"email": "ksau@example.org", "password": demo.DEMO_PASSWORD})
    dashboard = client.get(f"/ksau/{demo.DEMO_SLUG}/").get_data(as_text=True)
    assert "Per område" in dashboard
    assert f'?omrade={norrby.id}">{by_district["Norrby"]}</a>' in dashboard


def test_the_demo_resident_follows_her_own_proposal_and_supports(app, client):
    with app.app_context():
        demo.load_demo("testing")
    submit(client, "/logga-in", {"email": "invanare@example.org",
                                 "password": demo.DEMO_PASSWORD})
    page = client.get("/mina-sidor/").get_data(as_text=True)
    mine = page[page.index("Mina förslag"):page.index("Förslag jag stöder")]
    assert "Bättre belysning på gång- och cykelvägar" in mine and "Del av ett tema" in mine
    supported = page[page.index("Förslag jag stöder"):]
    assert supported.count("Ta tillbaka mitt stöd") == 3


def test_the_demo_has_an_earlier_process_whose_goals_are_followed_up(app, runner, client):
    """Beside today's process, one whose goals are decided and published, with indicators
    (two from recorded Kolada answers), board goals and one approved period."""
    from app.models import BoardGoal, FollowUpPeriod, Goal, Indicator
    from app.services.demo import followup as demo_followup
    runner.invoke(args=["demo", "load"])
    with app.app_context():
        earlier = db.session.scalar(select(Process).where(
            Process.slug == demo_followup.EARLIER_SLUG))
        assert earlier.results_published_at is not None
        goals = db.session.scalars(select(Goal).where(Goal.process_id == earlier.id)).all()
        kolada = [i for g in goals for i in g.indicators if i.is_kolada]
        assert len(kolada) == 2 and all(i.fetched_at and len(i.values) == 6 for i in kolada)
        assert db.session.scalar(select(func.count()).select_from(BoardGoal)) == 4
        period = db.session.scalars(select(FollowUpPeriod)).one()
        assert period.approved_at is not None and len(period.assessments) == len(goals)
        first_goal = goals[0].id
        assert db.session.scalar(select(func.count()).select_from(Indicator)) == 7
    start = client.get("/").get_data(as_text=True)
    assert f"/process/{demo_followup.EARLIER_SLUG}/resultat" in start
    results = client.get(f"/process/{demo_followup.EARLIER_SLUG}/resultat").get_data(
        as_text=True)
    assert f"/mal/{first_goal}/uppfoljning" in results
    progress = client.get(f"/mal/{first_goal}/uppfoljning").get_data(as_text=True)
    assert "Delvis uppnått" in progress and "N15419" in progress
