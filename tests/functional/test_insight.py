"""The insight engine in the moderators' workspace: suggested keywords on the review page
(accepted by a person, never applied by themselves, and logged as such), likely duplicates
with one-step merge, emerging themes made into keywords, and `flask insight refresh`."""
import datetime as dt
import re
import threading
import time

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import (AuditEntry, DistinctPair, DuplicatePair, EmergingTheme, Keyword,
                        LeftOut, PaperSupport, Process, Proposal, ProposalStatus, Role,
                        StoredSuggestion, Theme)
from app.models.base import utcnow
from app.services.errors import DomainError
from app.services.insight import hints, store
from tests.conftest import submit
from tests.support.concurrency import at_once
from tests.support.queries import count_queries


@pytest.fixture
def process(make_process):
    return make_process()


@pytest.fixture
def moderator(login_as):
    return login_as(Role.MODERATOR)


@pytest.fixture
def taxonomy(app, process):
    with app.app_context():
        traffic, care = (Theme(process_id=process.id, name="Trafik och resor"),
                         Theme(process_id=process.id, name="Omsorg"))
        keywords = [
            Keyword(process_id=process.id, name="Cykling", theme=traffic,
                    meaning="Sammanhängande och säkra cykelbanor och cykelparkering."),
            Keyword(process_id=process.id, name="Kollektivtrafik", theme=traffic,
                    meaning="Bussar som går ofta, hållplatser och biljettpriser."),
            Keyword(process_id=process.id, name="Förskola", theme=care,
                    meaning="Platser i förskolan och barngruppernas storlek."),
            Keyword(process_id=process.id, name="Äldreomsorg", theme=care,
                    meaning="Äldreboenden, hemtjänst och mötesplatser för äldre."),
        ]
        db.session.add_all([traffic, care, *keywords])
        db.session.commit()
        return {item.name: item.id for item in [traffic, care, *keywords]}


def refresh(app, process):
    with app.app_context():
        return store.refresh(db.session.get(Process, process.id), now=utcnow())


def read(app, proposal):
    with app.app_context():
        found = db.session.get(Proposal, proposal.id)
        return {"status": found.status, "revision": found.revision,
                "reviewed": found.reviewed_at is not None,
                "keywords": sorted(k.name for k in found.keywords),
                "themes": sorted(t.name for t in found.themes)}


def review_url(proposal):
    return f"/moderera/forslag/{proposal.id}"


def accept(client, proposal, keyword_id, revision):
    return submit(client, f"/moderera/forslag/{proposal.id}/foreslaget-nyckelord/{keyword_id}",
                  {"revision": revision}, form_page=review_url(proposal))


def test_before_the_first_refresh_the_review_page_says_there_are_no_suggestions(
        client, moderator, process, taxonomy, make_proposal):
    proposal = make_proposal(process, title="Bygg ut dagis i Björkdalen")
    html = client.get(review_url(proposal)).get_data(as_text=True)
    assert "flask insight refresh" in html and 'name="foreslaget"' not in html


def test_the_review_page_suggests_keywords_with_their_theme_and_the_words_behind_them(
        app, client, moderator, process, taxonomy, make_proposal):
    proposal = make_proposal(process, title="Bygg ut dagis i Björkdalen",
                             body="Vi har stått i kö i åtta månader för en dagisplats.")
    refresh(app, process)
    html = client.get(review_url(proposal)).get_data(as_text=True)
    suggested = html[html.index('id="suggestions-title"'):html.index('id="duplicates-title"')]
    assert suggested.index("Förskola") < suggested.index("Cykling") \
        if "Cykling" in suggested else "Förskola" in suggested
    assert "Tema: <span>Omsorg</span>" in suggested
    assert "dagis" in suggested  # the resident's own word, read as "förskola"
    # Letters, not digits: Alt with a digit changes tabs in browsers on Linux.
    assert 'accesskey="a"' in suggested and 'accesskey="1"' not in suggested
    assert "0 förslag som moderatorerna hade taggat" in suggested
    # Nothing is tagged by the suggestion alone.
    assert read(app, proposal)["keywords"] == []


def test_accepting_a_suggestion_tags_the_proposal_and_the_log_says_it_was_suggested(
        app, client, moderator, process, taxonomy, make_proposal):
    proposal = make_proposal(process, title="Bygg ut dagis i Björkdalen")
    refresh(app, process)
    response = accept(client, proposal, taxonomy["Förskola"], read(app, proposal)["revision"])
    assert response.status_code == 302
    assert read(app, proposal)["keywords"] == ["Förskola"]
    assert read(app, proposal)["themes"] == ["Omsorg"]
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.target_id == proposal.id))
        assert entry.action == "proposal.tag_suggestion"
        assert entry.after == {"keywords": ["Förskola"], "suggested": "Förskola"}
        assert entry.actor_id == moderator.id
    html = client.get(review_url(proposal)).get_data(as_text=True)
    assert "taggat med Förskola" in html
    suggested = html[html.index('id="suggestions-title"'):html.index('id="duplicates-title"')]
    assert "Förskola" not in suggested  # what it has is not suggested again


def test_a_suggestion_accepted_on_the_review_page_keeps_what_was_ticked(
        app, client, moderator, process, taxonomy, make_proposal):
    """The suggestion's button is one of the tag form's: a keyword ticked but not yet saved
    is saved with the suggested one, and the log says a suggestion was accepted."""
    proposal = make_proposal(process, title="Bygg ut dagis i Björkdalen",
                             body="Vi har stått i kö i åtta månader för en dagisplats.")
    refresh(app, process)
    html = client.get(review_url(proposal)).get_data(as_text=True)
    assert re.search(rf'form="tag-form" formaction="/moderera/forslag/{proposal.id}/taggar"'
                     rf' name="foreslaget" value="{taxonomy["Förskola"]}"', html)
    response = submit(client, f"/moderera/forslag/{proposal.id}/taggar",
                      {"revision": read(app, proposal)["revision"],
                       "keywords": [taxonomy["Cykling"]], "foreslaget": taxonomy["Förskola"]},
                      form_page=review_url(proposal))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(review_url(proposal))  # stays to read on
    assert sorted(read(app, proposal)["keywords"]) == ["Cykling", "Förskola"]
    assert read(app, proposal)["reviewed"]
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.target_id == proposal.id))
        assert entry.action == "proposal.tag_suggestion"
        assert entry.after["suggested"] == "Förskola"
    assert "sparade, med det föreslagna nyckelordet Förskola" in client.get(
        review_url(proposal)).get_data(as_text=True)
    # A keyword of no process of this page's, or junk, is no suggestion: the ticked ones
    # are saved, as a plain tagging.
    submit(client, f"/moderera/forslag/{proposal.id}/taggar",
           {"revision": read(app, proposal)["revision"], "keywords": [taxonomy["Cykling"]],
            "foreslaget": "999999"}, form_page=review_url(proposal))
    assert read(app, proposal)["keywords"] == ["Cykling"]
    submit(client, f"/moderera/forslag/{proposal.id}/taggar",
           {"revision": read(app, proposal)["revision"], "keywords": [taxonomy["Cykling"]],
            "foreslaget": "x\x00"}, form_page=review_url(proposal))
    assert read(app, proposal)["keywords"] == ["Cykling"]


def row_of(html, title):
    start = html.index(title)
    return html[start:html.index("</tr>", start)]


def queue_url(process):
    return f"/moderera/{process.slug}/?ko=alla"


def test_the_queue_lists_each_proposals_suggestions_from_the_last_refresh(
        app, client, moderator, process, taxonomy, make_proposal):
    daycare = make_proposal(process, title="Bygg ut dagis i Björkdalen",
                            body="Vi har stått i kö i åtta månader för en dagisplats.")
    html = client.get(queue_url(process)).get_data(as_text=True)
    assert "foreslaget-nyckelord" not in html  # nothing stored before the first refresh
    refresh(app, process)
    html = client.get(queue_url(process)).get_data(as_text=True)
    row = row_of(html, "Bygg ut dagis i Björkdalen")
    assert "Föreslaget" in row and "<span>Förskola</span>" in row
    assert "dagis" in row[row.index("Förskola"):]  # why: the resident's own word
    # Each button submits its own form (outside the bulk form: forms may not nest).
    form_id = f"suggest-{daycare.id}-{taxonomy['Förskola']}"
    assert f'form="{form_id}"' in row and f'id="{form_id}"' in html
    with app.app_context():
        stored = db.session.scalar(select(StoredSuggestion).where(
            StoredSuggestion.proposal_id == daycare.id))
        assert stored.keyword_ids[0] == taxonomy["Förskola"]


def test_a_suggestion_accepted_in_the_queue_tags_and_returns_to_the_queue(
        app, client, moderator, process, taxonomy, make_proposal):
    daycare = make_proposal(process, title="Bygg ut dagis i Björkdalen")
    refresh(app, process)
    response = submit(client, f"/moderera/forslag/{daycare.id}/foreslaget-nyckelord/"
                      f"{taxonomy['Förskola']}?ko=alla",
                      {"revision": read(app, daycare)["revision"], "then": "queue"},
                      form_page=queue_url(process))
    assert response.status_code == 302
    # Back to its row, where the keyboard left off.
    assert response.headers["Location"].endswith(f"{queue_url(process)}#rad-{daycare.id}")
    assert f'<tr id="rad-{daycare.id}">' in client.get(queue_url(process)).get_data(as_text=True)
    assert read(app, daycare)["keywords"] == ["Förskola"]
    html = client.get(queue_url(process)).get_data(as_text=True)
    assert "Beräknat" in html  # how fresh the queue's suggestions are
    row = row_of(html, "Bygg ut dagis i Björkdalen")
    # What it has is no longer suggested, though the stored suggestions are not refreshed.
    assert f"suggest-{daycare.id}-{taxonomy['Förskola']}" not in html
    assert '<span class="tag">Förskola</span>' in row
    # Only its title was read: it is still new, with its other suggestions to accept there.
    assert not read(app, daycare)["reviewed"]
    assert "Bygg ut dagis i Björkdalen" in client.get(
        f"/moderera/{process.slug}/?ko=nya").get_data(as_text=True)
    # Accepted on its review page, where it is read, it counts as reviewed.
    accept(client, daycare, taxonomy["Cykling"], read(app, daycare)["revision"])
    assert read(app, daycare)["reviewed"]


def test_the_queue_filters_by_the_suggestion_and_the_selected_are_tagged_at_once(
        app, client, moderator, process, taxonomy, make_proposal):
    """"Förskola suggested first" gathers the proposals it fits; ticked, they are tagged in
    one step and leave the filter."""
    daycare = [make_proposal(process, title=f"Bygg ut dagis i Björkdalen, del {n}")
               for n in range(2)]
    make_proposal(process, title="Fler bussar till Granlunda på kvällen")
    refresh(app, process)
    filtered = f"/moderera/{process.slug}/?ko=alla&foreslaget={taxonomy['Förskola']}"
    html = client.get(filtered).get_data(as_text=True)
    assert "2 förslag" in html and "Granlunda" not in html
    assert 'name="foreslaget"' in html
    assert not re.search(r'name="proposals" value="\d+" id="select-\d+" checked', html)
    # Without a script, a link ticks every row of the page.
    tick_all = re.search(r'<a href="([^"]+)">Välj alla 2 rader på den här sidan</a>', html)
    html = client.get(tick_all.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert all(f'value="{p.id}" id="select-{p.id}" checked' in html for p in daycare)
    assert "Välj bort alla rader" in html
    response = submit(client, f"/moderera/{process.slug}/massatgard?ko=alla&"
                      f"foreslaget={taxonomy['Förskola']}",
                      {"action": f"keyword:{taxonomy['Förskola']}",
                       "proposals": [p.id for p in daycare]}, form_page=filtered)
    assert response.status_code == 302
    assert all(read(app, p)["keywords"] == ["Förskola"] for p in daycare)
    assert "0 förslag" in client.get(filtered).get_data(as_text=True)


def test_the_queue_reads_suggestions_in_a_fixed_number_of_queries(
        app, client, moderator, process, taxonomy, make_proposal):
    make_proposal(process, title="Bygg ut dagis i Björkdalen")
    refresh(app, process)
    few = count_queries(app, lambda: client.get(queue_url(process)))
    for n in range(15):
        make_proposal(process, title=f"Fler bussar till Granlunda, tur {n}")
    refresh(app, process)
    many = count_queries(app, lambda: client.get(queue_url(process)))
    assert many == few
    html = client.get(queue_url(process)).get_data(as_text=True)
    assert html.count("<span>Kollektivtrafik</span>") >= 15


def test_a_process_without_keywords_says_so_rather_than_that_none_fits(
        app, client, moderator, process, make_proposal):
    proposal = make_proposal(process, title="Bygg ut dagis i Björkdalen")
    refresh(app, process)
    html = client.get(review_url(proposal)).get_data(as_text=True)
    section = html[html.index('id="suggestions-title"'):html.index('id="duplicates-title"')]
    assert "Det finns inga nyckelord ännu." in section and "passar förslaget" not in section


def test_a_suggestion_accepted_on_a_stale_page_is_refused(
        app, client, moderator, process, taxonomy, make_proposal):
    proposal = make_proposal(process, title="Bygg ut dagis i Björkdalen")
    refresh(app, process)
    stale = read(app, proposal)["revision"]
    accept(client, proposal, taxonomy["Cykling"], stale)
    response = accept(client, proposal, taxonomy["Förskola"], stale)
    assert response.status_code == 302
    assert read(app, proposal)["keywords"] == ["Cykling"]
    reference = db_reference(app, proposal)  # which of the queue's rows it was
    assert f"{reference}: Någon ändrade förslaget" in client.get(
        response.headers["Location"]).get_data(as_text=True)


def test_a_suggestion_is_not_accepted_for_a_merged_proposal(
        app, client, moderator, process, taxonomy, make_proposal):
    """A merged proposal's tags would reach nobody (the one it went into is tagged): even
    a form made by hand with its current revision tags nothing."""
    proposal = make_proposal(process, title="Bygg ut dagis i Björkdalen")
    kept = make_proposal(process, title="Fler förskoleplatser i Björkdalen")
    submit(client, f"/moderera/forslag/{proposal.id}/sammanfoga",
           {"revision": read(app, proposal)["revision"], "target": db_reference(app, kept)})
    response = accept(client, proposal, taxonomy["Förskola"], read(app, proposal)["revision"])
    assert read(app, proposal)["keywords"] == []
    assert "har redan slagits ihop med" in client.get(
        response.headers["Location"]).get_data(as_text=True)


def test_a_keyword_of_another_process_or_archived_is_refused(
        app, client, moderator, process, taxonomy, make_proposal, make_process):
    proposal = make_proposal(process, title="Bygg ut dagis i Björkdalen")
    other = make_process(dialogue_open=False)
    with app.app_context():
        foreign = Keyword(process_id=other.id, name="Förskola", meaning="")
        db.session.add(foreign)
        archived = db.session.get(Keyword, taxonomy["Äldreomsorg"])
        archived.archived_at = utcnow()
        db.session.commit()
        foreign_id = foreign.id
    for keyword_id in (foreign_id, taxonomy["Äldreomsorg"]):
        accept(client, proposal, keyword_id, read(app, proposal)["revision"])
        assert read(app, proposal)["keywords"] == []


def test_residents_and_committee_members_cannot_accept_suggestions(
        app, client, login_as, process, taxonomy, make_proposal):
    proposal = make_proposal(process, title="Bygg ut dagis i Björkdalen")
    for role in (Role.RESIDENT, Role.COMMITTEE):
        login_as(role)
        response = submit(client, f"/moderera/forslag/{proposal.id}/foreslaget-nyckelord/"
                          f"{taxonomy['Förskola']}", {"revision": 0}, form_page="/")
        assert response.status_code == 403
    assert read(app, proposal)["keywords"] == []


@pytest.fixture
def pairs(process, taxonomy, make_proposal):
    """A duplicate in other words and a hard negative: the same place, another request."""
    return {
        "bike": make_proposal(process, title="Bygg en cykelbana mellan Norrby och centrum",
                              body="Idag cyklar vi på landsvägen. En egen cykelbana hela "
                                   "vägen in till stan skulle få fler att cykla."),
        "same": make_proposal(process, title="Cykelväg från Norrby in till stan",
                              body="Gör en riktig cykelväg hela vägen in till stan så att "
                                   "fler kan cykla."),
        "repair": make_proposal(process, title="Laga hålen i cykelbanan vid Norrby",
                                body="Cykelbanan vid Norrby är full av gropar och rötter "
                                     "som trycker upp asfalten. Den behöver läggas om."),
    }


def test_likely_duplicates_are_listed_and_the_same_place_with_another_request_is_not(
        app, client, moderator, process, pairs):
    refresh(app, process)
    html = client.get(f"/moderera/{process.slug}/").get_data(as_text=True)
    assert f'href="/moderera/{process.slug}/dubbletter"' in html
    html = client.get(f"/moderera/{process.slug}/dubbletter").get_data(as_text=True)
    assert "Cykelväg från Norrby in till stan" in html
    assert "Laga hålen" not in html
    review = client.get(review_url(pairs["bike"])).get_data(as_text=True)
    hints = review[review.index('id="duplicates-title"'):]
    assert "Cykelväg från Norrby" in hints and "Laga hålen" not in hints


def test_a_suggested_duplicate_is_merged_in_one_step_from_the_queue(
        app, client, moderator, process, pairs):
    refresh(app, process)
    source, target = pairs["same"], pairs["bike"]
    response = submit(client, f"/moderera/{process.slug}/dubbletter/{source.id}/in-i/{target.id}",
                      {"revision": read(app, source)["revision"]},
                      form_page=f"/moderera/{process.slug}/dubbletter")
    assert response.status_code == 302
    assert read(app, source)["status"] == ProposalStatus.MERGED
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "har slagits ihop med" in html
    assert "Cykelväg från Norrby in till stan" not in html  # the pair is settled
    # The merged proposal's own page offers nothing more to decide from the hints.
    review = client.get(review_url(source)).get_data(as_text=True)
    assert 'name="foreslaget"' not in review and "inte-samma" not in review
    assert 'id="duplicates-title"' not in review


def test_the_review_page_offers_to_keep_the_proposal_with_more_supports_first(
        app, client, moderator, process, pairs):
    """On the review page of the one with fewer supports, the first merge offered keeps the
    other; on the other's page, the first keeps it, merging this one in and staying there."""
    bike, same = pairs["bike"], pairs["same"]
    with app.app_context():
        db.session.get(Proposal, same.id).supports_count = 5
        db.session.commit()
    refresh(app, process)
    keep_this = f"Behåll det här förslaget, slå ihop {same.reference} hit"
    keep_other = f"Slå ihop det här förslaget med {same.reference}"
    html = client.get(review_url(bike)).get_data(as_text=True)
    hints = html[html.index('id="duplicates-title"'):html.index("Alla troliga dubbletter")]
    assert "5 stöd" in hints
    assert keep_this in hints and keep_other in hints
    assert hints.index(keep_other) < hints.index(keep_this)  # the other has more supports
    html = client.get(review_url(same)).get_data(as_text=True)
    keep_this = f"Behåll det här förslaget, slå ihop {bike.reference} hit"
    assert html.index(keep_this) < html.index(f"Slå ihop det här förslaget med {bike.reference}")
    response = submit(client, f"/moderera/forslag/{same.id}/ta-in/{bike.id}",
                      {"revision": read(app, bike)["revision"]}, form_page=review_url(same))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(review_url(same))  # stays on the kept one
    assert read(app, bike)["status"] == ProposalStatus.MERGED
    assert read(app, same)["status"] == ProposalStatus.PUBLISHED
    # A proposal of another process is not merged in through this one.
    assert submit(client, f"/moderera/forslag/{same.id}/ta-in/999999",
                  {"revision": 1}, form_page=review_url(same)).status_code == 404


def test_a_pair_offers_first_to_keep_the_one_with_more_supports_paper_ones_counted(
        app, client, moderator, process, pairs):
    """The proposal with 14 supports given on paper is the one to keep, its text is there
    to read, and the flash counts its paper supports when the other is merged in the
    other direction."""
    bike, same = pairs["bike"], pairs["same"]
    with app.app_context():
        db.session.add(PaperSupport(proposal_id=same.id, count=14, given_on=dt.date.today()))
        db.session.get(Proposal, same.id).paper_supports_count = 14
        db.session.commit()
    refresh(app, process)
    queue = f"/moderera/{process.slug}/dubbletter"
    html = re.sub(r"<span[^>]*>|</span>", "", client.get(queue).get_data(as_text=True))
    keep_same = f"Behåll {same.reference}, slå ihop {bike.reference} dit"
    keep_bike = f"Behåll {bike.reference}, slå ihop {same.reference} dit"
    assert keep_same in html and keep_bike in html
    assert html.index(keep_same) < html.index(keep_bike)  # more supports: offered first
    assert "14 stöd, varav 14 på papper" in html
    assert "Gör en riktig cykelväg hela vägen in till stan" in html  # read both
    response = submit(client, f"{queue}/{same.id}/in-i/{bike.id}",
                      {"revision": read(app, same)["revision"]}, form_page=queue)
    flashed = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "14 stöd flyttades" in flashed
    with app.app_context():
        assert db.session.get(Proposal, bike.id).paper_supports_count == 14


def test_a_suggested_duplicate_is_merged_in_one_step_from_the_review_page(
        app, client, moderator, process, pairs):
    refresh(app, process)
    source, target = pairs["bike"], pairs["same"]
    response = submit(client, f"/moderera/forslag/{source.id}/sammanfoga-med/{target.id}",
                      {"revision": read(app, source)["revision"]},
                      form_page=review_url(source))
    assert response.status_code == 302
    assert read(app, source)["status"] == ProposalStatus.MERGED


def test_a_pair_decided_on_a_stale_page_says_where_the_proposal_went(
        app, client, moderator, process, pairs):
    """A second moderator's page still offers the pair after the first merged it: neither
    "not the same" nor a merge the other way is taken, and each says what happened."""
    refresh(app, process)
    source, target = pairs["same"], pairs["bike"]
    queue = f"/moderera/{process.slug}/dubbletter"
    stale = {"revision": read(app, target)["revision"]}
    submit(client, f"{queue}/{source.id}/in-i/{target.id}",
           {"revision": read(app, source)["revision"]}, form_page=queue)
    source_ref = db_reference(app, source)
    for action, data in ((f"{queue}/{target.id}/inte-samma/{source.id}", {"next": queue}),
                         (f"{queue}/{target.id}/in-i/{source.id}", stale)):
        response = submit(client, action, data, form_page=queue)
        html = client.get(response.headers["Location"]).get_data(as_text=True)
        assert f"{source_ref} har redan slagits ihop med {db_reference(app, target)}" in html
    assert read(app, target)["status"] == ProposalStatus.PUBLISHED
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(DistinctPair)) == 0


def test_a_stale_merge_on_the_duplicates_page_names_the_pair(
        app, client, moderator, process, pairs):
    """The page lists a hundred pairs: the message says which one it is about."""
    refresh(app, process)
    source, target = pairs["same"], pairs["bike"]
    queue = f"/moderera/{process.slug}/dubbletter"
    response = submit(client, f"{queue}/{source.id}/in-i/{target.id}",
                      {"revision": read(app, source)["revision"] - 1}, form_page=queue)
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert (f"{db_reference(app, source)}, {db_reference(app, target)}: Någon ändrade "
            "förslaget") in html
    assert read(app, source)["status"] == ProposalStatus.PUBLISHED


def db_reference(app, proposal):
    with app.app_context():
        return db.session.get(Proposal, proposal.id).reference


def test_a_pair_of_another_process_is_not_merged_through_this_one(
        app, client, moderator, process, pairs, make_process):
    other = make_process(dialogue_open=False)
    source, target = pairs["same"], pairs["bike"]
    response = submit(client, f"/moderera/{other.slug}/dubbletter/{source.id}/in-i/{target.id}",
                      {"revision": read(app, source)["revision"]},
                      form_page=f"/moderera/{process.slug}/dubbletter")
    assert response.status_code == 404
    assert read(app, source)["status"] == ProposalStatus.PUBLISHED


ELDERLY = [("Mötesplats för ensamma pensionärer", "Många pensionärer är ensamma och vill "
            "träffas över en fika."),
           ("Träffpunkt med fika för pensionärer", "Pensionärer behöver en träffpunkt med "
            "fika och sång."),
           ("Fika och gymnastik för pensionärer", "Ordna fika och gymnastik för ensamma "
            "pensionärer varje vecka.")]
DOGS = [("Hundrastgård i Stadsparken", "Hundar behöver en inhägnad hundrastgård."),
        ("Fler hundrastgårdar", "Det finns för få hundrastgårdar för alla hundar."),
        ("Inhägnad för hundar vid ån", "Bygg en hundrastgård där hundar får springa lösa.")]


@pytest.fixture
def untagged(process, taxonomy, make_proposal):
    return [make_proposal(process, title=title, body=body) for title, body in ELDERLY + DOGS]


def test_emerging_themes_group_untagged_proposals_with_a_name_and_telling_words(
        app, client, moderator, process, untagged):
    refresh(app, process)
    html = client.get(f"/moderera/{process.slug}/nya-teman").get_data(as_text=True)
    assert "Hundrastgård i Stadsparken" in html and "Träffpunkt med fika" in html
    with app.app_context():
        groups = db.session.scalars(select(EmergingTheme)).all()
        members = [sorted(g.proposal_ids) for g in groups]
    assert sorted([p.id for p in untagged[:3]]) in members
    assert sorted([p.id for p in untagged[3:]]) in members
    assert "Beräknat" in html  # how fresh


def test_a_keyword_is_made_of_an_emerging_theme_and_tags_the_group_in_one_step(
        app, client, moderator, process, taxonomy, untagged):
    refresh(app, process)
    with app.app_context():
        group = db.session.scalar(select(EmergingTheme).where(
            EmergingTheme.proposal_ids.is_not(None)).order_by(EmergingTheme.id))
        group_id, members, prefix = group.id, group.proposal_ids, f"grupp{group.id}"
    page = f"/moderera/{process.slug}/nya-teman"
    response = submit(client, f"{page}/{group_id}", {
        f"{prefix}-name": "Hundar och mötesplatser", f"{prefix}-meaning": "Från gruppen.",
        f"{prefix}-theme_id": taxonomy["Omsorg"], f"{prefix}-csrf_token": "",
        f"{prefix}-computed": computed(client, page, prefix)}, form_page=page)
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        keyword = db.session.scalar(select(Keyword).where(
            Keyword.name == "Hundar och mötesplatser"))
        tagged = db.session.scalars(select(Proposal).where(Proposal.id.in_(members))).all()
        assert all(keyword in p.keywords and keyword.theme in p.themes for p in tagged)
        # Nobody read each of them: they are still new to the moderators.
        assert all(p.reviewed_at is None for p in tagged)
        actions = db.session.scalars(select(AuditEntry.action)).all()
        assert actions.count("proposal.tag_suggestion") == len(members)
        assert "keyword.create" in actions
    html = client.get(page).get_data(as_text=True)
    assert f'action="{page}/{group_id}"' not in html  # done: the group is gone


def test_a_group_whose_proposals_were_mostly_tagged_since_is_no_longer_offered(
        app, client, moderator, process, taxonomy, untagged):
    """Two of a group's three proposals tagged on their own review pages: the one left
    does not carry the group's name and words (they came from the others), so the group
    is not offered until the next refresh finds it a group of its own. A proposal left
    out of a group is no such change: the two left stay a group."""
    refresh(app, process)
    with app.app_context():
        first, second = db.session.scalars(select(EmergingTheme).order_by(
            EmergingTheme.id)).all()[:2]
        tagged_ids, kept_ids = sorted(first.proposal_ids)[:2], sorted(second.proposal_ids)
        keyword = db.session.scalar(select(Keyword).where(Keyword.process_id == process.id))
        for proposal in db.session.scalars(select(Proposal).where(Proposal.id.in_(tagged_ids))):
            proposal.keywords.append(keyword)
            proposal.keyword_count = 1
        db.session.commit()
        first_id, second_id = first.id, second.id
    page = f"/moderera/{process.slug}/nya-teman"
    submit(client, f"{page}/{second_id}/utan/{kept_ids[0]}", {}, form_page=page)
    html = client.get(page).get_data(as_text=True)
    assert f'action="{page}/{first_id}"' not in html
    assert f'action="{page}/{second_id}"' in html


def computed(client, page, prefix):
    """When the group a form is for was computed, as the page gives it."""
    html = client.get(page).get_data(as_text=True)
    return re.search(rf'name="{prefix}-computed" value="([^"]+)"', html).group(1)


def test_a_proposal_left_out_of_a_group_is_not_tagged_with_it(
        app, client, moderator, process, taxonomy, untagged):
    """A group's proposals each have a "leave out": the one left out leaves the group's
    list and count, and the keyword the group is then tagged with does not tag it. Left
    out twice, nothing more happens."""
    refresh(app, process)
    with app.app_context():
        group = db.session.scalar(select(EmergingTheme).order_by(EmergingTheme.id))
        group_id, members = group.id, sorted(group.proposal_ids)
    page = f"/moderera/{process.slug}/nya-teman"
    odd = members[0]
    action = f"{page}/{group_id}/utan/{odd}"
    html = client.get(page).get_data(as_text=True)
    assert f'action="{action}"' in html
    response = submit(client, action, {"next": page}, form_page=page)
    assert response.status_code == 302 and response.headers["Location"].endswith(page)
    html = client.get(page).get_data(as_text=True)
    assert "lämnas utanför de nya temana" in html and f'action="{action}"' not in html
    again = submit(client, action, {"next": page}, form_page=page)
    assert "var redan lämnat utanför de nya temana" in client.get(
        again.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LeftOut)) == 1
    # A refresh computes the groups anew: the proposal stays out of them.
    refresh(app, process)
    with app.app_context():
        group = db.session.scalar(select(EmergingTheme).order_by(EmergingTheme.id))
        group_id = group.id
    assert f"/utan/{odd}\"" not in client.get(page).get_data(as_text=True)
    read_at = {f"befintligt{group_id}-computed": computed(client, page, f"befintligt{group_id}")}
    submit(client, f"{page}/{group_id}/befintligt",
           {f"befintligt{group_id}-keyword_id": taxonomy["Äldreomsorg"], **read_at},
           form_page=page)
    with app.app_context():
        tagged = {p.id: [k.name for k in p.keywords] for p in db.session.scalars(
            select(Proposal).where(Proposal.id.in_(members)))}
    assert tagged.pop(odd) == []
    assert tagged and all(names == ["Äldreomsorg"] for names in tagged.values())


def test_a_proposal_left_out_by_mistake_is_taken_back(
        app, client, moderator, process, taxonomy, untagged):
    refresh(app, process)
    with app.app_context():
        group = db.session.scalar(select(EmergingTheme).order_by(EmergingTheme.id))
        group_id, odd = group.id, sorted(group.proposal_ids)[0]
    page = f"/moderera/{process.slug}/nya-teman"
    submit(client, f"{page}/{group_id}/utan/{odd}", {"next": page}, form_page=page)
    html = client.get(page).get_data(as_text=True)
    listed = html[html.index('id="left-out-title"'):]
    take_back = f"{page}/utan/{odd}/angra"
    assert f'action="{take_back}"' in listed and "Lämnat utanför" in listed
    response = submit(client, take_back, {}, form_page=page)
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "kan grupperas i de nya temana igen" in html
    assert 'id="left-out-title"' not in html
    assert f'action="{page}/{group_id}/utan/{odd}"' in html  # back in its group at once
    submit(client, take_back, {}, form_page=page)
    assert "det fanns inget att ångra" in client.get(page).get_data(as_text=True)
    with app.app_context():  # each decision in the log, once, with the group's name
        entries = db.session.scalars(select(AuditEntry).where(
            AuditEntry.target_id == odd).order_by(AuditEntry.id)).all()
        assert [e.action for e in entries] == ["proposal.left_out", "proposal.left_out_undone"]
        assert entries[0].after["left_out_of"]
    log = client.get(f"/moderera/logg?process={process.id}").get_data(as_text=True)
    assert "Tog tillbaka att ett förslag lämnades utanför de nya temana" in log


def test_moderators_leaving_out_the_same_proposal_at_once_leave_it_out_once(
        app, process, taxonomy, untagged, make_user):
    from app.services.insight import decisions
    refresh(app, process)
    with app.app_context():
        group = db.session.scalar(select(EmergingTheme).order_by(EmergingTheme.id))
        group_id, odd = group.id, group.proposal_ids[0]
    moderators = [make_user(role=Role.MODERATOR) for _n in range(4)]

    def leave_out(actor):
        emerging, proposal = db.session.get(EmergingTheme, group_id), db.session.get(
            Proposal, odd)
        return lambda: decisions.leave_out(actor, emerging, proposal, now=utcnow())
    assert sorted(at_once(app, moderators, leave_out)) == [False, False, False, True]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LeftOut)) == 1
        assert db.session.scalars(select(AuditEntry.action).where(
            AuditEntry.target_id == odd)).all() == ["proposal.left_out"]


def test_a_groups_every_proposal_is_on_its_own_pages(
        app, client, moderator, process, taxonomy, untagged, monkeypatch):
    """The emerging themes page shows a group's first proposals; its own page shows them
    all, a page at a time, each with its "leave out"."""
    from app.moderation import insight as views
    monkeypatch.setattr(views, "GROUP_PAGE", 2)
    refresh(app, process)
    with app.app_context():
        group = db.session.scalar(select(EmergingTheme).order_by(EmergingTheme.id))
        group_id, members = group.id, sorted(group.proposal_ids)
    assert len(members) == 3
    url = f"/moderera/{process.slug}/nya-teman/{group_id}/forslag"
    first = client.get(url).get_data(as_text=True)
    second = client.get(f"{url}?sida=2").get_data(as_text=True)
    assert "3 förslag utan nyckelord" in first and "Sida 1 av 2" in first
    assert all(f"/utan/{m}\"" in first for m in members[:2])
    assert f"/utan/{members[2]}\"" in second and f"/utan/{members[0]}\"" not in second
    assert client.get(f"{url}?sida=9").headers["Location"].endswith(f"{url}?sida=2")
    gone = client.get(f"/moderera/{process.slug}/nya-teman/{group_id + 1000}/forslag")
    assert gone.status_code == 302


def test_a_page_shown_again_after_an_error_sends_its_buttons_back_to_a_page_that_shows(
        app, client, moderator, process, taxonomy, untagged, pairs):
    """A form refused comes back at its POST address; the other buttons on that page must
    not return there afterwards (a 405), but to the page itself."""
    refresh(app, process)
    with app.app_context():
        group_id = db.session.scalar(select(EmergingTheme.id).order_by(EmergingTheme.id))
    page, prefix = f"/moderera/{process.slug}/nya-teman", f"grupp{group_id}"
    refused = submit(client, f"{page}/{group_id}", {
        f"{prefix}-name": "", f"{prefix}-computed": computed(client, page, prefix)},
        form_page=page).get_data(as_text=True)
    backs = set(re.findall(r'name="next" value="([^"]+)"', refused))
    assert backs == {page}, backs
    bike = pairs["bike"]
    refused = submit(client, f"/moderera/forslag/{bike.id}/taggar",
                     {"revision": "junk", "keywords": [taxonomy["Cykling"]]},
                     form_page=review_url(bike)).get_data(as_text=True)
    assert "Någon ändrade förslaget" in refused
    backs = set(re.findall(r'name="next" value="([^"]+)"', refused))
    assert backs and all(back.startswith(review_url(bike)) for back in backs), backs


def test_only_moderators_leave_out_and_only_what_the_group_holds(
        app, client, auth, login_as, process, taxonomy, untagged, make_proposal):
    refresh(app, process)
    with app.app_context():
        group_id = db.session.scalar(select(EmergingTheme.id).order_by(EmergingTheme.id))
        member = db.session.get(EmergingTheme, group_id).proposal_ids[0]
    page = f"/moderera/{process.slug}/nya-teman"
    login_as(Role.RESIDENT)
    assert submit(client, f"{page}/{group_id}/utan/{member}", {}, "/").status_code == 403
    auth.logout()
    login_as(Role.MODERATOR)
    assert client.post(f"{page}/{group_id}/utan/{member}").status_code == 400  # no CSRF
    stranger = make_proposal(process, title="Något helt annat")
    response = submit(client, f"{page}/{group_id}/utan/{stranger.id}", {}, page)
    assert "finns inte i den här gruppen" in client.get(
        response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(LeftOut)) == 0


def test_an_emerging_theme_is_tagged_with_an_existing_keyword_once(
        app, client, moderator, process, taxonomy, untagged):
    """The group is what a keyword the process already has means: tagged with it in one
    step; sent again (a double submit, a second moderator), it says so and tags nothing
    more."""
    refresh(app, process)
    with app.app_context():
        group = db.session.scalar(select(EmergingTheme).order_by(EmergingTheme.id))
        group_id, members = group.id, group.proposal_ids
        keywords_before = db.session.scalar(select(func.count()).select_from(Keyword))
    page = f"/moderera/{process.slug}/nya-teman"
    action, field = f"{page}/{group_id}/befintligt", f"befintligt{group_id}-keyword_id"
    assert f'action="{action}"' in client.get(page).get_data(as_text=True)
    read_at = {f"befintligt{group_id}-computed": computed(client, page, f"befintligt{group_id}")}
    refused = submit(client, action, {field: "0", **read_at}, form_page=page).get_data(
        as_text=True)
    assert "Välj ett av nyckelorden." in refused
    response = submit(client, action, {field: taxonomy["Äldreomsorg"], **read_at},
                      form_page=page)
    assert response.status_code == 302
    with app.app_context():
        keyword = db.session.get(Keyword, taxonomy["Äldreomsorg"])
        tagged = db.session.scalars(select(Proposal).where(Proposal.id.in_(members))).all()
        assert all(keyword in p.keywords for p in tagged)
        assert db.session.scalar(select(func.count()).select_from(Keyword)) == keywords_before
    again = submit(client, action, {field: taxonomy["Cykling"], **read_at}, form_page=page)
    assert again.status_code == 302
    assert "Gruppen är redan taggad med Äldreomsorg." in client.get(
        again.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert not any(db.session.get(Keyword, taxonomy["Cykling"]) in p.keywords
                       for p in db.session.scalars(select(Proposal).where(
                           Proposal.id.in_(members))))


def test_a_keyword_name_already_taken_is_shown_next_to_the_field(
        app, client, moderator, process, taxonomy, untagged):
    refresh(app, process)
    with app.app_context():
        group_id = db.session.scalar(select(EmergingTheme.id).order_by(EmergingTheme.id))
    prefix, page = f"grupp{group_id}", f"/moderera/{process.slug}/nya-teman"
    response = submit(client, f"{page}/{group_id}", {
        f"{prefix}-name": "cykling", f"{prefix}-theme_id": 0,
        f"{prefix}-computed": computed(client, page, prefix)}, form_page=page)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "redan ett nyckelord" in html and 'value="cykling"' in html
    with app.app_context():
        assert db.session.scalar(select(Proposal.keyword_count).where(
            Proposal.id == untagged[0].id)) == 0


def test_a_group_computed_again_since_the_page_was_read_is_not_tagged(
        app, client, moderator, process, taxonomy, untagged):
    """A refresh replaces the groups: a form read before it must not tag the group that now
    has its number (SQLite reuses the id) nor fail with what was typed lost. The form comes
    back with what was typed and says why; a group gone says so."""
    refresh(app, process)
    with app.app_context():
        group_id = db.session.scalar(select(EmergingTheme.id).order_by(EmergingTheme.id))
    prefix, page = f"grupp{group_id}", f"/moderera/{process.slug}/nya-teman"
    read_at = computed(client, page, prefix)
    with app.app_context():  # computed again, the same number now another group
        group = db.session.get(EmergingTheme, group_id)
        group.computed_at = utcnow() + dt.timedelta(seconds=1)
        db.session.commit()
    form = {f"{prefix}-name": "Hundar i staden", f"{prefix}-meaning": "Hundägarnas önskemål.",
            f"{prefix}-theme_id": 0, f"{prefix}-computed": read_at}
    response = submit(client, f"{page}/{group_id}", form, form_page=page)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "inte den du läste" in html
    assert 'value="Hundar i staden"' in html and "Hundägarnas önskemål." in html
    with app.app_context():
        assert db.session.scalar(select(Keyword).where(Keyword.name == "Hundar i staden")) \
            is None
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 0
    # Read again (the form now carries the new time), it is decided.
    fresh = re.search(rf'name="{prefix}-computed" value="([^"]+)"', html).group(1)
    assert fresh != read_at
    response = submit(client, f"{page}/{group_id}", {**form, f"{prefix}-computed": fresh},
                      form_page=page)
    assert response.status_code == 302
    # A group a refresh removed: said, not a 404 that leaves the moderators' pages.
    response = submit(client, f"{page}/{group_id + 1000}", form, form_page=page)
    assert response.status_code == 302
    assert "den här gruppen finns inte längre" in client.get(page).get_data(as_text=True)


def test_refresh_refits_only_when_enough_has_changed_unless_forced(
        app, runner, process, taxonomy, untagged):
    result = runner.invoke(args=["insight", "refresh"])
    assert "6 proposals (0 tagged)" in result.output
    result = runner.invoke(args=["insight", "refresh"])
    assert "fresh enough" in result.output
    result = runner.invoke(args=["insight", "refresh", "--process", process.slug, "--force"])
    assert "6 proposals" in result.output
    result = runner.invoke(args=["insight", "refresh", "--process", "no-such"])
    assert result.exit_code != 0


def test_refresh_goes_past_a_process_with_nothing_yet_and_fits_one_with_one_proposal(
        app, runner, make_process, make_proposal):
    """A new process (no proposal, no keyword) and one with a single proposal have too
    little for the vectorisers' defaults; neither may stop the run for the others."""
    make_process(dialogue_open=False)  # refreshed first: the lower id
    lonely = make_process()
    make_proposal(lonely, title="Bygg ut dagis i Björkdalen")
    result = runner.invoke(args=["insight", "refresh", "--force"])
    assert result.exit_code == 0, result.output
    assert "0 proposals" in result.output and "1 proposals" in result.output


def test_each_app_server_reads_the_newest_fit_from_the_database(
        app, process, taxonomy, untagged):
    refresh(app, process)
    with app.app_context():
        first, stored = hints.engine_for(db.session.get(Process, process.id))
        again, _stored = hints.engine_for(db.session.get(Process, process.id))
        assert again is first  # unpickled once per fit
    refresh(app, process)
    with app.app_context():
        newer, _stored = hints.engine_for(db.session.get(Process, process.id))
        assert newer is not first


def test_suggestions_for_one_proposal_take_well_under_100_ms(app, process, taxonomy,
                                                             make_proposal):
    proposal = make_proposal(process, title="Bygg ut dagis i Björkdalen")
    refresh(app, process)
    with app.app_context():
        found = db.session.get(Proposal, proposal.id)
        hints.suggestions(found)
        started = time.perf_counter()
        for _ in range(10):
            hints.suggestions(found)
        assert (time.perf_counter() - started) / 10 < 0.1


def test_duplicates_are_found_the_same_way_in_the_reduced_space_used_at_real_size(
        app, process, pairs, monkeypatch):
    monkeypatch.setattr(store, "REDUCE_ABOVE", 2)
    refresh(app, process)
    with app.app_context():
        found = {(p.first_id, p.second_id) for p in db.session.scalars(select(DuplicatePair))}
    bike, same, repair = pairs["bike"].id, pairs["same"].id, pairs["repair"].id
    assert (min(bike, same), max(bike, same)) in found
    assert not any(repair in pair for pair in found)


def test_an_engine_stored_by_another_release_means_no_suggestions_until_the_next_refresh(
        app, client, moderator, process, taxonomy, make_proposal):
    from app.models import InsightModel
    proposal = make_proposal(process, title="Bygg ut dagis i Björkdalen")
    refresh(app, process)
    with app.app_context():
        stored = db.session.scalar(select(InsightModel))
        stored.engine, stored.fitted_at = b"not an engine", utcnow()
        db.session.commit()
    html = client.get(review_url(proposal)).get_data(as_text=True)
    assert 'name="foreslaget"' not in html and "flask insight refresh" in html
    refresh(app, process)
    assert 'name="foreslaget"' in client.get(review_url(proposal)).get_data(as_text=True)


def test_the_residents_compare_step_uses_the_duplicate_engine_once_fitted(
        app, client, process, pairs, make_proposal, make_user, auth, monkeypatch):
    """Once fitted, the step shows the proposals the engine finds likeliest to ask the
    same: those its own index finds, and those the full-text search finds (which knows
    proposals published since the fit), each scored by the engine, so that the same
    place's other request comes after them and a proposal about something else, which
    the search found, is left out."""
    from app.services.insight import compare
    author = make_user()
    draft = make_proposal(process, title="Bygg en cykelbana till Norrby", author=author,
                          body="Jag vill ha en cykelbana från Norrby ända in till centrum, "
                               "landsvägen är farlig.", publish=False)
    refresh(app, process)
    late = make_proposal(process, title="Cykelbana hela vägen från Norrby till centrum",
                         body="En cykelbana från Norrby in till stan, så att fler kan "
                              "cykla till jobbet och skolan.")
    unrelated = make_proposal(process, title="Längre öppettider på biblioteket i Norrby",
                              body="Biblioteket stänger redan klockan fem.")
    # The search (here: made to) find the late proposal, the hard negative and another.
    searched = [late.id, pairs["repair"].id, unrelated.id]
    monkeypatch.setattr(compare.proposals, "similar", lambda proposal, process, **kw: list(
        db.session.scalars(select(Proposal).where(Proposal.id.in_(searched)))))
    auth.login(author.email)
    html = client.get(f"/forslag/{draft.id}/liknande").get_data(as_text=True)
    duplicates = [html.find("Cykelväg från Norrby in till stan"),  # from the engine's index
                  html.find("Bygg en cykelbana mellan Norrby och centrum"),
                  html.find(late.title)]  # published since the fit
    assert -1 not in duplicates
    repair = html.find("Laga hålen i cykelbanan vid Norrby")
    assert repair == -1 or repair > max(duplicates)
    # Those at the moderators' threshold say so.
    cards = html.split('<li class="card proposal-card">')[1:]
    likely = [card for card in cards if "Kan vara samma som ditt" in card]
    assert likely and all("Laga hålen" not in card for card in likely)
    assert unrelated.title not in html


def test_similar_proposals_are_ranked_by_the_duplicate_score_down_to_a_floor(
        app, process, pairs, make_proposal, monkeypatch):
    """Residents see more than the pairs a moderator is shown: every candidate scoring
    at least SHOWN_FROM, likeliest first, so a partner written in other words that
    scores below the moderators' threshold is still there to support."""
    from app.services.insight import compare
    from app.services.insight.engine import DUPLICATE_THRESHOLD, SHOWN_FROM, Engine
    draft = make_proposal(process, title="Cykelbana till Norrby", publish=False)
    refresh(app, process)
    score_of = {pairs["bike"].title: (SHOWN_FROM + DUPLICATE_THRESHOLD) / 2,
                pairs["same"].title: 0.9, pairs["repair"].title: SHOWN_FROM - 0.01}
    scored = []  # the candidates' titles, in the order they are scored
    real_view = Engine.pair_view

    def view(engine, documents):
        scored[:] = [doc.split(". ", 1)[0] for doc in documents[1:]]
        return real_view(engine, documents)

    monkeypatch.setattr(Engine, "pair_view", view)
    monkeypatch.setattr(Engine, "pair_scores", lambda engine, view, first, second, **kw: [
        score_of[title] for title in scored])
    monkeypatch.setattr(Engine, "nearest", lambda engine, doc, n=30: [])
    with app.app_context():
        monkeypatch.setattr(compare.proposals, "similar", lambda proposal, process, **kw: list(
            db.session.scalars(select(Proposal).where(Proposal.title.in_(score_of)))))
        found = compare.ranked(db.session.get(Proposal, draft.id))
    assert [(f.proposal.title, f.likely) for f in found] == [
        (pairs["same"].title, True), (pairs["bike"].title, False)]


def test_a_proposal_page_shows_the_engines_ranking_once_fitted(
        app, client, process, pairs, make_proposal):
    refresh(app, process)
    late = make_proposal(process, title="Cykelväg hela vägen till stan från Norrby",
                         body="Jag vill cykla till jobbet i stan utan att åka på landsvägen.")
    with app.app_context():
        from app.services.insight import compare
        expected = [p.id for p in compare.similar_to(db.session.get(Proposal, late.id),
                                                     title_only=True)]
    assert set(expected[:2]) == {pairs["bike"].id, pairs["same"].id}
    html = client.get(f"/forslag/{late.id}").get_data(as_text=True)
    shown = html[html.index('id="similar-title"'):]
    assert re.findall(r'href="/forslag/(\d+)"', shown)[:len(expected)] == [
        str(i) for i in expected]


def test_the_compare_step_without_a_usable_engine_falls_back_to_the_search(
        app, client, process, pairs, make_proposal, monkeypatch):
    from app.services.insight import compare
    draft = make_proposal(process, title="Laga cykelbanan vid Norrby", publish=False)
    with app.app_context():
        found = db.session.get(Proposal, draft.id)
        searched = [p.id for p in compare.proposals.similar(found, found.process)][:5]
        assert [p.id for p in compare.similar_to(found)] == searched
        refresh(app, process)
        monkeypatch.setattr(compare.hints, "engine_for", lambda process: (None, None))
        assert [p.id for p in compare.similar_to(found)] == searched


def test_the_queue_leaves_out_faint_suggestions_and_merged_proposals(
        app, client, moderator, process, pairs):
    refresh(app, process)
    html = client.get(queue_url(process)).get_data(as_text=True)
    assert f"suggest-{pairs['same'].id}-" in html
    with app.app_context():
        found = db.session.get(Proposal, pairs["same"].id)
        found.status = ProposalStatus.MERGED
        db.session.commit()
        stored = db.session.scalars(select(StoredSuggestion)).all()
        # Every stored suggestion with no word behind it is left out of the list.
        faint = [(s.proposal_id, k) for s in stored
                 for k, why in zip(s.keyword_ids, s.reasons) if not why]
    assert faint  # the set has some (a keyword with few words in common)
    html = client.get(queue_url(process)).get_data(as_text=True)
    assert f"suggest-{pairs['same'].id}-" not in html
    for proposal_id, keyword_id in faint:
        assert f"suggest-{proposal_id}-{keyword_id}" not in html


def likely(html):
    """The duplicates page without its list of pairs set aside."""
    return html.split('id="decided-title"')[0]


def test_a_pair_that_is_not_the_same_leaves_the_queue_for_good(
        app, client, moderator, process, pairs):
    """"Not the same" takes a likely pair off the queue and the review page, no refresh
    brings it back, and the audit log says who decided it."""
    refresh(app, process)
    bike, same = pairs["bike"], pairs["same"]
    queue_url = f"/moderera/{process.slug}/dubbletter"
    html = client.get(queue_url).get_data(as_text=True)
    action = f"/moderera/{process.slug}/dubbletter/{bike.id}/inte-samma/{same.id}"
    assert f'action="{action}"' in html and "Inte samma förslag" in html
    response = submit(client, action, {"next": queue_url}, queue_url)
    assert response.status_code == 302 and response.headers["Location"].endswith(queue_url)
    html = client.get(queue_url).get_data(as_text=True)
    assert "Cykelväg från Norrby in till stan" not in likely(html)
    assert "inte samma förslag: de föreslås inte som dubbletter igen" in html
    again = submit(client, action, {"next": queue_url}, queue_url)  # a second moderator
    assert "var redan satta åt sidan som inte samma" in client.get(
        again.headers["Location"]).get_data(as_text=True)
    refresh(app, process)
    first, second = sorted((bike.id, same.id))
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(DuplicatePair).where(
            DuplicatePair.first_id == first, DuplicatePair.second_id == second)) == 0
        # A refresh that read the pairs before the decision stores it again: still not shown.
        db.session.add(DuplicatePair(process_id=process.id, first_id=first,
                                     second_id=second, score=0.9))
        db.session.commit()
    assert "Cykelväg från Norrby in till stan" not in likely(client.get(queue_url).get_data(
        as_text=True))
    review = client.get(review_url(bike)).get_data(as_text=True)
    assert "Cykelväg från Norrby" not in review[review.index('id="duplicates-title"'):]
    with app.app_context():
        entry = db.session.scalars(select(AuditEntry).where(
            AuditEntry.action == "proposal.not_duplicate")).one()
        assert entry.after == {"not_the_same_as": db.session.get(Proposal, same.id).reference}
    # Deciding it again changes nothing and says nothing went wrong.
    assert submit(client, action, {"next": queue_url}, queue_url).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(DistinctPair)) == 1


def test_not_the_same_from_the_review_page_returns_there(app, client, moderator, process,
                                                         pairs):
    refresh(app, process)
    bike, same = pairs["bike"], pairs["same"]
    page = review_url(bike)
    html = client.get(page).get_data(as_text=True)
    action = f"/moderera/{process.slug}/dubbletter/{bike.id}/inte-samma/{same.id}"
    assert f'action="{action}"' in html
    response = submit(client, action, {"next": page}, page)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(page)


def undo_url(process, one, other):
    return f"/moderera/{process.slug}/dubbletter/{one.id}/inte-samma/{other.id}/angra"


def test_a_not_the_same_clicked_in_error_is_taken_back(app, client, moderator, process, pairs):
    """The duplicates page lists the pairs set aside, with who decided; "take back" brings
    the pair back among the likely duplicates at once, with its likeness, and says so in
    the audit log. Taken back twice, the second says there was nothing to take back."""
    refresh(app, process)
    bike, same = pairs["bike"], pairs["same"]
    queue_url = f"/moderera/{process.slug}/dubbletter"
    submit(client, f"{queue_url}/{bike.id}/inte-samma/{same.id}", {"next": queue_url},
           queue_url)
    html = client.get(queue_url).get_data(as_text=True)
    decided = html[html.index('id="decided-title"'):]
    assert "Satta åt sidan som inte samma" in decided
    assert "Cykelväg från Norrby in till stan" in decided  # listed there, not above
    assert "Cykelväg från Norrby in till stan" not in likely(html)
    assert f'action="{undo_url(process, bike, same)}"' in decided
    response = submit(client, undo_url(process, bike, same), {}, queue_url)
    assert response.status_code == 302 and response.headers["Location"].endswith(queue_url)
    html = client.get(queue_url).get_data(as_text=True)
    assert "finns bland de troliga dubbletterna igen" in html
    assert 'id="decided-title"' not in html  # nothing is set aside any more
    assert f"dubbletter/{same.id}/in-i/{bike.id}" in html  # mergeable again
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(DistinctPair)) == 0
        entry = db.session.scalars(select(AuditEntry).where(
            AuditEntry.action == "proposal.not_duplicate_undone")).one()
        assert entry.before == {"not_the_same_as": db.session.get(Proposal, max(
            bike.id, same.id)).reference}
    response = submit(client, undo_url(process, bike, same), {}, queue_url)
    assert response.status_code == 302
    assert "det fanns inget att ångra" in client.get(queue_url).get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "proposal.not_duplicate_undone")) == 1


def test_a_pair_taken_back_after_a_refresh_returns_with_the_next(
        app, client, moderator, process, pairs):
    """A refresh after the decision no longer stores the pair: taken back, it returns when
    the engine computes again, and the page says so rather than promising it now."""
    refresh(app, process)
    bike, same = pairs["bike"], pairs["same"]
    queue_url = f"/moderera/{process.slug}/dubbletter"
    submit(client, f"{queue_url}/{bike.id}/inte-samma/{same.id}", {"next": queue_url},
           queue_url)
    refresh(app, process)
    submit(client, undo_url(process, same, bike), {}, queue_url)
    html = client.get(queue_url).get_data(as_text=True)
    assert "om nästa beräkning finner dem lika" in html
    assert "Cykelväg från Norrby in till stan" not in likely(html)
    refresh(app, process)
    assert "Cykelväg från Norrby in till stan" in client.get(queue_url).get_data(as_text=True)


def test_a_pair_set_aside_and_then_merged_is_no_longer_offered_to_take_back(
        app, client, moderator, process, pairs):
    refresh(app, process)
    bike, same = pairs["bike"], pairs["same"]
    queue_url = f"/moderera/{process.slug}/dubbletter"
    submit(client, f"{queue_url}/{bike.id}/inte-samma/{same.id}", {"next": queue_url},
           queue_url)
    assert 'id="decided-title"' in client.get(queue_url).get_data(as_text=True)
    submit(client, f"/moderera/forslag/{same.id}/sammanfoga-med/{bike.id}",
           {"revision": read(app, same)["revision"]}, form_page=review_url(same))
    assert read(app, same)["status"] == ProposalStatus.MERGED
    assert 'id="decided-title"' not in client.get(queue_url).get_data(as_text=True)
    response = submit(client, undo_url(process, bike, same), {}, queue_url)  # an old page
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "har redan slagits ihop med" in html
    assert "finns bland de troliga dubbletterna igen" not in html
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(DistinctPair)) == 1


def test_only_moderators_take_back_and_only_pairs_of_the_process(
        app, client, auth, login_as, process, pairs, make_process, make_user):
    from app.models import User
    from app.services.insight import decisions
    refresh(app, process)
    bike, same = pairs["bike"], pairs["same"]
    decider = make_user(role=Role.MODERATOR)
    with app.app_context():
        decisions.not_the_same(db.session.get(User, decider.id),
                               db.session.get(Proposal, bike.id),
                               db.session.get(Proposal, same.id), now=utcnow())
    login_as(Role.RESIDENT)
    assert submit(client, undo_url(process, bike, same), {}, "/").status_code == 403
    auth.logout()
    login_as(Role.MODERATOR)
    assert client.post(undo_url(process, bike, same)).status_code == 400  # no CSRF token
    other = make_process(dialogue_open=False)
    queue_url = f"/moderera/{process.slug}/dubbletter"
    assert submit(client, undo_url(other, bike, same), {}, queue_url).status_code == 404
    assert submit(client, f"/moderera/{process.slug}/dubbletter/{bike.id}/inte-samma/999999"
                  "/angra", {}, queue_url).status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(DistinctPair)) == 1


def test_two_moderators_taking_back_at_once_take_back_once(app, process, pairs, make_user):
    from app.models import User
    from app.services.insight import decisions
    refresh(app, process)
    moderators = [make_user(role=Role.MODERATOR) for _n in range(4)]
    with app.app_context():
        decisions.not_the_same(db.session.get(User, moderators[0].id),
                               db.session.get(Proposal, pairs["bike"].id),
                               db.session.get(Proposal, pairs["same"].id), now=utcnow())

    def take_back(actor):
        one = db.session.get(Proposal, pairs["same"].id)
        other = db.session.get(Proposal, pairs["bike"].id)
        return lambda: decisions.undo_not_the_same(actor, one, other)
    outcomes = at_once(app, moderators, take_back)
    assert sorted(outcomes, key=str) == [None, None, None, True]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "proposal.not_duplicate_undone")) == 1


def test_only_moderators_decide_and_only_with_the_form(app, client, login_as, process, pairs):
    refresh(app, process)
    action = (f"/moderera/{process.slug}/dubbletter/{pairs['bike'].id}/inte-samma/"
              f"{pairs['same'].id}")
    login_as(Role.RESIDENT)
    assert client.post(action).status_code in (400, 403)
    login_as(Role.MODERATOR)
    assert client.post(action).status_code == 400  # no CSRF token
    other = f"/moderera/{process.slug}/dubbletter/{pairs['bike'].id}/inte-samma/999999"
    assert client.post(other).status_code in (400, 404)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(DistinctPair)) == 0
        assert db.session.scalar(select(func.count()).select_from(DuplicatePair)) >= 1


def test_two_moderators_deciding_at_once_make_one_decision(app, process, pairs, make_user):
    from app.services.insight import decisions
    refresh(app, process)
    moderators = [make_user(role=Role.MODERATOR) for _n in range(4)]

    def decide(actor):
        one = db.session.get(Proposal, pairs["same"].id)
        other = db.session.get(Proposal, pairs["bike"].id)
        return lambda: decisions.not_the_same(actor, one, other, now=utcnow())
    outcomes = at_once(app, moderators, decide)
    assert sorted(outcomes) == [False, False, False, True]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(DistinctPair)) == 1
        assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "proposal.not_duplicate")) == 1


def test_moderators_settling_a_group_at_once_settle_it_once(
        app, process, taxonomy, untagged, make_user):
    """Four moderators tag the same emerging theme at the same moment, each with another
    keyword: one settles it, the others are told it is tagged already (and with what),
    and its proposals carry one keyword."""
    from app.models import User
    from app.services.insight import decisions
    refresh(app, process)
    with app.app_context():
        group_id = db.session.scalar(select(EmergingTheme.id).order_by(EmergingTheme.id))
    moderators = [make_user(role=Role.MODERATOR) for _n in range(4)]
    names = ["Cykling", "Förskola", "Äldreomsorg", "Kollektivtrafik"]
    start, outcomes = threading.Barrier(4), []

    def settle(moderator_id, name):
        with app.app_context():
            actor = db.session.get(User, moderator_id)
            emerging = db.session.get(EmergingTheme, group_id)
            start.wait()
            try:
                decisions.theme_to_keyword(actor, emerging, keyword_id=taxonomy[name],
                                           now=utcnow())
                outcomes.append("settled")
            except DomainError as error:  # told with what it was settled
                outcomes.append("refused" if "redan taggad" in str(error.message)
                                else str(error.message))
            finally:
                db.session.remove()
    threads = [threading.Thread(target=settle, args=(m.id, name))
               for m, name in zip(moderators, names)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["refused", "refused", "refused", "settled"]
    with app.app_context():
        members = db.session.get(EmergingTheme, group_id).proposal_ids
        tagged = db.session.scalars(select(Proposal).where(Proposal.id.in_(members))).all()
        assert all(len(p.keywords) == 1 for p in tagged)
        assert len({p.keywords[0].id for p in tagged}) == 1


def test_the_review_page_lists_other_similar_proposals_with_a_merge(
        app, client, moderator, process, pairs, make_proposal):
    """Below the likely duplicates the review page lists the proposal's other similar
    proposals, as its public page ranks them, each with a merge: a duplicate the
    threshold misses is there to merge."""
    refresh(app, process)
    late = make_proposal(process, title="Cykelväg hela vägen till stan från Norrby",
                         body="Jag vill cykla till jobbet i stan utan att åka på landsvägen.")
    with app.app_context():
        listed = [other.id for other, _score in hints.duplicates_of(
            db.session.get(Proposal, late.id))]
        stored = db.session.get(Proposal, late.id).similar_ids
    assert listed == []  # published since the fit: no stored pair yet
    html = client.get(review_url(late)).get_data(as_text=True)
    similar = html[html.index('id="similar-title"'):]
    for other_id in stored:  # each merges either way: into it, or it into this one
        assert f'/sammanfoga-med/{other_id}' in similar
        assert f'/forslag/{late.id}/ta-in/{other_id}' in similar
    assert stored and f"/moderera/forslag/{stored[0]}" in similar
    other = stored[0]
    with app.app_context():
        revision = db.session.get(Proposal, other).revision
    response = submit(client, f"/moderera/forslag/{late.id}/ta-in/{other}",
                      {"revision": revision}, form_page=review_url(late))
    assert response.headers["Location"].endswith(review_url(late))  # stays on this one
    with app.app_context():
        assert db.session.get(Proposal, other).merged_into_id == late.id
