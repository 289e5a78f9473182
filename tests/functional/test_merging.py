"""Merging duplicates and taking a merge back: nothing a resident gave is lost either way,
and the counts always equal the supports themselves."""
import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import (AuditEntry, DroppedSupport, Keyword, PaperSupport, Process, Proposal,
                        ProposalMerge, ProposalStatus, Role, Support, Theme, User)
from app.models.base import utcnow
from app.services.errors import DomainError
from app.services.participation import supports
from app.services.people import accounts
from app.services.review import merging
from tests.conftest import PASSWORD, detached, submit
from tests.support.concurrency import at_once


@pytest.fixture
def process(make_process):
    return make_process()


@pytest.fixture
def moderator(login_as):
    return login_as(Role.MODERATOR)


def support(app, user, proposal):
    with app.app_context():
        supports.cast_support(db.session.get(User, user.id),
                              db.session.get(Proposal, proposal.id), utcnow())


def state(app, proposal):
    """A proposal as stored, its kept counts checked against its supports."""
    with app.app_context():
        found = db.session.get(Proposal, proposal.id)
        db.session.refresh(found)
        online = db.session.scalar(select(func.count()).select_from(Support).where(
            Support.proposal_id == found.id))
        on_paper = db.session.scalar(select(func.coalesce(func.sum(PaperSupport.count), 0))
                                     .where(PaperSupport.proposal_id == found.id))
        assert (found.supports_count, found.paper_supports_count) == (online, on_paper)
        assert found.keyword_count == len(found.keywords)
        return {"status": found.status, "into": found.merged_into_id,
                "supporters": sorted(db.session.scalars(select(Support.user_id).where(
                    Support.proposal_id == found.id)), key=str),
                "paper": on_paper, "keywords": sorted(k.name for k in found.keywords),
                "themes": sorted(t.name for t in found.themes), "revision": found.revision}


def merge(client, app, source, target):
    return submit(client, f"/moderera/forslag/{source.id}/sammanfoga",
                  {"revision": state(app, source)["revision"], "target": target.reference})


def unmerge(client, app, proposal, page=None):
    page = page or f"/moderera/forslag/{proposal.id}"
    return submit(client, f"/moderera/forslag/{proposal.id}/angra-sammanslagning",
                  {"revision": state(app, proposal)["revision"]}, form_page=page)


@pytest.fixture
def tagged_pair(app, process, make_proposal, make_user):
    """A source and a target, each tagged, with residents behind them: `one` supports the
    source only, `both` supports both, `other` the target only, and the target's author the
    source; seven supports on paper for the source."""
    source = make_proposal(process, title="Fler bänkar längs ån")
    target = make_proposal(process, title="Sittplatser vid ån")
    people = {name: make_user() for name in ("one", "both", "other")}
    support(app, people["one"], source)
    support(app, people["both"], source)
    support(app, people["both"], target)
    support(app, people["other"], target)
    with app.app_context():
        target_row = db.session.get(Proposal, target.id)
        author = db.session.get(User, target_row.author_id)
        supports.cast_support(author, db.session.get(Proposal, source.id), utcnow())
        people["target_author"] = detached(author)
        city = Theme(process_id=process.id, name="Hållbar stad")
        bench = Keyword(process_id=process.id, name="Bänkar", meaning="Sittplatser.",
                        theme=city)
        school = Keyword(process_id=process.id, name="Skolmat", meaning="Mat.", theme=city)
        source_row = db.session.get(Proposal, source.id)
        source_row.keywords.append(bench)
        source_row.themes.append(city)
        source_row.keyword_count = 1
        target_row.keywords.append(school)
        target_row.keyword_count = 1
        db.session.add(PaperSupport(proposal_id=source.id, count=7, given_on=dt.date(2026, 3, 9)))
        db.session.flush()
        source_row.paper_supports_count = 7
        db.session.commit()
    return source, target, people


def test_a_merge_taken_back_gives_every_support_and_tag_back(
        app, client, moderator, tagged_pair, outbox):
    """The merge moves the supports (each resident once), the paper supports and the tags;
    taking it back puts everything where it was, also the supports that went because
    their residents already backed the target; the author is told both times."""
    source, target, people = tagged_pair
    ids = {name: user.id for name, user in people.items()}
    before = state(app, source), state(app, target)
    assert merge(client, app, source, target).status_code == 302
    merged, kept = state(app, source), state(app, target)
    assert (merged["status"], merged["into"], merged["supporters"]) == (
        ProposalStatus.MERGED, target.id, [])
    assert kept["supporters"] == sorted([ids["one"], ids["both"], ids["other"]])
    assert (kept["paper"], kept["keywords"], kept["themes"]) == (
        7, ["Bänkar", "Skolmat"], ["Hållbar stad"])

    page = client.get(f"/moderera/forslag/{source.id}").get_data(as_text=True)
    assert "Ångra sammanslagningen" in page
    assert f"Sammanslaget med {target.reference} av" in page
    here = client.get(f"/moderera/forslag/{target.id}").get_data(as_text=True)
    assert "Sammanslagna med det här förslaget" in here
    assert f'action="/moderera/forslag/{source.id}/angra-sammanslagning"' in here

    # Pressed on the kept proposal's page, which it returns to.
    response = submit(client, f"/moderera/forslag/{source.id}/angra-sammanslagning",
                      {"revision": state(app, source)["revision"], "tillbaka": target.id},
                      form_page=f"/moderera/forslag/{target.id}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/moderera/forslag/{target.id}")
    flashed = client.get(response.headers["Location"]).get_data(as_text=True)
    # As the merge counted them: the 7 given on paper with the 3 given online.
    assert f"{source.reference} är inte längre sammanslaget: 10 stöd är tillbaka" in flashed
    assert (state(app, source), state(app, target)) == tuple(
        {**b, "revision": b["revision"] + 2} for b in before)
    with app.app_context():
        entry = db.session.scalars(select(AuditEntry).where(
            AuditEntry.action == "proposal.unmerge")).one()
        assert entry.after["supports_back"] == 10 and entry.after["status"] == "published"
    subjects = [m["Subject"] for m in outbox.messages()]
    assert f"Ditt förslag {source.reference} är inte längre sammanslaget" in subjects
    assert "Ångra sammanslagningen" not in client.get(
        f"/moderera/forslag/{source.id}").get_data(as_text=True)


def test_taking_back_twice_or_a_proposal_never_merged_changes_nothing(
        app, client, moderator, tagged_pair):
    source, target, _people = tagged_pair
    merge(client, app, source, target)
    unmerge(client, app, source)
    after = state(app, source), state(app, target)
    response = unmerge(client, app, source)
    assert f"{source.reference}: {source.reference} är inte sammanslaget." in client.get(
        response.headers["Location"]).get_data(as_text=True)
    assert (state(app, source), state(app, target)) == after
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ProposalMerge).where(
            ProposalMerge.undone_at.is_(None))) == 0


def test_a_withdrawn_proposal_merged_and_taken_back_is_withdrawn_again(
        app, client, moderator, process, make_proposal):
    source, target = make_proposal(process), make_proposal(process, title="Sittplatser vid ån")
    with app.app_context():
        db.session.get(Proposal, source.id).status = ProposalStatus.WITHDRAWN
        db.session.commit()
    merge(client, app, source, target)
    unmerge(client, app, source)
    assert state(app, source)["status"] == ProposalStatus.WITHDRAWN


def test_a_support_used_elsewhere_since_is_not_given_back_beyond_the_limit(
        app, client, moderator, process, make_proposal, make_user):
    with app.app_context():
        db.session.get(Process, process.id).support_limit = 2
        db.session.commit()
    source, target = make_proposal(process), make_proposal(process, title="Sittplatser vid ån")
    third = make_proposal(process, title="Simhall i Söderby")
    resident = make_user()
    support(app, resident, source)
    support(app, resident, target)
    merge(client, app, source, target)  # their support on the source goes: one left
    support(app, resident, third)       # ...and is used here
    response = unmerge(client, app, source)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "0 stöd är tillbaka" in page
    assert "1 invånare hade sedan dess använt det stödet på ett annat förslag" in page
    with app.app_context():
        assert supports.supports_used(db.session.get(User, resident.id),
                                      db.session.get(Process, process.id)) == 2
    assert state(app, source)["status"] == ProposalStatus.PUBLISHED


def test_a_chain_of_merges_is_taken_back_from_its_end(
        app, client, moderator, process, make_proposal):
    """A into B, then B into C leads A to C; A's merge waits until B's is taken back, after
    which A leads to B again."""
    first, second, third = (make_proposal(process, title=f"Förslag {n} om cykelvägar")
                            for n in range(3))
    merge(client, app, first, second)
    merge(client, app, second, third)
    assert state(app, first)["into"] == third.id
    # C's page lists B, and A, which came with it.
    page_of_third = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", client.get(
        f"/moderera/forslag/{third.id}").get_data(as_text=True)))
    assert (f"{second.reference} {second.title}" in page_of_third
            and f"med det kom {first.reference} {first.title}" in page_of_third)
    # The page of B, itself merged, lists A but offers no take-back that would be refused.
    page_of_second = client.get(f"/moderera/forslag/{second.id}").get_data(as_text=True)
    assert "Ångra först sammanslagningen av det här förslaget" in page_of_second
    assert f"/forslag/{first.id}/angra-sammanslagning" not in page_of_second
    refused = client.get(unmerge(client, app, first).headers["Location"]).get_data(as_text=True)
    assert (f"{second.reference} har sedan dess slagits ihop med {third.reference}: ångra "
            "den sammanslagningen först.") in refused
    assert state(app, first)["into"] == third.id
    unmerge(client, app, second)
    assert (state(app, first)["into"], state(app, second)["status"]) == (
        second.id, ProposalStatus.PUBLISHED)
    unmerge(client, app, first)
    assert state(app, first)["status"] == ProposalStatus.PUBLISHED


def test_a_support_of_a_resident_who_deleted_their_account_comes_back_without_them(
        app, client, moderator, process, make_proposal, make_user, end_dialogue):
    """Once supporting has ended; while it is open, deleting the account takes back the
    support the merge let go too, and taking the merge back gives back nothing of it."""
    for supporting_open in (True, False):
        source = make_proposal(process, title=f"Bänkar vid ån, {supporting_open}")
        target = make_proposal(process, title=f"Sittplatser vid ån, {supporting_open}")
        resident = make_user()
        support(app, resident, source)
        support(app, resident, target)
        merge(client, app, source, target)
        if not supporting_open:
            end_dialogue(process)
        with app.app_context():
            accounts.delete_account(db.session.get(User, resident.id), password=PASSWORD)
            assert db.session.scalars(select(DroppedSupport.user_id)).all() == (
                [] if supporting_open else [None])
        unmerge(client, app, source)
        assert state(app, source)["supporters"] == ([] if supporting_open else [None])


def test_moderators_taking_back_one_merge_at_once_take_it_back_once(
        app, client, moderator, tagged_pair, make_user, monkeypatch):
    source, target, _people = tagged_pair
    before = state(app, source), state(app, target)
    merge(client, app, source, target)
    moderators = [make_user(role=Role.MODERATOR) for _ in range(4)]

    def take_back(actor):
        proposal = db.session.get(Proposal, source.id)
        revision = proposal.revision

        def decide():
            try:
                merging.unmerge(actor, proposal, revision=revision, now=utcnow())
            except Exception as error:  # noqa: BLE001 - the refusal is the outcome
                db.session.rollback()
                return type(error).__name__
            return "done"
        return decide
    monkeypatch.setitem(app.config, "SERVER_NAME", "localhost")  # the author gets a link
    outcomes = at_once(app, moderators, take_back)
    assert sorted(outcomes) == ["StaleForm"] * 3 + ["done"]
    after = state(app, source), state(app, target)
    assert [{k: v for k, v in s.items() if k != "revision"} for s in after] == [
        {k: v for k, v in s.items() if k != "revision"} for s in before]


def test_only_moderators_take_a_merge_back(app, client, auth, login_as, make_user,
                                           tagged_pair):
    source, target, _people = tagged_pair
    actor = make_user(role=Role.MODERATOR)
    with app.test_request_context():  # the author is emailed a link
        merging.merge(db.session.get(User, actor.id),
                      db.session.get(Proposal, source.id), db.session.get(Proposal, target.id),
                      revision=None, now=utcnow())
    for role in (Role.RESIDENT, Role.COMMITTEE):
        login_as(role)
        response = client.post(f"/moderera/forslag/{source.id}/angra-sammanslagning",
                               data={"revision": state(app, source)["revision"]})
        assert response.status_code in (400, 403)
        auth.logout()
    assert state(app, source)["status"] == ProposalStatus.MERGED


def test_supports_sent_while_a_proposal_is_merged_are_not_stranded_on_it(
        app, process, make_proposal, make_user, monkeypatch):
    """Residents supporting a proposal at the moment a moderator merges it: each support
    either lands before the merge (and moves with it) or is refused; none is left on the
    merged proposal, where it would count for nothing and hold its resident's slot."""
    monkeypatch.setitem(app.config, "SERVER_NAME", "localhost")  # the author gets a link
    for round_ in range(3):
        source = make_proposal(process, title=f"Fler bänkar längs ån {round_}")
        target = make_proposal(process, title=f"Sittplatser vid ån {round_}")
        actors = [make_user(role=Role.MODERATOR), *(make_user() for _ in range(8))]

        def act(actor):
            proposal = db.session.get(Proposal, source.id)
            if actor.role == Role.MODERATOR:
                kept = db.session.get(Proposal, target.id)
                revision = proposal.revision
                return lambda: merging.merge(actor, proposal, kept, revision=revision,
                                             now=utcnow()) and "merged"

            def send():
                try:
                    supports.cast_support(actor, proposal, utcnow())
                except DomainError as error:  # the refusal, in words, is the outcome
                    db.session.rollback()
                    return type(error).__name__
                return "supported"
            return send
        outcomes = at_once(app, actors, act)
        assert len(outcomes) == len(actors) and "merged" in outcomes  # no request failed
        assert state(app, source)["supporters"] == []
        assert len(state(app, target)["supporters"]) == outcomes.count("supported")


def test_supporting_the_kept_proposal_while_a_merge_brings_ones_support_there(
        app, process, make_proposal, make_user, monkeypatch):
    """Residents who back a proposal support the one it is being merged into, at that very
    moment, four rounds: each ends with one support on the kept proposal (theirs, or the
    one the merge moved), none on the merged one, and no request fails (on PostgreSQL the
    two used to wait on each other until one was ended as a deadlock)."""
    monkeypatch.setitem(app.config, "SERVER_NAME", "localhost")
    for round_ in range(4):
        source = make_proposal(process, title=f"Fler bänkar längs ån {round_}")
        target = make_proposal(process, title=f"Sittplatser vid ån {round_}")
        residents = [make_user() for _ in range(6)]
        for resident in residents:
            support(app, resident, source)
        actors = [make_user(role=Role.MODERATOR), *residents]

        def act(actor):
            kept = db.session.get(Proposal, target.id)
            if actor.role == Role.MODERATOR:
                proposal = db.session.get(Proposal, source.id)
                revision = proposal.revision
                return lambda: merging.merge(actor, proposal, kept, revision=revision,
                                             now=utcnow()) and "merged"

            def send():
                try:
                    supports.cast_support(actor, kept, utcnow())
                except DomainError:
                    db.session.rollback()
                    return "already"
                return "supported"
            return send
        outcomes = at_once(app, actors, act)
        assert len(outcomes) == len(actors) and "merged" in outcomes
        assert state(app, source)["supporters"] == []
        assert sorted(state(app, target)["supporters"]) == sorted(r.id for r in residents)


def tag_with(app, proposal, *names):
    with app.app_context():
        found = db.session.get(Proposal, proposal.id)
        for name in names:
            keyword = db.session.scalar(select(Keyword).where(
                Keyword.process_id == found.process_id, Keyword.name == name))
            if keyword is None:
                keyword = Keyword(process_id=found.process_id, name=name, meaning="")
            found.keywords.append(keyword)
        found.keyword_count = len(found.keywords)
        db.session.commit()


def everything(app, *proposals):
    return [{k: v for k, v in state(app, p).items() if k != "revision"} for p in proposals]


def test_a_chain_taken_back_gives_back_a_support_that_went_in_its_second_merge(
        app, client, moderator, process, make_proposal, make_user):
    """A into B, then B into C, where a resident backed A and C: the second merge lets
    their support (moved to B by the first) go. Taken back from the end, every support is
    where it was, though the one that went comes back as a new row."""
    first, second, third = (make_proposal(process, title=f"Förslag {n} om cykelvägar")
                            for n in range(3))
    both, only_first = make_user(), make_user()
    support(app, both, first)
    support(app, both, third)
    support(app, only_first, first)
    before = everything(app, first, second, third)
    merge(client, app, first, second)
    merge(client, app, second, third)
    assert state(app, third)["supporters"] == sorted([both.id, only_first.id])
    unmerge(client, app, second)
    unmerge(client, app, first)
    assert everything(app, first, second, third) == before


def test_taking_back_one_of_two_merges_into_a_proposal_keeps_what_the_other_brought(
        app, client, moderator, process, make_proposal, make_user):
    """A and C both merged into T: taking back A's merge leaves T with the tags C brought
    too and with the resident who backed A and C (their support on C had gone since they
    backed T through A); taking back C's as well puts everything as it was."""
    first, kept, other = (make_proposal(process, title=title) for title in (
        "Fler bänkar längs ån", "Sittplatser vid ån", "Bänkar vid strandpromenaden"))
    tag_with(app, first, "Bänkar")
    tag_with(app, other, "Bänkar", "Strand")
    resident = make_user()
    support(app, resident, first)
    support(app, resident, other)
    before = everything(app, first, kept, other)
    merge(client, app, first, kept)
    merge(client, app, other, kept)
    unmerge(client, app, first)
    now_kept = state(app, kept)
    assert now_kept["keywords"] == ["Bänkar", "Strand"]
    assert now_kept["supporters"] == [resident.id]
    assert state(app, first)["supporters"] == [resident.id]
    unmerge(client, app, other)
    assert everything(app, first, kept, other) == before


def test_a_support_whose_resident_deleted_their_account_since_the_merge_goes_back(
        app, client, moderator, process, make_proposal, make_user, end_dialogue):
    """Deleting an account once supporting has ended empties its supports of the person:
    the merge's record finds the moved support by its row, so it goes back to where it was
    given. (While supporting is open, deleting the account takes the support back.)"""
    source, target = make_proposal(process), make_proposal(process, title="Sittplatser vid ån")
    resident = make_user()
    support(app, resident, source)
    merge(client, app, source, target)
    end_dialogue(process)
    with app.app_context():
        accounts.delete_account(db.session.get(User, resident.id), password=PASSWORD)
    unmerge(client, app, source)
    assert (state(app, source)["supporters"], state(app, target)["supporters"]) == ([None], [])


def test_the_kept_proposals_public_page_lists_what_was_merged_into_it(
        app, client, auth, moderator, process, make_proposal):
    """Everyone reading the kept proposal sees the proposals merged into it, a chain's too,
    and a merge taken back leaves the list; their authors find where theirs went."""
    first, second, third = (make_proposal(process, title=f"Förslag {n} om cykelvägar")
                            for n in range(3))
    merge(client, app, first, second)
    merge(client, app, second, third)

    def listed(proposal):
        page = client.get(f"/forslag/{proposal.id}").get_data(as_text=True)
        if "Sammanslagna med det här förslaget" not in page:
            return []
        section = page.split('id="merged-here-title"')[1].split("</section>")[0]
        return re.findall(r'href="/forslag/(\d+)"', section)

    assert listed(third) == [str(first.id), str(second.id)]
    assert listed(first) == [] and listed(second) == []
    unmerge(client, app, second)
    assert listed(third) == [] and listed(second) == [str(first.id)]
    auth.logout()
    anonymous = client.get(f"/forslag/{second.id}").get_data(as_text=True)
    assert ("Det här förslaget sa samma sak och slogs därför ihop hit; dess stöd räknas här."
            in anonymous)


@pytest.mark.parametrize("target", ["2026-\u00b2", "\u00b2-1", "99999999999999999999-1",
                                    "2026-99999999999", "-", ""])
def test_a_merge_into_a_reference_no_proposal_has_is_refused_beside_the_field(
        app, client, moderator, process, make_proposal, target):
    source = make_proposal(process, title="Fler bänkar längs ån")
    page = submit(client, f"/moderera/forslag/{source.id}/sammanfoga",
                  {"revision": state(app, source)["revision"], "target": target},
                  form_page=f"/moderera/forslag/{source.id}")
    assert page.status_code == 200
    assert 'id="target-error"' in page.get_data(as_text=True)
    assert state(app, source)["status"] == ProposalStatus.PUBLISHED
