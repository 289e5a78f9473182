"""Supporting proposals: once each, withdrawable, limited, counted exactly."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Phase, PhaseKind, Process, Proposal, Role, Support, User
from app.models.base import utcnow
from app.services.participation import supports
from tests.conftest import submit
from tests.support.queries import page_queries


@pytest.fixture
def process(make_process):
    return make_process()


def support(client, proposal):
    return submit(client, f"/forslag/{proposal.id}/stod", {},
                  form_page=f"/forslag/{proposal.id}", follow_redirects=True)


def take_back(client, proposal):
    return submit(client, f"/forslag/{proposal.id}/stod/ta-tillbaka", {},
                  form_page=f"/forslag/{proposal.id}", follow_redirects=True)


def count(app, proposal):
    with app.app_context():
        stored = db.session.get(Proposal, proposal.id).supports_count
        actual = db.session.scalar(select(func.count(Support.id)).where(
            Support.proposal_id == proposal.id))
        assert stored == actual  # the kept count never drifts from the rows
        return stored


def test_support_once_and_take_it_back(app, client, login_as, process, make_proposal):
    proposal = make_proposal(process)
    login_as(Role.RESIDENT)
    html = support(client, proposal).get_data(as_text=True)
    assert "Du stöder förslaget." in html and "1 invånare stöder förslaget." in html
    assert "Du har 9 stöd kvar." in html
    html = support(client, proposal).get_data(as_text=True)
    assert count(app, proposal) == 1
    html = take_back(client, proposal).get_data(as_text=True)
    assert "Du stöder inte längre förslaget." in html and count(app, proposal) == 0
    assert "Du har 10 stöd kvar." in html


def test_the_same_support_twice_is_kept_once_by_the_database(app, process, make_proposal,
                                                             make_user):
    """As if two clicks raced: the second insert meets the unique constraint."""
    proposal, resident = make_proposal(process), make_user()
    with app.app_context():
        db.session.add(Support(user_id=resident.id, proposal_id=proposal.id,
                               process_id=proposal.process_id))
        db.session.execute(Proposal.__table__.update().values(supports_count=1))
        db.session.commit()
        user = db.session.get(User, resident.id)
        with pytest.raises(supports.AlreadySupported):
            supports.cast_support(user, db.session.get(Proposal, proposal.id), utcnow())
    assert count(app, proposal) == 1


def test_authors_cannot_support_their_own_proposal(app, client, auth, make_user, process,
                                                   make_proposal):
    author = make_user()
    proposal = make_proposal(process, author=author)
    auth.login(author.email)
    html = client.get(f"/forslag/{proposal.id}").get_data(as_text=True)
    assert "Det här är ditt förslag." in html and "Stöd förslaget" not in html
    html = support(client, proposal).get_data(as_text=True)
    assert "Du kan inte stödja ditt eget förslag." in html and count(app, proposal) == 0


def test_the_support_limit(app, client, login_as, process, make_proposal):
    with app.app_context():
        db.session.get(Process, process.id).support_limit = 2
        db.session.commit()
    first, second, third = (make_proposal(process, title=f"Förslag nummer {n}")
                            for n in range(3))
    login_as(Role.RESIDENT)
    support(client, first)
    assert "Du har 0 stöd kvar." in support(client, second).get_data(as_text=True)
    html = support(client, third).get_data(as_text=True)
    assert "Du har använt alla dina 2 stöd." in html and count(app, third) == 0
    # A second click on one they support (a tab left open) is told just that.
    html = support(client, second).get_data(as_text=True)
    assert "Du stöder redan förslaget." in html and "använt alla" not in html
    take_back(client, first)
    support(client, third)
    assert count(app, third) == 1


def test_no_limit_when_the_process_says_zero(app, client, login_as, process, make_proposal):
    with app.app_context():
        db.session.get(Process, process.id).support_limit = 0
        db.session.commit()
    proposal = make_proposal(process)
    login_as(Role.RESIDENT)
    html = support(client, proposal).get_data(as_text=True)
    assert "stöd kvar" not in html and count(app, proposal) == 1


def test_no_support_once_the_dialogue_phase_has_closed(app, client, login_as, process,
                                                       make_proposal):
    proposal = make_proposal(process)
    login_as(Role.RESIDENT)
    support(client, proposal)
    with app.app_context():
        dialogue = db.session.scalar(select(Phase).where(Phase.kind == PhaseKind.DIALOGUE))
        dialogue.ends_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    html = take_back(client, proposal).get_data(as_text=True)
    assert "Dialogfasen är inte öppen" in html and count(app, proposal) == 1
    assert "Ta tillbaka mitt stöd" not in client.get(f"/forslag/{proposal.id}").get_data(
        as_text=True)


def test_withdrawn_proposals_cannot_be_supported(app, client, login_as, process,
                                                 make_proposal):
    proposal = make_proposal(process)
    with app.app_context():
        db.session.get(Proposal, proposal.id).status = "withdrawn"
        db.session.commit()
    login_as(Role.RESIDENT)
    html = support(client, proposal).get_data(as_text=True)
    assert "Förslaget går inte att stödja." in html and count(app, proposal) == 0


def test_unconfirmed_residents_cannot_support(app, client, auth, make_user, process,
                                              make_proposal):
    proposal, user = make_proposal(process), make_user()
    with app.app_context():
        db.session.get(User, user.id).email_verified_at = None
        db.session.commit()
    auth.login(user.email)
    html = support(client, proposal).get_data(as_text=True)
    assert "Bekräfta din e-postadress först" in html and count(app, proposal) == 0


def test_counts_can_be_hidden_until_the_dialogue_ends(app, client, login_as, process,
                                                      make_proposal):
    with app.app_context():
        db.session.get(Process, process.id).hide_support_counts = True
        db.session.commit()
    proposal = make_proposal(process)
    login_as(Role.RESIDENT)
    html = support(client, proposal).get_data(as_text=True)
    assert "Antalet stöd visas när dialogfasen är slut." in html
    assert "invånare stöder" not in html
    listing = client.get(f"/process/{process.slug}/forslag?ordning=mest-stod").get_data(
        as_text=True)
    assert "1 stöd" not in listing and "Mest stödda först" not in listing


def test_my_pages_list_my_supports_and_take_one_back(app, client, login_as, process,
                                                     make_proposal):
    proposal = make_proposal(process)
    login_as(Role.RESIDENT)
    support(client, proposal)
    page = client.get("/mina-sidor/").get_data(as_text=True)
    assert proposal.title in page.split("Förslag jag stöder")[1]
    response = submit(client, f"/forslag/{proposal.id}/stod/ta-tillbaka",
                      {"next": "/mina-sidor/"}, form_page="/mina-sidor/")
    assert response.headers["Location"] == "/mina-sidor/" and count(app, proposal) == 0


def test_deleting_the_account_keeps_proposals_and_takes_back_open_supports(
        app, client, auth, make_user, process, make_proposal):
    """Sent proposals stay, as "Deleted user"; a support where supporting is still open is
    taken back (test_account has one that stays, where it has ended)."""
    from tests.conftest import PASSWORD
    resident = make_user(display_name="Ingrid")
    mine = make_proposal(process, author=resident, title="Mitt eget förslag om parken")
    theirs = make_proposal(process, title="Någon annans förslag om skolan")
    auth.login(resident.email)
    support(client, theirs)
    export = client.get("/mina-sidor/mina-uppgifter.json").get_json()
    assert [p["title"] for p in export["proposals"]] == ["Mitt eget förslag om parken"]
    assert export["supports"][0]["proposal"] == theirs.reference
    submit(client, "/mina-sidor/radera", {"password": PASSWORD})
    assert "Borttagen användare" in client.get(f"/forslag/{mine.id}").get_data(as_text=True)
    assert count(app, theirs) == 0
    with app.app_context():
        assert db.session.scalars(select(Support.user_id)).all() == []


def test_pages_run_a_fixed_number_of_queries_however_many_proposals(
        app, client, process, make_proposal):
    def queries(url):
        return page_queries(app, client, url)

    first = make_proposal(process, title="Förslag om cykelbanor i centrum")
    make_proposal(process, title="Förslag om cykelbanor vid skolan")  # a similar one
    few = (queries(f"/process/{process.slug}/forslag"), queries(f"/forslag/{first.id}"))
    for n in range(25):
        make_proposal(process, title=f"Förslag om cykelbanor nummer {n}")
    many = (queries(f"/process/{process.slug}/forslag"), queries(f"/forslag/{first.id}"))
    # The list reads the validator (with the content version), its process (3, unless
    # kept), the count, one or two index ranges of ids (and where the first ends), the
    # cards with their focus areas and districts, their tags, and the filters' choices (4)
    # when the form is not kept: never more than 14 queries.
    assert 0 < few[0] <= 14 and 0 < many[0] <= 14
    assert many[1] == few[1] > 0


def test_two_simultaneous_supports_by_one_resident_count_once(app, process, make_proposal,
                                                              make_user):
    """Two requests race (a double click on two tabs): one support is kept, the other
    is told it already supports, and the count says one."""
    import threading
    proposal, resident = make_proposal(process), make_user()
    start, outcomes = threading.Barrier(2), []

    def click():
        with app.app_context():
            user = db.session.get(User, resident.id)
            target = db.session.get(Proposal, proposal.id)
            start.wait()
            try:
                supports.cast_support(user, target, utcnow())
                outcomes.append("supported")
            except supports.AlreadySupported:
                outcomes.append("already")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["already", "supported"]
    assert count(app, proposal) == 1


def _with_supports(app, resident, proposals):
    with app.app_context():
        user = db.session.get(User, resident.id)
        for proposal in proposals:
            supports.cast_support(user, db.session.get(Proposal, proposal.id), utcnow())


def _held(app, resident):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Support).where(
            Support.user_id == resident.id))


def test_a_burst_of_supports_never_takes_a_resident_over_the_limit(app, process,
                                                                   make_proposal, make_user):
    """A resident with 9 of 10 supports sends eight more at the same instant (tabs, a
    double click, a script): one is kept, seven are told the supports are used up."""
    import threading
    author, resident = make_user(), make_user()
    proposals = [make_proposal(process, title=f"Förslag nummer {n} om parker", author=author)
                 for n in range(17)]
    _with_supports(app, resident, proposals[:9])
    start, outcomes = threading.Barrier(8), []

    def click(proposal):
        with app.app_context():
            user = db.session.get(User, resident.id)
            target = db.session.get(Proposal, proposal.id)
            start.wait()
            try:
                supports.cast_support(user, target, utcnow())
                outcomes.append("supported")
            except supports.SupportLimitReached as error:
                assert "Du har använt alla dina 10 stöd" in str(error.message)
                outcomes.append("limit")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=click, args=(p,)) for p in proposals[9:]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["limit"] * 7 + ["supported"]
    assert _held(app, resident) == 10
    for proposal in proposals:
        count(app, proposal)


def test_residents_sending_supports_at_once_to_a_served_app_stay_within_the_limit(
        app, live_server, make_process, make_proposal, make_user):
    """Over HTTP, as the review did: several residents, each near the limit, each send
    several supports in the same instant from tabs of one browser."""
    import threading
    from tests.conftest import PASSWORD
    from tests.support.http import HttpClient
    app.config["RATELIMIT_ENABLED"] = False
    process = make_process()
    with app.app_context():
        db.session.get(Process, process.id).support_limit = 3
        db.session.commit()
    author = make_user()
    proposals = [make_proposal(process, title=f"Förslag nummer {n} om torget", author=author)
                 for n in range(6)]
    residents = [make_user() for _ in range(5)]
    tabs = []
    for resident in residents:
        _with_supports(app, resident, proposals[:2])
        client = HttpClient(live_server)
        client.log_in(resident.email, PASSWORD)
        token = client.csrf_token(f"/forslag/{proposals[2].id}")
        tabs += [(client.clone(), token, p) for p in proposals[2:]]
    start, statuses, told = threading.Barrier(len(tabs)), [], []

    def click(tab, token, proposal):
        start.wait()
        statuses.append(tab.post(f"/forslag/{proposal.id}/stod", {"csrf_token": token})[0])
        told.append(tab.get(f"/forslag/{proposal.id}")[1])

    threads = [threading.Thread(target=click, args=tab) for tab in tabs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert statuses == [302] * len(tabs)
    assert [_held(app, resident) for resident in residents] == [3] * len(residents)
    supported = sum("Du stöder förslaget." in html for html in told)
    refused = sum("Du har använt alla dina 3 stöd" in html for html in told)
    assert (supported, refused) == (len(residents), len(tabs) - len(residents))
    for proposal in proposals:
        count(app, proposal)
