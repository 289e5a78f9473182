"""Who we have heard from: residents answer optional questions once, kept apart from their
accounts; paper forms and imports carry the same answers; staff and KSAU see reach against
the population with every small group withheld, on the page and in the download; staff
plan visits that show publicly."""
import datetime as dt
import io
import random
import re
import threading

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import (AGE_BANDS, DECLINED, Channel, District, OutreachAction,
                        ParticipantProfile, PopulationFigure, Process, ProfileAnswer,
                        ProfileQuestion, Role, User)
from app.models.base import utcnow
from app.services.people import accounts
from app.services.reach import figures, profiles
from app.services.reach.figures import UNANSWERED
from tests.conftest import PASSWORD, csrf_token, submit
from tests.functional.test_channels import csv_bytes, dry_run, commit as commit_import
from tests.support.http import HttpClient
from tests.support.concurrency import meanwhile
from tests.unit.test_suppression import exposed_by_oracle, pinned_by_oracle

TODAY = utcnow().date()
MARKER = "dolt*"


@pytest.fixture
def process(make_process):
    return make_process(focus_areas=("Trygghet och gemenskap", "Hållbar miljö"))


@pytest.fixture
def districts(app):
    with app.app_context():
        rows = [District(name=name, position=i) for i, name in
                enumerate(("Centrum", "Norrby", "Söderby"), start=1)]
        db.session.add_all(rows)
        db.session.commit()
        return {d.name: d.id for d in rows}


@pytest.fixture(autouse=True)
def every_profile_released(monkeypatch):
    """The protection is tested on every profile; releasing them five at a time is tested
    on its own (test_the_figures_move_five_answers_at_a_time)."""
    monkeypatch.setattr(figures, "RELEASED_BY", 1)


@pytest.fixture
def question(app, process):
    with app.app_context():
        q = ProfileQuestion(process_id=process.id, text="Jag arbetar i kommunen",
                            choices=["Ja", "Nej"])
        db.session.add(q)
        db.session.commit()
        return q.id


def about_you(process):
    return f"/process/{process.slug}/om-dig"


def all_profiles(app):
    with app.app_context():
        found = db.session.scalars(select(ParticipantProfile)).all()
        for profile in found:
            db.session.refresh(profile)
            _ = profile.answers
            db.session.expunge(profile)
        return found


def test_a_resident_is_invited_after_taking_part_and_answers_once(
        app, client, login_as, process, districts, question, make_proposal):
    resident = login_as(Role.RESIDENT)
    proposal = make_proposal(process, author=resident)
    page = client.get(f"/forslag/{proposal.id}").get_data(as_text=True)
    assert "Vill du berätta lite om dig själv?" in page
    form = client.get(about_you(process)).get_data(as_text=True)
    assert "Din ålder" in form and "Området där du bor" in form and "Jag arbetar i kommunen" in form
    assert form.count("Vill inte svara") == 3
    response = submit(client, about_you(process), {
        "age_band": "18-24", "district": str(districts["Norrby"]),
        f"question_{question}": "Ja", "next": f"/forslag/{proposal.id}"})
    assert response.status_code == 302 and response.headers["Location"] == f"/forslag/{proposal.id}"
    [profile] = all_profiles(app)
    assert (profile.age_band, profile.district_id, profile.channel) == (
        "18-24", districts["Norrby"], Channel.DIGITAL)
    assert [(a.question_id, a.choice) for a in profile.answers] == [(question, "Ja")]
    assert profile.week.weekday() == 0 and profile.week <= TODAY
    # Nothing in the row names the account: no id, no address, only a keyed hash.
    assert str(resident.id) != profile.owner_key and len(profile.owner_key) == 64
    assert not any(str(value) in (str(resident.id), resident.email) for value in (
        profile.age_band, profile.district_id, profile.week))
    assert "user_id" not in ParticipantProfile.__table__.columns
    # Asked once: the page sends them on, and the invitation is gone.
    again = client.get(about_you(process), follow_redirects=True).get_data(as_text=True)
    assert "Du har redan svarat på de här frågorna." in again
    assert "Vill du berätta" not in client.get(f"/forslag/{proposal.id}").get_data(as_text=True)
    refused = submit(client, about_you(process), {"age_band": "25-34"},
                     form_page=f"/forslag/{proposal.id}")
    assert refused.status_code == 302 and len(all_profiles(app)) == 1


def test_prefer_not_to_say_and_not_now_are_answers_too(
        app, client, auth, make_user, process, districts, question):
    first, second = make_user(), make_user()
    auth.login(first.email)
    submit(client, about_you(process), {"age_band": DECLINED, "district": DECLINED,
                                        f"question_{question}": DECLINED})
    auth.logout()
    auth.login(second.email)
    submit(client, about_you(process), {"age_band": "80-", "skip": "1"})
    declined, skipped = sorted(all_profiles(app), key=lambda p: p.id)
    assert (declined.age_band, declined.district_id, declined.district_declined) == (
        DECLINED, None, True)
    assert [a.choice for a in declined.answers] == [None]  # "prefer not to say"
    assert (skipped.age_band, skipped.district_declined, skipped.answers) == (None, False, [])


@pytest.mark.parametrize("data", [
    {"age_band": "99-100"}, {"age_band": "x" * 5000}, {"district": "99999999999"},
    {"district": "-1"}, {"question_1": "Kanske"},
])
def test_answers_not_offered_are_refused_next_to_the_field(app, client, login_as, process,
                                                           districts, question, data):
    login_as(Role.RESIDENT)
    if "question_1" in data:
        data = {f"question_{question}": data["question_1"]}
    response = submit(client, about_you(process), data)
    assert response.status_code == 200
    assert "Välj ett av svaren." in response.get_data(as_text=True)
    assert all_profiles(app) == []


def test_a_nul_in_an_answer_is_removed_before_it_is_read(app, client, login_as, process,
                                                         districts):
    login_as(Role.RESIDENT)
    response = submit(client, about_you(process), {"district": "99\x00"})
    assert response.status_code == 200 and "Välj ett av svaren." in response.get_data(
        as_text=True)
    assert all_profiles(app) == []


def test_two_answers_at_the_same_moment_are_kept_once(app, live_server, make_user, process):
    resident = make_user()
    client = HttpClient(live_server)
    client.log_in(resident.email, PASSWORD)
    token = client.csrf_token(about_you(process))
    tabs = [client.clone() for _ in range(4)]
    start, statuses = threading.Barrier(len(tabs)), []

    def send(tab, band):
        start.wait()
        statuses.append(tab.post(about_you(process), {"csrf_token": token, "age_band": band})[0])

    threads = [threading.Thread(target=send, args=(tab, band))
               for tab, band in zip(tabs, AGE_BANDS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(all_profiles(app)) == 1
    assert 302 in statuses and set(statuses) <= {200, 302}


def test_deleting_the_account_deletes_its_answers_but_not_the_paper_ones(
        app, make_user, process, districts):
    resident = make_user()
    with app.app_context():
        process_ = db.session.get(Process, process.id)
        user = db.session.get(User, resident.id)
        profiles.answer(user, process_, day=TODAY, age_band="25-34")
        profiles.paper_profile(process_, channel=Channel.PLACE, day=TODAY, age_band="13-17")
        db.session.commit()
        exported = accounts.export_data(user)
        assert exported["about_you"][0]["age_band"] == "25-34"
        accounts.delete_account(user, password=PASSWORD)
        assert db.session.scalars(select(ParticipantProfile.age_band)).all() == ["13-17"]


def _profiles(app, process, spec):
    """[(count, age band, district name or None, week offset)] straight into the table."""
    with app.app_context():
        ids = dict(db.session.execute(select(District.name, District.id)).all())
        monday = profiles.week_of(TODAY)
        for count, band, district, weeks_ago in spec:
            for _ in range(count):
                db.session.add(ParticipantProfile(
                    process_id=process.id, channel=Channel.DIGITAL,
                    week=monday - dt.timedelta(weeks=weeks_ago), age_band=band,
                    district_id=ids.get(district), district_declined=district == DECLINED))
        db.session.commit()


def _population(app):
    with app.app_context():
        for district_id in db.session.scalars(select(District.id)):
            db.session.add_all(PopulationFigure(district_id=district_id, age_band=band,
                                                count=1000) for band in AGE_BANDS)
        db.session.commit()


def shown_numbers(html):
    """Every count of people in the reach tables: the cells that are not a share."""
    counts = []
    for table in re.findall(r"<table.*?</table>", html, re.S):
        if "Andel" not in table and "Deltagare" not in table and "Ålder" not in table \
                and "Veckan" not in table:
            continue
        for cell in re.findall(r"<td>(.*?)</td>", table, re.S):
            text = re.sub(r"<[^>]+>", "", cell).strip()
            if text and "%" not in text and text != "–" and not text.startswith("▼"):
                counts.append(text)
    return counts


SPEC = [(30, "45-64", "Centrum", 0), (12, "25-34", "Norrby", 1), (2, "13-17", "Centrum", 0),
        (6, "65-79", "Söderby", 1), (7, "35-44", "Centrum", 1), (1, DECLINED, DECLINED, 0)]


def test_the_reach_view_withholds_every_small_group_and_marks_the_missing(
        app, client, login_as, process, districts, question):
    _profiles(app, process, SPEC)
    _population(app)
    login_as(Role.COMMITTEE)
    page = client.get(f"/ksau/{process.slug}/rackvidd").get_data(as_text=True)
    assert MARKER in page
    counts = shown_numbers(page)
    assert counts, "the tables were not found"
    for text in counts:
        assert text == MARKER or int(text.replace("\u00a0", "").replace(" ", "")) >= 5, text
    assert "58" in page  # all who answered, a figure well above 5, shown
    # 13-17 (2 of 58, a seventh of the population) is marked, and so is 18-24 (none).
    marked = re.findall(r'<tr class="reach-marked"><th scope="row">(.*?)</th>', page)
    assert "13–17" in marked and "18–24" in marked and "45–64" not in marked
    assert "Planera ett besök" not in page  # KSAU reads; staff plan


def test_a_mark_never_says_a_withheld_group_has_no_one(app, client, login_as, process,
                                                       districts, question):
    """Where half a group's share of the population is one person or less, a mark on it
    would say its count is 0: such a withheld group is never marked, whatever its count."""
    _profiles(app, process, SPEC)  # no one aged 80 or over among the 58
    with app.app_context():
        for district_id in db.session.scalars(select(District.id)):
            db.session.add_all(PopulationFigure(district_id=district_id, age_band=band,
                                                count=20 if band == "80-" else 1000)
                               for band in AGE_BANDS)
        db.session.commit()
    login_as(Role.COMMITTEE)
    page = client.get(f"/ksau/{process.slug}/rackvidd").get_data(as_text=True)
    marked = re.findall(r'<tr class="reach-marked"><th scope="row">(.*?)</th>', page)
    assert "80 och äldre" not in marked and "18–24" in marked  # 18-24: none of a seventh


def test_the_download_withholds_the_same_figures(app, client, login_as, process, districts):
    _profiles(app, process, SPEC)
    login_as(Role.MODERATOR)
    response = client.get(f"/ksau/{process.slug}/rackvidd.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = [line.split(";") for line in response.get_data(as_text=True).splitlines()[1:]
            if line.count(";") >= 5]
    assert rows
    for row in rows:
        assert row[2] == MARKER or int(row[2]) >= 5, row


def test_a_resident_sees_no_reach(client, login_as, process):
    login_as(Role.RESIDENT)
    assert client.get(f"/ksau/{process.slug}/rackvidd").status_code == 403
    assert client.get(f"/ksau/{process.slug}/rackvidd.csv").status_code == 403


def _relations(reach):
    """The sums a reader sees between the shown figures, rebuilt from the view's data."""
    shown, relations = {"all": reach.total}, []
    for name, dimension in (("age", reach.ages), ("district", reach.districts)):
        keys = [g.key for g in dimension.groups]
        for g in dimension.groups:
            shown[name, g.key] = g.count
        shown[name, "answered"] = dimension.answered
        relations.append(("all", [(name, k) for k in keys]))
        relations.append(((name, "answered"), [(name, k) for k in keys
                                               if k not in (DECLINED, UNANSWERED)]))
        for week, counts, total in dimension.by_week:
            shown["week", week] = total
            for key, value in zip(keys, counts):
                shown[name, week, key] = value
            relations.append((("week", week), [(name, week, k) for k in keys]))
        for key in keys:
            relations.append(((name, key), [(name, w, key) for w, _c, _t in dimension.by_week]))
    relations.append(("all", [("week", w) for w, _c in reach.weeks]))
    for question, groups in reach.questions:
        for g in groups:
            shown["q", question.id, g.key] = g.count
        relations.append(("all", [("q", question.id, g.key) for g in groups]))
    return shown, relations


@pytest.mark.parametrize("seed", range(12))
def test_random_participants_never_give_away_a_small_group(app, process, districts, question,
                                                           seed):
    """Property-style, through the database: whatever the answers, no shown count is
    below 5, every shown count is true, and no withheld one follows from the shown."""
    rng = random.Random(seed)
    names = [*districts, DECLINED, None]
    bands = [*AGE_BANDS, DECLINED, None]
    spec = [(rng.choice([1, 1, 2, 3, 4, 6, 9, 15]), rng.choice(bands), rng.choice(names),
             rng.randint(0, 3)) for _ in range(rng.randint(1, 14))]
    _profiles(app, process, spec)
    with app.app_context():
        for profile_id in db.session.scalars(select(ParticipantProfile.id)):
            choice = rng.choice(["Ja", "Nej", None, "skip"])
            if choice != "skip":
                db.session.add(ProfileAnswer(profile_id=profile_id, question_id=question,
                                             choice=choice))
        db.session.commit()
        reach = figures.compute(db.session.get(Process, process.id))
        process_ = db.session.get(Process, process.id)
        truth = figures._answers(profiles.questions_of(process_), process_)
    shown, relations = _relations(reach)
    assert reach.total == sum(c for c, *_ in spec) or reach.total is None
    visible = {k: v for k, v in shown.items() if v is not None}
    assert all(v >= 5 for v in visible.values())
    for (_, qid, key), value in ((k, v) for k, v in visible.items() if k[0] == "q"):
        if key not in (UNANSWERED,):
            assert value == truth[qid, key]
    assert exposed_by_oracle(relations, visible) == set()
    assert pinned_by_oracle(relations, visible) == set()


def test_a_resident_answering_while_the_reach_is_counted_never_makes_a_negative_group(
        app, process, districts, question, monkeypatch):
    """Profiles and answers are read by two statements: a profile saved with its answers
    between them is counted in neither, so no group comes out below zero (which stopped
    the page with a server error)."""
    _profiles(app, process, [(6, AGE_BANDS[1], "Centrum", 0)])
    with app.app_context():
        for profile_id in db.session.scalars(select(ParticipantProfile.id)):
            db.session.add(ProfileAnswer(profile_id=profile_id, question_id=question,
                                         choice="Ja"))
        db.session.commit()
    answers = figures._answers

    def answered_meanwhile(*args, **kwargs):
        def answer():
            profile = ParticipantProfile(process_id=process.id, channel=Channel.DIGITAL,
                                         week=profiles.week_of(TODAY), age_band=AGE_BANDS[1],
                                         district_id=districts["Centrum"])
            db.session.add(profile)
            db.session.flush()
            db.session.add(ProfileAnswer(profile_id=profile.id, question_id=question,
                                         choice="Ja"))
            db.session.commit()
        meanwhile(app, answer)
        return answers(*args, **kwargs)
    monkeypatch.setattr(figures, "_answers", answered_meanwhile)
    with app.test_request_context():
        reach = figures.compute(db.session.get(Process, process.id))
    assert reach.total == 6
    (_question, groups), = reach.questions
    assert all(g.count is None or g.count >= 0 for g in groups)


POPULATION_HEADER = "district;age_band;count"


def upload_population(client, content):
    page = "/admin/befolkning"
    return client.post(page, data={"csrf_token": csrf_token(client, page),
                                   "file": (io.BytesIO(content), "befolkning.csv")},
                       content_type="multipart/form-data", follow_redirects=True)


def test_population_figures_are_imported_and_replaced(app, client, login_as, districts):
    login_as(Role.ADMIN)
    lines = [f"{name};{band};{100 + i}" for name in districts
             for i, band in enumerate(AGE_BANDS)]
    page = upload_population(client, csv_bytes(lines, header=POPULATION_HEADER))
    assert "21 befolkningstal är importerade." in page.get_data(as_text=True)
    again = upload_population(client, csv_bytes(["Centrum;18-24;5000"],
                                                header=POPULATION_HEADER))
    assert "1 befolkningstal är importerade." in again.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(PopulationFigure.count)).all() == [5000]


@pytest.mark.parametrize("lines, header, message", [
    (["Norrby;80-;9", "Västerby;18-24;100"], POPULATION_HEADER, "Rad 3: det finns inget område"),
    (["Centrum;18-25;100"], POPULATION_HEADER, "Rad 2: åldersgruppen ska vara en av"),
    (["Norrby;80-;9", "Centrum;18-24;-4"], POPULATION_HEADER, "Rad 3: antalet ska vara ett"),
    (["Centrum;18-24;99999999999999999999"], POPULATION_HEADER, "Rad 2: antalet ska vara"),
    (["Centrum;18-24;10", "centrum;18-24;11"], POPULATION_HEADER, "Rad 3: det här området"),
    (["Centrum;18-24;10"], "omrade;alder;antal", "Första raden ska namnge kolumnerna"),
    ([], POPULATION_HEADER, "Filen har inga tal."),
])
def test_a_population_file_with_a_mistake_imports_nothing(app, client, login_as, districts,
                                                          lines, header, message):
    login_as(Role.ADMIN)
    with app.app_context():
        db.session.add(PopulationFigure(district_id=districts["Norrby"], age_band="80-",
                                        count=7))
        db.session.commit()
    page = upload_population(client, csv_bytes(lines, header=header))
    assert message in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(PopulationFigure.count)).all() == [7]


def test_a_binary_file_is_refused_with_a_message(client, login_as, districts):
    login_as(Role.ADMIN)
    page = upload_population(client, b"\x00\x01\x02PK\x03\x04" * 50).get_data(as_text=True)
    assert "Ingenting importerades" in page


def test_only_administrators_import_population_or_ask_questions(client, login_as, process):
    login_as(Role.MODERATOR)
    assert client.get("/admin/befolkning").status_code == 403
    assert client.get(f"/admin/processer/{process.id}/fragor").status_code == 403


def test_an_administrator_adds_a_question_of_the_process(app, client, login_as, process):
    login_as(Role.ADMIN)
    url = f"/admin/processer/{process.id}/fragor"
    bad = submit(client, url, {"text": "Jag arbetar i kommunen", "choices": "Ja"})
    assert "Ge två till åtta svar" in bad.get_data(as_text=True)
    submit(client, url, {"text": "Jag arbetar i kommunen", "choices": "Ja\nNej\n"})
    with app.app_context():
        assert db.session.scalars(select(ProfileQuestion.choices)).all() == [["Ja", "Nej"]]


def plan(client, process, **fields):
    data = {"place": "Fritidsgården i Norrby", "held_on": (TODAY + dt.timedelta(days=3))
            .isoformat(), "hours": "15–18", "group": "Unga 13–17 år", "age_band": "13-17",
            "district_id": "", "description": "Vi tar med fika.", "public": "y", **fields}
    return submit(client, f"/ksau/{process.slug}/rackvidd/besok/nytt", data)


def test_a_planned_public_visit_shows_on_the_places_page(app, client, login_as, process,
                                                         districts):
    login_as(Role.MODERATOR)
    form = client.get(f"/ksau/{process.slug}/rackvidd/besok/nytt?alder=13-17").get_data(
        as_text=True)
    assert '<option selected value="13-17">' in form
    assert plan(client, process).status_code == 302
    plan(client, process, place="Stadshusets personalrum", public="")
    plan(client, process, place="Förra veckans besök",
         held_on=(TODAY - dt.timedelta(days=7)).isoformat())
    reach_page = client.get(f"/ksau/{process.slug}/rackvidd").get_data(as_text=True)
    assert "Fritidsgården i Norrby" in reach_page and "Stadshusets personalrum" in reach_page
    with app.app_context():
        first = db.session.scalar(select(OutreachAction.id).order_by(OutreachAction.id))
    plan(client, process, district_id=str(districts["Norrby"]))
    editing = client.get(f"/ksau/besok/{first}").get_data(as_text=True)
    assert '<option selected value="13-17">' in editing
    submit(client, f"/ksau/besok/{first}", {
        "place": "Fritidsgården i Norrby", "held_on": (TODAY + dt.timedelta(days=3)).isoformat(),
        "group": "Unga 13–17 år", "age_band": "13-17", "district_id": str(districts["Norrby"]),
        "public": "y"})
    with app.app_context():
        assert db.session.get(OutreachAction, first).district_id == districts["Norrby"]
    assert f'<option selected value="{districts["Norrby"]}">' in client.get(
        f"/ksau/besok/{first}").get_data(as_text=True)
    client.get("/logga-ut")
    public = client.get("/lamna-forslag-pa-plats").get_data(as_text=True)
    assert "Fritidsgården i Norrby" in public and "Unga 13–17 år" in public
    assert "Stadshusets personalrum" not in public and "Förra veckans besök" not in public


@pytest.mark.parametrize("fields", [{"age_band": "1-2"}, {"district_id": "99999999999"},
                                    {"held_on": ""}, {"place": ""}])
def test_a_visit_with_a_bad_field_is_not_saved(app, client, login_as, process, fields):
    login_as(Role.MODERATOR)
    assert plan(client, process, **fields).status_code == 200
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(OutreachAction)) == 0


def test_committee_members_do_not_plan_visits(client, login_as, process):
    login_as(Role.COMMITTEE)
    assert client.get(f"/ksau/{process.slug}/rackvidd/besok/nytt").status_code == 403


def test_a_paper_proposal_carries_its_writers_answers_apart_from_it(
        app, client, login_as, process, districts, question):
    login_as(Role.MODERATOR)
    with app.app_context():
        area = db.session.scalar(select(Process).where(Process.id == process.id)) \
            .focus_areas[0].id
    response = submit(client, f"/moderera/{process.slug}/pappersforslag/nytt", {
        "title": "Fler bänkar längs ån", "focus_area_id": area, "district_id": "0",
        "body": "Det behövs fler bänkar längs promenadvägen vid ån så att äldre orkar gå.",
        "channel": "letter", "place_id": "0", "session_id": "0",
        "received_on": TODAY.isoformat(), "writer_age_band": "65-79",
        "writer_district": DECLINED, f"writer_question_{question}": "Nej"})
    assert response.status_code == 302
    [profile] = all_profiles(app)
    assert (profile.age_band, profile.district_declined, profile.channel, profile.owner_key) == (
        "65-79", True, Channel.LETTER, None)
    assert [(a.question_id, a.choice) for a in profile.answers] == [(question, "Nej")]


IMPORT_HEADER = ("titel;text;fokusområde;kanal;plats;session;inkommet;område;ålder;bor i område;"
                 "Jag arbetar i kommunen")
TEXT = "Det behövs fler bänkar längs promenadvägen vid ån så att äldre orkar gå hela vägen."


def test_an_import_carries_the_writers_answers(app, client, login_as, process, districts,
                                               question):
    login_as(Role.MODERATOR)
    # The import page names the question's column and the answers it takes.
    page = re.sub(r"\s+", " ", client.get(f"/moderera/{process.slug}/import")
                  .get_data(as_text=True))
    assert ("<code>Jag arbetar i kommunen</code></th><td>nej</td><td>Processens egen fråga om "
            "den som skrev: något av Ja, Nej") in page
    rows = [f"Förslag {i} från brevlådan;{TEXT} {i};Hållbar miljö;brev;;;{TODAY.isoformat()};;"
            f"{band};{where};{works}" for i, (band, where, works) in enumerate(
                [("13-17", "Norrby", "nej"), ("80+", "vill inte svara", ""), ("", "", ""),
                 ("Vill inte svara", "norrby", "Vill inte svara")])]
    batch, report = dry_run(client, process, csv_bytes(rows, header=IMPORT_HEADER))
    assert "4 nya" in report
    commit_import(client, batch)
    found = sorted((p.age_band or "", p.district_id or 0, p.district_declined)
                   for p in all_profiles(app))
    assert found == sorted([("13-17", districts["Norrby"], False), ("80-", 0, True),
                            (DECLINED, districts["Norrby"], False)])
    assert sorted((a.choice or DECLINED) for p in all_profiles(app) for a in p.answers) == [
        "Nej", DECLINED]


def test_an_import_naming_a_question_twice_is_refused(app, client, login_as, process,
                                                      districts, question):
    login_as(Role.MODERATOR)
    rows = [f"Förslag från brevlådan;{TEXT};Hållbar miljö;brev;;;{TODAY.isoformat()};;;;Ja;Nej"]
    _batch, report = dry_run(client, process, csv_bytes(
        rows, header=IMPORT_HEADER + ";jag arbetar i kommunen"))
    assert ("Första raden anger kolumnen Jag arbetar i kommunen två gånger" in report
            and "1 nya" not in report)


def test_an_import_with_an_unknown_answer_reports_the_line(app, client, login_as, process,
                                                           districts, question):
    login_as(Role.MODERATOR)
    rows = [f"Förslag från brevlådan;{TEXT};Hållbar miljö;brev;;;{TODAY.isoformat()};;"
            f"tolv;Västerby;kanske"]
    _batch, report = dry_run(client, process, csv_bytes(rows, header=IMPORT_HEADER))
    assert "Skriv en åldersgrupp som 18-24" in report
    assert "Skriv något av Ja, Nej" in report
    assert "”Västerby” är inte ett av områdena." in report or "Västerby" in report


def test_the_packet_carries_the_reach_with_the_same_figures_withheld(
        app, client, login_as, process, districts):
    _profiles(app, process, SPEC)
    _population(app)
    login_as(Role.COMMITTEE)
    packet = client.get(f"/ksau/{process.slug}/underlag").get_data(as_text=True)
    assert "Vilka vi har hört" in packet and "de säger ingenting om vad någon föreslog" in packet
    assert MARKER in packet
    counts = shown_numbers(packet[packet.index("Vilka vi har hört"):
                                  packet.index("Strategiteman") if "Strategiteman" in packet
                                  else None])
    assert counts
    for text in counts:
        assert text == MARKER or int(text.replace("\u00a0", "")) >= 5, text


def test_the_demo_shows_who_is_missing_and_the_visit_to_meet_them(app, runner, client, auth):
    from app.services import demo
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    public = client.get("/lamna-forslag-pa-plats").get_data(as_text=True)
    assert "Träffa oss" in public and "Fritidsgården i Norrby" in public
    auth.login("ksau@example.org", demo.DEMO_PASSWORD)
    page = client.get(f"/ksau/{demo.DEMO_SLUG}/rackvidd").get_data(as_text=True)
    marked = re.findall(r'<tr class="reach-marked"><th scope="row">(.*?)</th>', page)
    assert "13–17" in marked and "Västra landsbygden" in marked
    assert "Jag arbetar i kommunen" in page and MARKER in page


def test_the_figures_move_five_answers_at_a_time(app, client, login_as, process, districts,
                                                 monkeypatch):
    """Seen before and after one resident answers (two views, two downloads), the figures
    would give away that resident's answers: they count the profiles five at a time, so a
    change is always the sum of at least five people."""
    monkeypatch.setattr(figures, "RELEASED_BY", 5)
    login_as(Role.COMMITTEE)

    def download():
        return client.get(f"/ksau/{process.slug}/rackvidd.csv").get_data(as_text=True)
    _profiles(app, process, [(4, AGE_BANDS[1], "Centrum", 0)])
    assert "Alla deltagare" not in download()  # four are not counted yet
    _profiles(app, process, [(1, AGE_BANDS[1], "Centrum", 0)])
    five = download()
    assert "Alla deltagare;5;" in five
    for n in range(4):  # one by one, as residents answer: nothing moves
        _profiles(app, process, [(1, AGE_BANDS[3], "Norrby", 0)])
        assert download() == five
    _profiles(app, process, [(1, AGE_BANDS[3], "Norrby", 0)])
    assert download() != five and ";10;" in download()
