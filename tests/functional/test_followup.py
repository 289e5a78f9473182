"""Goals that can be followed up: the quality check on drafts, indicators with values from
Kolada (recorded answers, never the network) or staff, the boards' goals, follow-up periods
a controller records and approves, and the public progress page."""
import http.server
import io
import json
import re
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import (AuditEntry, Board, BoardGoal, FollowUpPeriod, Goal, GoalStatus,
                        Indicator, IndicatorValue, Job, JobStatus, KoladaResponse,
                        PeriodReading, Process, Proposal, Role, SdgGoal, User)
from app.models.base import utcnow
from app.services.errors import DomainError
from app.services.followup import indicators, kolada
from tests.conftest import submit
from tests.support.concurrency import at_once

RECORDED = Path(__file__).resolve().parent.parent / "data" / "kolada"
REAL_HTTP_GET = kolada.http_get


def indicator_fields(**overrides):
    return {"name": "Elever som känner sig trygga i skolan", "unit": "%",
            "direction": "higher", "baseline_value": "81,5", "baseline_year": "2022",
            "target_value": "90", "target_year": "2030", "source": "manual",
            "kolada_kpi": "", "kolada_municipality": "", **overrides}


@pytest.fixture
def process(make_process):
    return make_process()


@pytest.fixture
def draft(app, process, make_proposal):
    """A draft goal phrased as an activity, with a proposal behind it, tied to Agenda 2030."""
    proposal = make_proposal(process, title="Läxhjälp på biblioteket")
    with app.app_context():
        goal = Goal(process_id=process.id, title="Ta fram en plan för bättre skolresultat",
                    position=1)
        goal.proposals = [db.session.get(Proposal, proposal.id)]
        goal.sdg_goals = [db.session.get(SdgGoal, 4)]
        db.session.add(goal)
        for n in range(2, 5):
            db.session.add(Goal(process_id=process.id, title=f"Ett annat mål {n}", position=n))
        db.session.commit()
        return goal.id


def test_the_quality_check_turns_from_advice_to_all_clear(app, client, login_as, draft):
    login_as(Role.COMMITTEE)
    page = client.get(f"/ksau/mal/{draft}").get_data(as_text=True)
    assert "Formulerat som en aktivitet (”ta fram”)" in page
    assert "Inget mått med utgångsvärde och målvärde" in page
    assert "Knutet till Agenda 2030: mål 4." in page and "1 publicerade förslag" in page
    assert "4 mål totalt, som planerat (4–5)." in page
    with app.app_context():
        slug = db.session.get(Goal, draft).process.slug
    index = client.get(f"/ksau/{slug}/mal").get_data(as_text=True)
    assert "Kvalitetskontroll: 2 råd" in index
    with app.app_context():
        goal = db.session.get(Goal, draft)
        goal.revision, goal.title = 1, "Alla elever klarar skolan och mår bra"
        db.session.commit()
    response = submit(client, f"/ksau/mal/{draft}/indikator", indicator_fields(),
                      form_page=f"/ksau/mal/{draft}")
    assert response.status_code == 302
    page = client.get(f"/ksau/mal/{draft}").get_data(as_text=True)
    assert "Allt klart" in page and "1 mått med utgångsvärde och målvärde." in page
    with app.app_context():
        indicator = db.session.scalars(select(Indicator)).one()
        assert (indicator.baseline_value, indicator.target_year) == (81.5, 2030)
        assert db.session.scalar(select(AuditEntry.action).where(
            AuditEntry.action == "indicator.create")) == "indicator.create"


def test_a_target_year_before_the_baseline_is_refused_with_nothing_saved(
        app, client, login_as, draft):
    login_as(Role.COMMITTEE)
    response = submit(client, f"/ksau/mal/{draft}/indikator",
                      indicator_fields(target_year="2020"), form_page=f"/ksau/mal/{draft}")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Målåret (2020) är före utgångsåret (2022)" in page
    assert 'value="Elever som känner sig trygga i skolan"' in page  # what was typed stays
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Indicator)) == 0


def test_kolada_ids_that_cannot_exist_are_refused(app, client, login_as, draft):
    login_as(Role.COMMITTEE)
    bad_kpi = submit(client, f"/ksau/mal/{draft}/indikator",
                     indicator_fields(source="kolada", kolada_kpi="behörighet",
                                      kolada_municipality="1980"),
                     form_page=f"/ksau/mal/{draft}").get_data(as_text=True)
    assert "en bokstav och fem siffror" in bad_kpi
    bad_municipality = submit(client, f"/ksau/mal/{draft}/indikator",
                              indicator_fields(source="kolada", kolada_kpi="N15419",
                                               kolada_municipality="Västerås"),
                              form_page=f"/ksau/mal/{draft}").get_data(as_text=True)
    assert "fyra siffror" in bad_municipality
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Indicator)) == 0


# --- Kolada, from recorded answers ---------------------------------------------------------

@pytest.fixture
def recorded(monkeypatch):
    """Kolada's answers as recorded: {url ending: file}; any other address is unknown."""
    answers = {}

    def get(url, timeout):
        for ending, name in answers.items():
            if url.endswith(ending):
                return (RECORDED / name).read_text(encoding="utf-8")
        return (RECORDED / "empty.json").read_text(encoding="utf-8")
    monkeypatch.setattr(kolada, "http_get", get)
    return answers


@pytest.fixture
def kolada_indicator(app, draft):
    with app.app_context():
        indicator = Indicator(goal_id=draft, name="Behöriga till gymnasiet", unit="%",
                              direction="higher", baseline_value=86, baseline_year=2019,
                              target_value=92, target_year=2030, source="kolada",
                              kolada_kpi="N15419", kolada_municipality="1980")
        db.session.add(indicator)
        db.session.commit()
        return indicator.id


def _values(app, indicator_id):
    with app.app_context():
        return {v.year: v.value for v in db.session.scalars(select(IndicatorValue).where(
            IndicatorValue.indicator_id == indicator_id))}


def test_kolada_values_are_fetched_cached_and_dated(app, runner, recorded, kolada_indicator):
    recorded["/data/kpi/N15419/municipality/1980"] = "N15419_1980.json"
    result = runner.invoke(args=["followup", "kolada"])
    assert result.exit_code == 0, result.output
    assert "1 key figures fetched, 0 not fetched" in result.output
    assert _values(app, kolada_indicator) == {2021: 87.3, 2022: 88.0}  # 2023 had no value
    recorded["/data/kpi/N15419/municipality/1980"] = "N15419_1980_later.json"
    runner.invoke(args=["followup", "kolada"])
    assert _values(app, kolada_indicator) == {2021: 87.3, 2022: 88.0, 2023: 89.1}
    with app.app_context():
        cached = db.session.scalars(select(KoladaResponse)).one()
        assert json.loads(cached.body)["values"][-1]["period"] == 2023
        indicator = db.session.get(Indicator, kolada_indicator)
        assert indicator.fetched_at is not None and indicator.fetch_error == ""


def test_a_kpi_or_municipality_kolada_does_not_know_keeps_the_values_and_says_why(
        app, runner, recorded, kolada_indicator):
    recorded["/data/kpi/N15419/municipality/1980"] = "N15419_1980.json"
    runner.invoke(args=["followup", "kolada"])
    recorded.clear()  # Kolada now answers {"count": 0, "values": []}: no such key figure
    result = runner.invoke(args=["followup", "kolada"])
    assert result.exit_code == 1 and "0 key figures fetched, 1 not fetched" in result.output
    assert _values(app, kolada_indicator) == {2021: 87.3, 2022: 88.0}
    with app.app_context():
        assert "N15419" in db.session.get(Indicator, kolada_indicator).fetch_error


class _Slow(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        time.sleep(1.5)
        try:
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b'{"count": 0, "values": []}')
        except BrokenPipeError:  # the client gave up waiting, as it should
            pass

    def log_message(self, *args):
        pass


@pytest.mark.parametrize("how", ["unreachable", "slow"])
def test_kolada_unreachable_or_slow_leaves_the_last_values_and_the_page_says_how_old(
        app, client, recorded, kolada_indicator, monkeypatch, how):
    recorded["/data/kpi/N15419/municipality/1980"] = "N15419_1980.json"
    with app.app_context():
        kolada.refresh(utcnow() - timedelta(days=40))
    server = None
    if how == "slow":
        server = http.server.HTTPServer(("127.0.0.1", 0), _Slow)
        threading.Thread(target=server.handle_request, daemon=True).start()
        app.config["KOLADA_URL"] = f"http://127.0.0.1:{server.server_port}/v2"
    else:
        app.config["KOLADA_URL"] = "http://127.0.0.1:9/v2"  # nothing listens on port 9
    app.config["KOLADA_TIMEOUT"] = 0.3
    monkeypatch.setattr(kolada, "http_get", REAL_HTTP_GET)  # the network, as in production
    with app.app_context():
        fetched, failed = kolada.refresh(utcnow())
        indicator = db.session.get(Indicator, kolada_indicator)
        assert (fetched, failed) == (0, 1)
        assert ("inom" in indicator.fetch_error) if how == "slow" else \
            ("gick inte att nå" in indicator.fetch_error)
    if server:
        server.server_close()
    assert _values(app, kolada_indicator) == {2021: 87.3, 2022: 88.0}
    _publish(app, kolada_indicator)
    goal_id = _goal_of(app, kolada_indicator)
    page = client.get(f"/mal/{goal_id}/uppfoljning").get_data(as_text=True)
    assert "Den senaste hämtningen från Kolada lyckades inte" in page
    assert re.search(r"värdena är äldre: från \d", page)


def _goal_of(app, indicator_id):
    with app.app_context():
        return db.session.get(Indicator, indicator_id).goal_id


def _publish(app, indicator_id):
    with app.app_context():
        goal = db.session.get(Indicator, indicator_id).goal
        goal.status = GoalStatus.DECIDED
        goal.process.results_published_at = utcnow()
        db.session.commit()


# --- Boards and their goals ----------------------------------------------------------------

@pytest.fixture
def decided(app, process, make_proposal, make_user):
    """Published results: two decided goals, one with an indicator with values, a
    resident who wrote a proposal behind it and asked to be told, one who did not."""
    told = make_user(email="vill-veta@example.org")
    silent = make_user(email="tyst@example.org")
    backing = make_proposal(process, title="Läxhjälp på biblioteket", author=told)
    make_proposal(process, title="Fler rastvakter", author=silent)
    with app.app_context():
        goals = [Goal(process_id=process.id, title=title, position=n,
                      status=GoalStatus.DECIDED, decided_on=date(2026, 6, 24),
                      decided_by="KF 24/6")
                 for n, title in enumerate(("Alla barn klarar skolan",
                                            "Fler invånare har ett arbete"), 1)]
        goals[0].proposals = [db.session.get(Proposal, backing.id)]
        goals[0].indicators = [Indicator(
            name="Elever som känner sig trygga", unit="%", direction="higher",
            baseline_value=81, baseline_year=2022, target_value=90, target_year=2030,
            values=[IndicatorValue(year=2023, value=83), IndicatorValue(year=2024, value=84.5)])]
        db.session.add_all(goals)
        db.session.get(User, told.id).notify_results = True
        db.session.get(Process, process.id).results_published_at = utcnow()
        db.session.add(Board(name="Barn- och ungdomsnämnden"))
        db.session.commit()
        return {"goals": [g.id for g in goals], "indicator": goals[0].indicators[0].id,
                "slug": process.slug, "board": db.session.scalar(select(Board.id))}


def board_goal_fields(decided, **overrides):
    return {"goal_id": str(decided["goals"][0]), "board_id": str(decided["board"]),
            "title": "Alla elever får stöd i tid", **indicator_fields(), **overrides}


def test_an_administrator_keeps_boards_and_adds_a_board_goal_with_its_indicator(
        app, client, login_as, decided):
    login_as(Role.ADMIN)
    assert submit(client, "/admin/namnder/", {"name": "Tekniska nämnden",
                                              "kind": "board"}).status_code == 302
    twice = submit(client, "/admin/namnder/", {"name": "Tekniska nämnden", "kind": "board"})
    assert "Det finns redan en nämnd eller ett bolag med det namnet" in twice.get_data(
        as_text=True)
    page = f"/admin/namnder/{decided['slug']}/"
    refused = submit(client, page, board_goal_fields(decided, target_year="2019"))
    assert "Målåret (2019) är före utgångsåret (2022)" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(BoardGoal)) == 0
    assert submit(client, page, board_goal_fields(decided)).status_code == 302
    shown = client.get(page).get_data(as_text=True)
    assert "Alla elever får stöd i tid" in shown and "Ansvarig: Barn- och ungdomsnämnden" in shown
    with app.app_context():
        board_goal = db.session.scalars(select(BoardGoal)).one()
        assert [i.slot for i in board_goal.indicators] == [1]


def test_a_board_goal_takes_at_most_three_indicators_even_at_once(app, decided, make_user):
    admin = make_user(role=Role.ADMIN)
    with app.app_context():
        board_goal = BoardGoal(goal_id=decided["goals"][0], board_id=decided["board"],
                               title="Alla elever får stöd i tid")
        db.session.add(board_goal)
        db.session.commit()
        board_goal_id = board_goal.id
    start, outcomes = threading.Barrier(5), []

    def add(n):
        with app.app_context():
            actor = db.session.get(User, admin.id)
            target = db.session.get(BoardGoal, board_goal_id)
            fields = indicators.IndicatorFields(
                name=f"Mått nummer {n}", unit="%", direction="higher", baseline_value=1,
                baseline_year=2022, target_value=2, target_year=2030)
            start.wait()
            try:
                indicators.add_to_board_goal(actor, target, fields)
                outcomes.append("added")
            except DomainError as error:
                outcomes.append(str(error.message))
            finally:
                db.session.remove()
    threads = [threading.Thread(target=add, args=(n,)) for n in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes.count("added") == 3
    assert sorted(set(outcomes) - {"added"}) == ["Ett nämndmål har högst 3 mått."]
    with app.app_context():
        assert sorted(db.session.scalars(select(Indicator.slot).where(
            Indicator.board_goal_id == board_goal_id))) == [1, 2, 3]


def test_a_warning_when_one_goal_gathers_most_board_goals(app, client, login_as, decided):
    with app.app_context():
        for n in range(3):
            db.session.add(BoardGoal(goal_id=decided["goals"][0], board_id=decided["board"],
                                     title=f"Nämndmål {n}"))
        db.session.commit()
    login_as(Role.ADMIN)
    page = client.get(f"/admin/namnder/{decided['slug']}/").get_data(as_text=True)
    assert "3 av de 3 nämndmålen tjänar ett och samma övergripande mål" in page


def _board_goal(app, decided, title="Alla elever får stöd i tid"):
    with app.app_context():
        board_goal = BoardGoal(goal_id=decided["goals"][0], board_id=decided["board"],
                               title=title)
        board_goal.indicators = [Indicator(
            slot=1, name="Elever med stöd i tid", unit="%", direction="higher",
            baseline_value=60, baseline_year=2022, target_value=80, target_year=2030)]
        db.session.add(board_goal)
        db.session.commit()
        return board_goal.id, board_goal.indicators[0].id


def test_an_administrator_corrects_a_board_goal_logged_and_bad_input_kept(
        app, client, login_as, decided):
    board_goal_id, _indicator = _board_goal(app, decided)
    with app.app_context():
        aside = Board(name="Nedlagda nämnden", active=False)
        other = Board(name="Kultur- och fritidsnämnden")
        db.session.add_all([aside, other])
        db.session.commit()
        aside_id, other_id = aside.id, other.id
    login_as(Role.ADMIN)
    listing = client.get(f"/admin/namnder/{decided['slug']}/").get_data(as_text=True)
    edit = f"/admin/namnder/mal/{board_goal_id}/andra"
    assert f'href="{edit}"' in listing and "Ändra eller ta bort" in listing
    form = client.get(edit).get_data(as_text=True)
    assert "Kultur- och fritidsnämnden" in form and "Nedlagda nämnden" not in form
    short = submit(client, edit, {"title": "Kort", "board_id": str(other_id)})
    page = short.get_data(as_text=True)
    assert "Skriv ett nämndmål på 5–200 tecken." in page and 'value="Kort"' in page
    refused = submit(client, edit, {"title": "Alla elever får stöd", "board_id": str(aside_id)})
    assert refused.status_code == 200  # a board set aside is not a choice
    saved = submit(client, edit, {"title": "  Alla elever får  stöd när de behöver det ",
                                  "board_id": str(other_id)})
    assert saved.status_code == 302
    with app.app_context():
        board_goal = db.session.get(BoardGoal, board_goal_id)
        assert (board_goal.title, board_goal.board_id) == (
            "Alla elever får stöd när de behöver det", other_id)
        entry = db.session.scalar(select(AuditEntry).where(
            AuditEntry.action == "boardgoal.update"))
        assert entry.before == {"title": "Alla elever får stöd i tid",
                                "board": "Barn- och ungdomsnämnden"}
        assert entry.after["board"] == "Kultur- och fritidsnämnden"


def test_a_board_goal_added_by_mistake_is_removed_until_it_has_been_followed_up(
        app, client, login_as, decided):
    mistake, _ = _board_goal(app, decided, title="Ett nämndmål av misstag")
    followed, indicator_id = _board_goal(app, decided)
    with app.app_context():
        period = FollowUpPeriod(process_id=_process_id(app, decided), kind="interim",
                                year=2026)
        period.readings = [PeriodReading(indicator_id=indicator_id, value=70)]
        db.session.add(period)
        db.session.commit()
    login_as(Role.ADMIN)
    removed = submit(client, f"/admin/namnder/mal/{mistake}/ta-bort", {},
                     form_page=f"/admin/namnder/mal/{mistake}/andra", follow_redirects=True)
    assert "Nämndmålet ”Ett nämndmål av misstag” är borttaget." in removed.get_data(
        as_text=True)
    kept = submit(client, f"/admin/namnder/mal/{followed}/ta-bort", {},
                  form_page=f"/admin/namnder/mal/{followed}/andra", follow_redirects=True)
    assert "Dess mått har följts upp i en period" in kept.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(BoardGoal.id)).all() == [followed]
        assert db.session.scalar(select(func.count()).select_from(Indicator).where(
            Indicator.board_goal_id.is_not(None))) == 1
        assert db.session.scalar(select(func.count()).select_from(PeriodReading)) == 1
        entry = db.session.scalar(select(AuditEntry).where(
            AuditEntry.action == "boardgoal.delete"))
        assert entry.before["title"] == "Ett nämndmål av misstag"
        assert entry.before["indicators"] == 1


def test_only_an_administrator_changes_or_removes_board_goals(app, client, login_as,
                                                              decided):
    board_goal_id, _ = _board_goal(app, decided)
    for role in (Role.CONTROLLER, Role.MODERATOR):
        login_as(role)
        assert client.get(f"/admin/namnder/mal/{board_goal_id}/andra").status_code == 403
        assert submit(client, f"/admin/namnder/mal/{board_goal_id}/ta-bort", {},
                      form_page="/").status_code == 403
    with app.app_context():
        assert db.session.get(BoardGoal, board_goal_id) is not None


# --- Follow-up periods ---------------------------------------------------------------------

def _open_period(app, client, decided, kind, year):
    """The controller opens a period of the decided process; its id."""
    submit(client, f"/uppfoljning/{decided['slug']}/", {"kind": kind, "year": year})
    with app.app_context():
        return db.session.scalar(select(FollowUpPeriod.id))


def _record(client, period_id, decided, **fields):
    indicator, (first, second) = decided["indicator"], decided["goals"]
    data = {f"value-{indicator}": "85,5", f"forecast-{indicator}": "86",
            f"rating-{first}": "partly", f"text-{first}": "Tryggheten ökar men långsamt.",
            f"rating-{second}": "achieved", f"text-{second}": "Arbetslösheten minskar.",
            **fields}
    return submit(client, f"/uppfoljning/period/{period_id}", data)


def test_a_controller_records_and_approves_a_period_logged_and_told_once(
        app, client, login_as, decided, outbox):
    login_as(Role.CONTROLLER)
    opened = submit(client, f"/uppfoljning/{decided['slug']}/",
                    {"kind": "interim", "year": "2026"})
    assert opened.status_code == 302
    with app.app_context():
        period_id = db.session.scalar(select(FollowUpPeriod.id))
    half = _record(client, period_id, decided, **{f"rating-{decided['goals'][1]}": "",
                                                  f"text-{decided['goals'][1]}": ""})
    assert half.status_code == 302
    page = client.get(f"/uppfoljning/period/{period_id}").get_data(as_text=True)
    assert "Bedöm varje mål innan du godkänner" in page
    assert _record(client, period_id, decided).status_code == 302
    resident_view = app.test_client().get(f"/mal/{decided['goals'][0]}/uppfoljning")
    assert "Tryggheten ökar" not in resident_view.get_data(as_text=True)  # not approved yet
    approved = submit(client, f"/uppfoljning/period/{period_id}/godkann", {},
                      form_page=f"/uppfoljning/period/{period_id}", follow_redirects=True)
    assert "Perioden är godkänd och publicerad" in approved.get_data(as_text=True)
    with app.app_context():
        period = db.session.get(FollowUpPeriod, period_id)
        assert period.approved_at is not None
        assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "followupperiod.approve")) == 1
    assert len(outbox.to("vill-veta@example.org")) == 1 and not outbox.to("tyst@example.org")
    assert "Delårsrapport 2026" in outbox.to("vill-veta@example.org")[0]["Subject"]
    again = submit(client, f"/uppfoljning/period/{period_id}/godkann", {},
                   form_page=f"/uppfoljning/{decided['slug']}/", follow_redirects=True)
    assert "Perioden är godkänd och stängd" in again.get_data(as_text=True)
    assert len(outbox.to("vill-veta@example.org")) == 1


def test_a_value_for_a_closed_period_is_refused_and_nothing_changes(
        app, client, login_as, decided):
    login_as(Role.CONTROLLER)
    period_id = _open_period(app, client, decided, "annual", "2025")
    _record(client, period_id, decided)
    submit(client, f"/uppfoljning/period/{period_id}/godkann", {},
           form_page=f"/uppfoljning/period/{period_id}")
    with app.app_context():
        period = db.session.get(FollowUpPeriod, period_id)
        actor = db.session.scalar(select(User).where(User.role == Role.CONTROLLER))
        from app.services.followup import periods
        with pytest.raises(DomainError, match="godkänd och stängd"):
            periods.record(actor, period, readings={decided["indicator"]: (1.0, None)},
                           assessments={})
        db.session.rollback()
        reading = db.session.get(FollowUpPeriod, period_id).readings[0]
        assert (reading.value, reading.forecast) == (85.5, None)  # annual: no forecast


def test_a_number_that_is_not_one_keeps_the_form_and_saves_nothing(
        app, client, login_as, decided):
    login_as(Role.CONTROLLER)
    period_id = _open_period(app, client, decided, "interim", "2026")
    response = _record(client, period_id, decided, **{
        f"value-{decided['indicator']}": "åttiofem"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Skriv ett tal, som 12,5." in page
    assert 'value="åttiofem"' in page and "Tryggheten ökar men långsamt." in page
    with app.app_context():
        period = db.session.get(FollowUpPeriod, period_id)
        assert (period.readings, period.assessments) == ([], [])


def test_a_board_goal_removed_while_a_period_is_saved_keeps_the_form_with_words(
        app, client, login_as, decided, make_user, monkeypatch):
    """Another app server removes a board goal between the controller's request reading
    the indicators and saving: the form comes back with what was typed, saying why, and
    nothing of it is saved."""
    from app.services.followup import boards, periods
    board_goal_id, board_indicator = _board_goal(app, decided)
    admin = make_user(role=Role.ADMIN)
    login_as(Role.CONTROLLER)
    period_id = _open_period(app, client, decided, "interim", "2026")
    record = periods.record

    def removed_meanwhile(*args, **kwargs):
        def remove():
            with app.app_context():
                boards.remove_board_goal(db.session.get(User, admin.id),
                                         db.session.get(BoardGoal, board_goal_id))
                db.session.remove()
        elsewhere = threading.Thread(target=remove)
        elsewhere.start()
        elsewhere.join(timeout=30)
        return record(*args, **kwargs)
    monkeypatch.setattr(periods, "record", removed_meanwhile)
    response = _record(client, period_id, decided, **{f"value-{board_indicator}": "75"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Ett mått togs bort medan du skrev" in page
    assert "Tryggheten ökar men långsamt." in page and 'value="85,5"' in page
    assert f'name="value-{board_indicator}"' not in page
    with app.app_context():
        assert db.session.get(BoardGoal, board_goal_id) is None
        period = db.session.get(FollowUpPeriod, period_id)
        assert (period.readings, period.assessments) == ([], [])


def test_only_a_controller_or_an_administrator_follows_up(client, login_as, decided):
    login_as(Role.COMMITTEE)
    assert client.get(f"/uppfoljning/{decided['slug']}/").status_code == 403


# --- The public progress page and open data ------------------------------------------------

def test_the_progress_page_shows_charts_with_their_tables_and_the_approved_periods(
        app, client, decided, make_user):
    controller = make_user(role=Role.CONTROLLER)
    with app.app_context():
        from app.services.followup import periods
        actor = db.session.get(User, controller.id)
        period = periods.open_period(actor, db.session.get(Process, _process_id(app, decided)),
                                     kind="interim", year=2026)
        periods.record(actor, period, readings={decided["indicator"]: (85.5, 86.0)},
                       assessments={decided["goals"][0]: ("partly", "Det går åt rätt håll."),
                                    decided["goals"][1]: ("not", "")})
        periods.approve(actor, period, utcnow())
        db.session.add(BoardGoal(goal_id=decided["goals"][0], board_id=decided["board"],
                                 title="Alla elever får stöd i tid"))
        db.session.commit()
    page = client.get(f"/mal/{decided['goals'][0]}/uppfoljning").get_data(as_text=True)
    assert "Delårsrapport 2026" in page and "Delvis uppnått" in page
    assert "Det går åt rätt håll." in page and "85,5 %" in page and "86 %" in page
    assert "Alla elever får stöd i tid" in page and "Barn- och ungdomsnämnden" in page
    assert "Läxhjälp på biblioteket" in page
    chart = re.findall(r'class="chart__value">([^<]+)<', page)
    table = re.findall(r'<th scope="row">(\d{4})</th><td class="number">([^<]+)<', page)
    assert chart == ["83", "84,5"]  # the chart's numbers as the table writes them
    assert [v for _year, v in table] == chart
    results = client.get(f"/process/{decided['slug']}/resultat").get_data(as_text=True)
    assert f"/mal/{decided['goals'][0]}/uppfoljning" in results
    data = json.loads(client.get(f"/process/{decided['slug']}/oppna-data.json").get_data())
    goal = data["goals"][0]
    assert goal["indicators"][0]["values"] == [{"year": 2023, "value": 83.0},
                                               {"year": 2024, "value": 84.5}]
    assert goal["board_goals"][0]["board"] == "Barn- och ungdomsnämnden"
    assert data["followup_periods"][0]["assessments"][0]["rating"] == "partly"


def _process_id(app, decided):
    with app.app_context():
        return db.session.get(Goal, decided["goals"][0]).process_id


def test_a_draft_goal_or_unpublished_results_have_no_progress_page(app, client, draft):
    assert client.get(f"/mal/{draft}/uppfoljning").status_code == 404


# --- Values entered and imported by staff --------------------------------------------------

def _import(client, slug, text, filename="varden.csv"):
    from tests.conftest import csrf_token
    token = csrf_token(client, f"/uppfoljning/{slug}/")
    return client.post(f"/uppfoljning/{slug}/importera", data={
        "csrf_token": token, "file": (io.BytesIO(text.encode("utf-8-sig")), filename)},
        content_type="multipart/form-data")


def test_values_are_entered_and_imported_all_or_none(app, client, login_as, decided):
    login_as(Role.CONTROLLER)
    slug, indicator = decided["slug"], decided["indicator"]
    assert submit(client, f"/uppfoljning/{slug}/varde", {
        "indicator_id": str(indicator), "value_year": "2025", "value": "85,0"},
        form_page=f"/uppfoljning/{slug}/").status_code == 302
    mismatch = _import(client, slug, f"indikator;år;värde;enhet\n{indicator};2026;86;%\n"
                                     f"{indicator};2027;87;antal\n")
    page = mismatch.get_data(as_text=True)
    assert mismatch.status_code == 400
    assert "Rad 3: enheten ”antal” är inte måttets enhet ”%”." in page
    assert _values(app, indicator) == {2023: 83, 2024: 84.5, 2025: 85}  # nothing half-done
    good = _import(client, slug, f"indikator;år;värde;enhet\n{indicator};2026;86,5;%\n")
    assert good.status_code == 302
    assert _values(app, indicator)[2026] == 86.5
    # Junk that Python reads as a number or a digit is refused row by row, nothing stored:
    # an infinite value would break the open data's JSON.
    junk = _import(client, slug, "indikator;år;värde;enhet\n"
                   f"\u00b2;2024;5;%\n{indicator};\u00b2;5;%\n{indicator};2024;nan;%\n"
                   f"{indicator};2023;1e999;%\n{indicator};2023;inf;%\n"
                   f"99999999999999999999;2023;1;%\n{indicator};99999999999999999999;1;%\n"
                   f"{indicator};2023;\uff11\uff12;%\n{indicator};2023;1_000;%\n")
    page = junk.get_data(as_text=True)
    assert junk.status_code == 400
    assert "Rad 2: inget mått nummer \u00b2 i den här processen." in page
    for line in (3, 4, 5, 6, 8, 9, 10):
        assert f"Rad {line}: ange år och värde som tal." in page
    assert "Rad 7: inget mått nummer 99999999999999999999 i den här processen." in page
    assert _values(app, indicator) == {2023: 83, 2024: 84.5, 2025: 85, 2026: 86.5}
    # A future year, the same year twice, or a header alone: said by row, nothing stored.
    later = _import(client, slug, "indikator;år;värde;enhet\n"
                    f"{indicator};2099;5;%\n{indicator};2022;5;%\n{indicator};2022;6;%\n")
    page = later.get_data(as_text=True)
    assert later.status_code == 400 and "Rad 2: ange ett år mellan 1990 och" in page
    assert "Rad 4: samma mått och år som rad 3: behåll en." in page
    empty = _import(client, slug, "indikator;år;värde;enhet\n")
    assert empty.status_code == 400 and "Filen har en rubrikrad men inga värden." in \
        empty.get_data(as_text=True)
    assert _values(app, indicator) == {2023: 83, 2024: 84.5, 2025: 85, 2026: 86.5}


def test_an_administrator_makes_someone_a_controller_who_then_finds_the_follow_up(
        app, client, auth, login_as, make_user, decided):
    person = make_user(role=Role.COMMITTEE, email="ekonom@example.org")
    login_as(Role.ADMIN)
    response = submit(client, f"/admin/anvandare/{person.id}",
                      {"role": "controller", "active": "y"})
    assert response.status_code == 302
    auth.logout()
    auth.login("ekonom@example.org")
    start = client.get("/").get_data(as_text=True)
    assert 'href="/uppfoljning/"' in start
    assert client.get(f"/uppfoljning/{decided['slug']}/").status_code == 200


def test_a_board_set_aside_gets_no_new_board_goal(app, client, login_as, decided):
    login_as(Role.ADMIN)
    response = submit(client, f"/admin/namnder/{decided['board']}/aktiv", {"active": "0"},
                      form_page="/admin/namnder/", follow_redirects=True)
    assert "undanlagd: inga nya nämndmål" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Board, decided["board"]).active is False
    page = client.get(f"/admin/namnder/{decided['slug']}/").get_data(as_text=True)
    assert "Lägg först till nämnderna och bolagen." in page  # none left to choose
    refused = submit(client, f"/admin/namnder/{decided['slug']}/", board_goal_fields(decided),
                     form_page="/admin/namnder/")
    assert refused.status_code == 200
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(BoardGoal)) == 0


def test_values_are_imported_from_an_excel_workbook(app, client, login_as, decided):
    from openpyxl import Workbook
    login_as(Role.CONTROLLER)
    book = Workbook()
    sheet = book.active
    sheet.append(["indikator", "år", "värde", "enhet"])
    sheet.append([decided["indicator"], 2025, 85.25, "%"])
    content = io.BytesIO()
    book.save(content)
    from tests.conftest import csrf_token
    token = csrf_token(client, f"/uppfoljning/{decided['slug']}/")
    response = client.post(f"/uppfoljning/{decided['slug']}/importera", data={
        "csrf_token": token, "file": (io.BytesIO(content.getvalue()), "varden.xlsx")},
        content_type="multipart/form-data")
    assert response.status_code == 302
    assert _values(app, decided["indicator"])[2025] == 85.25


def test_a_controller_fetches_kolada_now_as_a_job(app, client, auth, login_as, recorded,
                                                  decided, kolada_indicator_of_decided):
    recorded["/data/kpi/N15419/municipality/1980"] = "N15419_1980.json"
    page = f"/uppfoljning/{decided['slug']}/"
    login_as(Role.MODERATOR)
    assert submit(client, f"{page}kolada", {}, form_page="/").status_code == 403
    auth.logout()
    login_as(Role.CONTROLLER)
    assert "Hämta dem från Kolada nu" in client.get(page).get_data(as_text=True)
    done = submit(client, f"{page}kolada", {}, form_page=page, follow_redirects=True)
    assert "Kolada är tillfrågat" in done.get_data(as_text=True)
    assert _values(app, kolada_indicator_of_decided) == {2021: 87.3, 2022: 88.0}
    with app.app_context():
        job = db.session.scalar(select(Job).where(Job.name == "kolada_fetch"))
        assert job.status == JobStatus.DONE
        assert db.session.get(Indicator, kolada_indicator_of_decided).fetched_at is not None
    assert client.post(f"{page}kolada").status_code == 400  # no CSRF token
    # Kolada knows nothing of it now: nothing fetched, so the job fails visibly (and can be
    # tried again) instead of being "done".
    recorded.clear()
    submit(client, f"{page}kolada", {}, form_page=page)
    with app.app_context():
        latest = db.session.scalar(select(Job).where(Job.name == "kolada_fetch")
                                   .order_by(Job.id.desc()))
        assert latest.status == JobStatus.FAILED and "could be fetched" in latest.error


@pytest.fixture
def kolada_indicator_of_decided(app, decided):
    with app.app_context():
        indicator = Indicator(goal_id=decided["goals"][1], name="Behöriga till gymnasiet",
                              unit="%", direction="higher", baseline_value=86,
                              baseline_year=2019, target_value=92, target_year=2030,
                              source="kolada", kolada_kpi="N15419", kolada_municipality="1980")
        db.session.add(indicator)
        db.session.commit()
        return indicator.id


def test_a_reading_recorded_while_its_board_goal_is_removed_is_never_lost(
        app, decided, make_user):
    """Removal and a controller's reading at the same moment, five rounds: either the
    removal is refused and the reading kept, or the reading is refused with words (no
    server error); a reading reported saved never goes with the board goal."""
    from app.services.followup import boards, periods
    admin, controller = make_user(role=Role.ADMIN), make_user(role=Role.CONTROLLER)
    for round_ in range(5):
        board_goal_id, indicator_id = _board_goal(app, decided, title=f"Nämndmål {round_}")
        with app.app_context():
            period = FollowUpPeriod(process_id=_process_id(app, decided), kind="interim",
                                    year=2026 + round_)
            db.session.add(period)
            db.session.commit()
            period_id = period.id

        def prepare(actor):
            if actor.id == admin.id:
                target = db.session.get(BoardGoal, board_goal_id)
                return _outcome("removed", lambda: boards.remove_board_goal(actor, target))
            period = db.session.get(FollowUpPeriod, period_id)
            return _outcome("recorded", lambda: periods.record(
                actor, period, readings={indicator_id: (70.0, 71.0)}, assessments={}))
        outcomes = dict(at_once(app, [admin, controller], prepare))
        with app.app_context():
            kept = db.session.scalar(select(func.count()).select_from(PeriodReading).where(
                PeriodReading.period_id == period_id))
            still_there = db.session.get(BoardGoal, board_goal_id) is not None
        assert outcomes["removed"] != still_there
        assert kept == (1 if outcomes["recorded"] else 0)
        assert not (outcomes["removed"] and outcomes["recorded"])


def _outcome(name, decide):
    """A decision that reports (name, True) when it went through and (name, False) when
    it was refused with words; anything else fails the test."""
    def run():
        try:
            decide()
        except DomainError:
            db.session.rollback()
            return name, False
        return name, True
    return run


def test_the_progress_page_draws_each_board_goals_indicators_as_the_goals_own(
        app, client, decided):
    """A board goal's indicator is a chart with its table, as the overarching goal's are;
    a board goal without one says so."""
    with app.app_context():
        served = BoardGoal(goal_id=decided["goals"][0], board_id=decided["board"],
                           title="Alla elever får stöd i tid")
        served.indicators = [Indicator(
            name="Elever med stöd inom en månad", unit="%", direction="higher",
            baseline_value=60, baseline_year=2022, target_value=95, target_year=2030,
            values=[IndicatorValue(year=2024, value=71.5)])]
        db.session.add_all([served, BoardGoal(goal_id=decided["goals"][0],
                                              board_id=decided["board"],
                                              title="Fler lärare stannar")])
        db.session.commit()
        indicator_id = served.indicators[0].id
    page = client.get(f"/mal/{decided['goals'][0]}/uppfoljning").get_data(as_text=True)
    board_part = page[page.index("Alla elever får stöd i tid"):]
    assert f'<h4 id="indicator-{indicator_id}">Elever med stöd inom en månad</h4>' in board_part
    assert "<svg" in board_part.split("Fler lärare stannar")[0]
    assert re.search(r'<th scope="row">2024</th><td class="number">71,5</td>', board_part)
    assert "Nämndmålet har inga mått ännu." in board_part.split("Fler lärare stannar")[1]


def test_one_years_value_entered_by_two_at_once_is_kept_once(app, decided, make_user):
    """Two controllers enter the same indicator's value for the same year at the same
    moment, three years: one value per year stands, and the other request is either
    saved over it or told, never a server error."""
    controllers = [make_user(role=Role.CONTROLLER) for _ in range(2)]
    entered = dict(zip((c.id for c in controllers), (81.0, 82.0)))
    for year in (2023, 2024, 2025):
        def prepare(actor):
            indicator = db.session.get(Indicator, decided["indicator"])

            def decide():
                try:
                    indicators.set_value(actor, indicator, year=year, value=entered[actor.id])
                except DomainError:
                    return "told"
                return "saved"
            return decide
        outcomes = at_once(app, controllers, prepare)
        assert len(outcomes) == 2 and "saved" in outcomes
        with app.app_context():
            values = db.session.scalars(select(IndicatorValue.value).where(
                IndicatorValue.indicator_id == decided["indicator"],
                IndicatorValue.year == year)).all()
            assert len(values) == 1 and values[0] in (81.0, 82.0)


def test_an_outcome_for_a_year_not_begun_is_refused_at_its_field_and_a_change_logged(
        app, client, login_as, decided):
    """An outcome for 2030 would be published as if it had happened; a corrected value
    keeps the one it replaced in the audit log."""
    from app.i18n import to_local
    login_as(Role.CONTROLLER)
    page = f"/uppfoljning/{decided['slug']}/"
    next_year = to_local(utcnow()).year + 1
    fields = {"indicator_id": decided["indicator"], "value": "86"}
    refused = submit(client, f"{page}varde", {**fields, "value_year": str(next_year)},
                     form_page=page)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 400 and 'id="value_year-error"' in html
    assert "ett år som har börjat" in html
    for value in ("85,5", "86"):
        assert submit(client, f"{page}varde", {**fields, "value": value, "value_year": "2025"},
                      form_page=page).status_code == 302
    with app.app_context():
        entries = db.session.scalars(select(AuditEntry).where(
            AuditEntry.action == "indicator.values").order_by(AuditEntry.id)).all()
        assert [e.before for e in entries] == [None, {"year": 2025, "value": 85.5}]


def test_a_kolada_answer_with_a_value_that_is_no_figure_leaves_that_year_out():
    """Python's JSON reader takes NaN and 1e999; stored, they would show as ∞ and break the
    open data's JSON."""
    body = ('{"values": [' + ", ".join(
        f'{{"kpi": "N00001", "municipality": "1440", "period": {year}, '
        f'"values": [{{"gender": "T", "value": {value}}}]}}'
        for year, value in ((2021, "NaN"), (2022, "1e999"), (2023, "-Infinity"), (2024, "12.5")))
        + "]}")
    assert kolada.parse(body, "N00001", "1440") == ({2024: 12.5}, None)


@pytest.mark.parametrize("value", ["1e25", "1000000000000000", "-2e15"])
def test_a_number_beyond_any_figure_is_refused_where_it_would_break_the_pages(
        app, client, login_as, decided, value):
    """A value from 1e15 up was saved, and then the period page, the follow-up page and the
    public progress page could not write it out (500s) for good once approved."""
    login_as(Role.CONTROLLER)
    period_id = _open_period(app, client, decided, "interim", "2026")
    response = _record(client, period_id, decided, **{f"value-{decided['indicator']}": value})
    assert response.status_code == 400 and "Skriv ett tal, som 12,5." in response.get_data(
        as_text=True)
    assert client.get(f"/uppfoljning/period/{period_id}").status_code == 200


def test_an_assessments_text_without_a_rating_is_not_lost_without_a_word(
        app, client, login_as, decided):
    login_as(Role.CONTROLLER)
    period_id = _open_period(app, client, decided, "interim", "2026")
    first = decided["goals"][0]
    response = _record(client, period_id, decided, **{f"rating-{first}": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'id="rating-{first}-error"' in page and "Tryggheten ökar men långsamt." in page
    with app.app_context():
        assert db.session.get(FollowUpPeriod, period_id).assessments == []


@pytest.mark.parametrize("year", ["next", "2100", "1989"])
def test_a_period_is_opened_only_for_a_year_that_has_begun(app, client, login_as, decided,
                                                           year):
    """A period for 2100 was accepted and, approved, published for good."""
    from app.i18n import to_local
    if year == "next":
        year = str(to_local(utcnow()).year + 1)
    login_as(Role.CONTROLLER)
    page = submit(client, f"/uppfoljning/{decided['slug']}/", {"kind": "interim", "year": year})
    assert page.status_code in (200, 400) and 'id="year-error"' in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(FollowUpPeriod.id)) is None
