"""KSAU's summary: every number counted over the same input, traceable to the proposals
behind it, and the same in the dashboard, the CSV and the public list."""
import csv
import datetime as dt
import io
import re

import pytest

from app.extensions import db
from app.models import (Channel, Keyword, PaperSupport, Place, Process, Proposal, ProposalStatus,
                        Role, SdgGoal, Theme, User)
from app.models.base import utcnow
from app.services.participation import supports
from app.services.reporting import summary
from tests.conftest import submit
from tests.support.queries import page_queries


@pytest.fixture
def process(make_process):
    return make_process(focus_areas=("Trygghet", "Miljö"))


@pytest.fixture
def input_data(app, process, make_proposal, make_user):
    """Seven proposals: five in the input (one withdrawn, one from the library with paper
    supports), one hidden and one merged, which stay out; tags, supports and a goal."""
    titles = ["Cykelvägar till skolorna", "Belysning i parken", "Fler bänkar vid ån",
              "Läxhjälp på biblioteket", "Bänkar från biblioteket", "Ett dolt förslag här",
              "Ett sammanslaget förslag"]
    made = [make_proposal(process, title=title, focus_area=None) for title in titles]
    backers = [make_user() for _ in range(3)]
    with app.app_context():
        process_ = db.session.get(Process, process.id)
        miljo = process_.focus_areas[1]
        city = Theme(process_id=process.id, name="Hållbar stad",
                     sdg_goals=[db.session.get(SdgGoal, 11)])
        bike = Keyword(process_id=process.id, name="Cykel", theme=city, meaning="Cykla.")
        seats = Keyword(process_id=process.id, name="Bänkar", theme=city, meaning="Sitta.")
        library = Place(name="Stadsbiblioteket")
        db.session.add_all([city, bike, seats, library])
        p = [db.session.get(Proposal, m.id) for m in made]
        for user, index in ((backers[0], 0), (backers[1], 0), (backers[0], 2), (backers[2], 5)):
            supports.cast_support(db.session.get(User, user.id), p[index], utcnow())
        p[0].keywords, p[0].themes, p[0].keyword_count = [bike], [city], 1
        p[0].sdg_goals = [db.session.get(SdgGoal, 11)]
        p[2].keywords, p[2].themes, p[2].keyword_count = [seats], [city], 1
        p[4].keywords, p[4].themes, p[4].keyword_count = [seats], [city], 1
        p[3].focus_area = miljo
        p[1].status = ProposalStatus.WITHDRAWN
        p[4].channel, p[4].place, p[4].paper_supports_count = Channel.PLACE, library, 12
        p[4].paper_supports.append(PaperSupport(count=12, place=library,
                                                given_on=utcnow().date()))
        p[5].status, p[6].status = ProposalStatus.HIDDEN, ProposalStatus.MERGED
        db.session.commit()
        return {"ids": [m.id for m in made], "theme": city.id, "bike": bike.id,
                "seats": seats.id, "authors": len(made)}


def listed_count(client, process, **args):
    query = "&".join(f"{k}={v}" for k, v in args.items())
    html = client.get(f"/process/{process.slug}/forslag?{query}").get_data(as_text=True)
    return int(re.search(r'<p role="status">(\d+) förslag', html).group(1))


def test_committee_member_reads_the_summary_and_residents_cannot(client, auth, make_user,
                                                                 process, input_data):
    for role, expected in ((Role.RESIDENT, 403), (Role.COMMITTEE, 200), (Role.MODERATOR, 200)):
        user = make_user(role=role)
        auth.login(user.email)
        assert client.get(f"/ksau/{process.slug}/").status_code == expected
        assert client.get(f"/ksau/{process.slug}/forslag.csv").status_code == expected
        auth.logout()
    assert client.get(f"/ksau/{process.slug}/").status_code == 302  # to log in


def test_the_summary_counts_the_input_and_leaves_hidden_and_merged_out(app, process,
                                                                       input_data):
    with app.app_context():
        result = summary.summarise(db.session.get(Process, process.id))
        assert (result.total.proposals, result.total.supports, result.total.paper_supports) \
            == (5, 3, 12)  # the support on the hidden one is not in the input
        assert {c: g.proposals for c, g in result.by_channel.items()} == \
            {Channel.DIGITAL: 4, Channel.PLACE: 1}
        assert [(a.name, g.proposals) for a, g in result.by_focus_area] == \
            [("Trygghet", 4), ("Miljö", 1)]
        city = result.themes[0]
        assert (city.tag.name, city.counts.proposals, city.counts.supports,
                city.counts.paper_supports) == ("Hållbar stad", 3, 3, 12)
        # Most supported first, paper supports included: 12 on paper beats 2 online.
        assert [p.title for p in city.top] == ["Bänkar från biblioteket",
                                               "Cykelvägar till skolorna", "Fler bänkar vid ån"]
        assert {k.tag.name: k.counts.proposals for k in result.keywords} == \
            {"Bänkar": 2, "Cykel": 1}
        assert result.coverage == {(input_data["theme"], 11): 1}
        assert (input_data["theme"], 11) in result.linked
        assert result.untagged == 2
        # Everyone who took part, each once: seven authors (hidden and merged ones too: they
        # took part) and three backers.
        assert result.participants == 7 + 3


def test_every_number_on_the_dashboard_leads_to_as_many_proposals(app, client, login_as,
                                                                  process, input_data):
    login_as(Role.COMMITTEE)
    html = client.get(f"/ksau/{process.slug}/").get_data(as_text=True)
    links = re.findall(r'<a href="/process/[^/]+/forslag\?([^"]*)">(\d+)(?: förslag)?</a>',
                       html.replace("&amp;", "&"))
    # Support figures lead to the same proposals, most supported first; the rest count them.
    links = [(query, shown) for query, shown in links if "ordning=mest-stod" not in query]
    assert len(links) >= 8
    for query, shown in links:
        args = dict(pair.split("=") for pair in query.split("&"))
        assert listed_count(client, process, **args) == int(shown), query
    assert "2 förslag är ännu inte taggade" in html


def test_the_csv_for_excel_agrees_with_the_dashboard(app, client, login_as, process,
                                                     input_data):
    login_as(Role.COMMITTEE)
    response = client.get(f"/ksau/{process.slug}/forslag.csv")
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig")), delimiter=";"))
    with app.app_context():
        result = summary.summarise(db.session.get(Process, process.id))
    assert len(rows) == result.total.proposals
    assert sum(int(r["Stöd på webben"]) for r in rows) == result.total.supports
    assert sum(int(r["Stöd på papper"]) for r in rows) == result.total.paper_supports
    assert sum(1 for r in rows if "Hållbar stad" in r["Strategiteman"]) == \
        result.themes[0].counts.proposals
    assert {r["Titel"] for r in rows}.isdisjoint({"Ett dolt förslag här",
                                                  "Ett sammanslaget förslag"})


def test_a_process_with_no_input_gives_a_clear_empty_summary(client, login_as, make_process):
    empty = make_process(dialogue_open=False)
    login_as(Role.COMMITTEE)
    html = client.get(f"/ksau/{empty.slug}/").get_data(as_text=True)
    assert "Inget har kommit in ännu" in html
    csv_data = client.get(f"/ksau/{empty.slug}/forslag.csv").data.decode("utf-8-sig")
    assert csv_data.count("\n") == 1  # the header only


def test_the_dashboard_runs_a_fixed_number_of_queries(app, client, login_as, process,
                                                      input_data, make_proposal):
    login_as(Role.COMMITTEE)

    def queries():
        return page_queries(app, client, f"/ksau/{process.slug}/")
    queries()  # the first view counts and keeps the figures
    make_proposal(process, title="Ännu ett förslag, det första")
    recount = queries()
    for n in range(15):
        make_proposal(process, title=f"Ännu ett förslag nummer {n}")
    assert queries() == recount  # a recount costs the same however much came in
    assert queries() < recount  # unchanged: the kept figures are read, nothing recounted


def test_syntheses_keep_every_version_and_quotes_reach_the_summary(
        app, client, auth, make_user, process, input_data):
    moderator = make_user(role=Role.MODERATOR, display_name="Maja Moderator")
    auth.login(moderator.email)
    theme_page = f"/moderera/teman/{input_data['theme']}"
    for text in ("Första utkastet om staden.", "Invånarna vill ha en grönare stad."):
        assert submit(client, f"{theme_page}/syntes", {"body": text},
                      form_page=theme_page).status_code == 302
    page = client.get(theme_page).get_data(as_text=True)
    assert "Första utkastet om staden." in page and "Maja Moderator" in page  # kept
    first = input_data["ids"][0]
    review = f"/moderera/forslag/{first}"
    refused = submit(client, f"{review}/citat", {"theme_id": "0", "text": "Något"},
                     form_page=review).get_data(as_text=True)
    assert "Välj ett av förslagets teman" in refused
    assert submit(client, f"{review}/citat", {"theme_id": input_data["theme"],
                                              "text": "Barnen ska kunna cykla säkert."},
                  form_page=review).status_code == 302
    auth.logout()
    auth.login(make_user(role=Role.COMMITTEE).email)
    dashboard = client.get(f"/ksau/{process.slug}/").get_data(as_text=True)
    assert "Invånarna vill ha en grönare stad." in dashboard
    assert "Första utkastet" not in dashboard  # only the current version
    assert "Barnen ska kunna cykla säkert." in dashboard
    # A committee member changes nothing.
    assert submit(client, f"{theme_page}/syntes", {"body": "KSAU skriver om"},
                  form_page="/logga-in").status_code == 403


def test_dashboard_csv_xlsx_and_pdf_agree(app, client, login_as, process, input_data):
    """The same numbers wherever KSAU reads them."""
    from openpyxl import load_workbook
    from pypdf import PdfReader
    login_as(Role.COMMITTEE)
    with app.app_context():
        result = summary.summarise(db.session.get(Process, process.id))
    expected = (result.total.proposals, result.total.supports, result.total.paper_supports)
    html = client.get(f"/ksau/{process.slug}/").get_data(as_text=True)
    figures = dict(re.findall(r"<dt>([^<]+)</dt><dd>(?:<a [^>]+>)?(\d+)", html))
    assert (int(figures["Förslag"]), int(figures["Stöd på webben"]),
            int(figures["Stöd på papper"])) == expected
    rows = list(csv.DictReader(io.StringIO(client.get(
        f"/ksau/{process.slug}/forslag.csv").data.decode("utf-8-sig")), delimiter=";"))
    assert (len(rows), sum(int(r["Stöd på webben"]) for r in rows),
            sum(int(r["Stöd på papper"]) for r in rows)) == expected
    book = load_workbook(io.BytesIO(client.get(f"/ksau/{process.slug}/forslag.xlsx").data))
    totals = {row[0]: row[1] for row in book["Sammanfattning"].iter_rows(values_only=True)
              if row and len(row) > 1}
    assert (totals["Förslag"], totals["Stöd på webben"], totals["Stöd på papper"]) == expected
    sheet = list(book["Förslag"].iter_rows(values_only=True))
    assert len(sheet) - 1 == expected[0]
    assert totals["Hållbar stad"] == result.themes[0].counts.proposals
    pdf = client.get(f"/ksau/{process.slug}/underlag.pdf")
    assert pdf.data.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    text = " ".join(text.split())
    for label, value in (("Förslag", expected[0]), ("Stöd på webben", expected[1]),
                         ("Stöd på papper", expected[2])):
        assert f"{label} {value}" in text, (label, text[:1500])
    assert "Hållbar stad" in text and "3 förslag" in text


def test_open_data_has_the_input_and_no_personal_data(app, client, process, input_data):
    import json
    data = json.loads(client.get(f"/process/{process.slug}/oppna-data.json").data)
    assert len(data["proposals"]) == 5
    assert {t["name"] for t in data["themes"]} == {"Hållbar stad"}
    flat = json.dumps(data)
    assert "@example.org" not in flat and "author" not in flat


def test_a_process_with_no_input_still_gives_a_packet(client, login_as, make_process):
    empty = make_process(dialogue_open=False)
    login_as(Role.COMMITTEE)
    assert "Inget har kommit in ännu" in client.get(f"/ksau/{empty.slug}/").get_data(
        as_text=True)
    assert client.get(f"/ksau/{empty.slug}/underlag").status_code == 200
    assert client.get(f"/ksau/{empty.slug}/underlag.pdf").data.startswith(b"%PDF")


def test_the_most_supported_rank_paper_supports_with_online_ones(app, process, make_proposal):
    """A proposal with one support on paper ranks below five with more online."""
    from app.models import Theme
    made = [make_proposal(process, title=f"Förslag nummer {n} om parken") for n in range(7)]
    with app.app_context():
        theme = Theme(process_id=process.id, name="Parker")
        db.session.add(theme)
        for n, m in enumerate(made):
            p = db.session.get(Proposal, m.id)
            p.themes = [theme]
            p.supports_count = (50, 40, 30, 20, 10, 5, 0)[n]
        db.session.get(Proposal, made[6].id).paper_supports_count = 1
        db.session.commit()
        result = summary.summarise(db.session.get(Process, process.id))
        assert [p.supports_count for p in result.themes[0].top] == [50, 40, 30, 20, 10]


def test_open_data_keeps_support_counts_hidden_while_the_process_hides_them(
        app, client, process, input_data):
    import json
    with app.app_context():
        db.session.get(Process, process.id).hide_support_counts = True
        db.session.commit()
    data = json.loads(client.get(f"/process/{process.slug}/oppna-data.json").data)
    assert {p["supports_online"] for p in data["proposals"]} == {None}


def test_a_day_filter_out_of_range_is_ignored(client, process, input_data):
    assert client.get(f"/process/{process.slug}/forslag?dag=9999-12-31").status_code == 200


def test_the_time_chart_names_its_days_as_its_table_does(client, login_as, process,
                                                         input_data):
    login_as(Role.COMMITTEE)
    html = client.get(f"/ksau/{process.slug}/").get_data(as_text=True)
    section = html[html.index('id="time-title"'):html.index('id="themes-title"')]
    charted = re.findall(r'<text[^>]*class="chart__label">([^<]+)</text>', section)
    tabled = re.findall(r'<th scope="row">([^<]+)</th>', section)
    assert charted and charted == tabled
    assert all(re.fullmatch(r"\d{1,2} [a-zåäö]+ \d{4}", day) for day in charted), charted


def test_fewer_than_five_people_are_never_shown_as_a_number(
        app, client, login_as, make_process, make_proposal, make_user):
    """Three residents took part online and three came to an Open Space: as on the reach
    view, each count of people under 5 reads "fewer than 5" on the dashboard, in the
    packet (page and PDF) and in the spreadsheet; at 5 the number is shown."""
    from openpyxl import load_workbook
    from pypdf import PdfReader
    from app.models import OpenSpaceEvent
    small = make_process()
    for n in range(3):
        make_proposal(small, title=f"Ett förslag nummer {n + 1} här", author=make_user())
    with app.app_context():
        db.session.add(OpenSpaceEvent(process_id=small.id, title="Öppet möte",
                                      held_on=dt.date(2027, 3, 10), participants=3))
        db.session.commit()
    login_as(Role.COMMITTEE)
    for url in (f"/ksau/{small.slug}/", f"/ksau/{small.slug}/underlag"):
        html = client.get(url).get_data(as_text=True)
        people = html[html.index("Personer som skrivit eller stött på webben"):]
        assert re.match(r"[^<]*</(dt|th)>\s*<(dd|td)><span class=\"withheld\">färre än 5\*",
                        people), people[:200]
        open_space = html[html.index("Deltagare på Open Space"):]
        assert 'class="withheld">färre än 5*' in open_space[:200]
        assert "Färre än 5 personer" in html
    pdf = client.get(f"/ksau/{small.slug}/underlag.pdf")
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(
        io.BytesIO(pdf.data)).pages).split())
    assert "Personer som skrivit eller stött på webben färre än 5*" in text
    book = load_workbook(io.BytesIO(client.get(f"/ksau/{small.slug}/forslag.xlsx").data))
    totals = {row[0]: row[1] for row in book["Sammanfattning"].iter_rows(values_only=True)
              if row and len(row) > 1}
    assert totals["Personer som skrivit eller stött på webben"] == "färre än 5*"
    for n in range(2):
        make_proposal(small, title=f"Ett förslag till, nummer {n + 4}", author=make_user())
    html = client.get(f"/ksau/{small.slug}/").get_data(as_text=True)
    assert re.search(r"Personer som skrivit eller stött på webben</dt>\s*<dd>5</dd>", html)
