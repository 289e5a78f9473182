"""Moderation: tagging, decisions by the published rules, reports, merging, answers, notes,
bulk actions, and the audit entry each leaves behind."""
import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import (AuditEntry, Keyword, ModerationMode, Process, Proposal, ProposalStatus,
                        Report, Role, Support, Theme, User)
from app.models.base import utcnow
from app.services.participation import proposals, supports
from app.services.errors import DomainError
from app.services.review import moderation, taxonomy as taxonomies
from tests.conftest import submit
from tests.support.concurrency import at_once, decided
from tests.support.queries import page_queries


@pytest.fixture
def process(make_process):
    return make_process()


@pytest.fixture
def moderator(login_as):
    return login_as(Role.MODERATOR)


@pytest.fixture
def taxonomy(app, process):
    """Two themes and three keywords in `process`; returns their ids by name."""
    with app.app_context():
        city, school = Theme(process_id=process.id, name="Hållbar stad"), \
            Theme(process_id=process.id, name="Lärande")
        keywords = [Keyword(process_id=process.id, name="Cykel", meaning="Säkra cykelvägar.",
                            theme=city),
                    Keyword(process_id=process.id, name="Grönområden", meaning="Parker.",
                            theme=city),
                    Keyword(process_id=process.id, name="Skolmat", meaning="Bättre mat.",
                            theme=school)]
        db.session.add_all([city, school, *keywords])
        db.session.commit()
        return {item.name: item.id for item in [city, school, *keywords]}


@pytest.fixture
def foreign_proposal(app, make_process, make_user):
    """A published proposal in another process (whose dialogue is not open: only one may
    be at a time)."""
    def make():
        other = make_process(dialogue_open=False)
        author = make_user()
        with app.app_context():
            process_ = db.session.get(Process, other.id)
            proposal = Proposal(process=process_, author_id=author.id, year=2026, number=9001,
                                title="Förslag i en annan process", body="<p>Text</p>",
                                body_text="Text", focus_area=process_.focus_areas[0],
                                status=ProposalStatus.PUBLISHED, published_at=utcnow())
            db.session.add(proposal)
            db.session.commit()
            db.session.refresh(proposal)
            db.session.expunge(proposal)
            return proposal
    return make


def count_of(queue, number):
    return f'{queue} <span class="count">({number})</span>'


def review_url(proposal, **args):
    query = "&".join(f"{k}={v}" for k, v in args.items())
    return f"/moderera/forslag/{proposal.id}" + (f"?{query}" if query else "")


def stored(app, proposal):
    with app.app_context():
        found = db.session.get(Proposal, proposal.id)
        db.session.refresh(found)
        assert found.keyword_count == len(found.keywords)  # the kept count never drifts
        return {"status": found.status, "keywords": sorted(k.name for k in found.keywords),
                "themes": sorted(t.name for t in found.themes),
                "goals": [g.number for g in found.sdg_goals], "revision": found.revision,
                "supports": found.supports_count, "reviewed": found.reviewed_at is not None,
                "hidden_reason": found.hidden_reason, "merged_into": found.merged_into_id,
                "answer": (found.answer_status, found.answer_text)}


def audit_actions(app, proposal=None):
    with app.app_context():
        query = select(AuditEntry.action).order_by(AuditEntry.id)
        if proposal is not None:
            query = query.where(AuditEntry.target_type == "proposal",
                                AuditEntry.target_id == proposal.id)
        return db.session.scalars(query).all()


def tag(client, proposal, revision=0, then="stay", **tags):
    return submit(client, f"/moderera/forslag/{proposal.id}/taggar",
                  {"revision": str(revision), "then": then, **tags},
                  form_page=review_url(proposal))


def test_moderator_tags_a_proposal_and_the_public_sees_and_filters_by_the_tags(
        app, client, moderator, process, taxonomy, make_proposal):
    proposal = make_proposal(process, title="Säkra cykelvägar till skolan")
    other = make_proposal(process, title="Fler bänkar i parken vid ån")
    response = tag(client, proposal, keywords=[taxonomy["Cykel"]], sdg_goals=["11"])
    assert response.status_code == 302
    after = stored(app, proposal)
    # The keyword's theme comes with it; the proposal counts as reviewed.
    assert (after["keywords"], after["themes"], after["goals"], after["reviewed"]) == \
        (["Cykel"], ["Hållbar stad"], [11], True)
    page = client.get(f"/forslag/{proposal.id}").get_data(as_text=True)
    assert "Cykel" in page and "Hållbar stad" in page and "Hållbara städer" in page
    listed = client.get(f"/process/{process.slug}/forslag?nyckelord={taxonomy['Cykel']}"
                        ).get_data(as_text=True)
    assert proposal.title in listed and other.title not in listed
    by_theme = client.get(f"/process/{process.slug}/forslag?tema={taxonomy['Lärande']}"
                          ).get_data(as_text=True)
    assert "0 förslag" in by_theme
    by_goal = client.get(f"/process/{process.slug}/forslag?mal=11").get_data(as_text=True)
    assert proposal.title in by_goal and other.title not in by_goal
    assert audit_actions(app, proposal) == ["proposal.tag"]


def test_tags_from_another_process_or_archived_are_refused_and_nothing_changes(
        app, client, moderator, process, taxonomy, make_process, make_proposal):
    proposal = make_proposal(process)
    elsewhere = make_process(dialogue_open=False)
    with app.app_context():
        foreign = Keyword(process_id=elsewhere.id, name="Främmande", meaning="")
        db.session.add(foreign)
        db.session.commit()
        foreign_id = foreign.id
    html = tag(client, proposal, keywords=[foreign_id]).get_data(as_text=True)
    assert "inte ett giltigt val" in html
    with app.app_context():
        db.session.get(Keyword, taxonomy["Skolmat"]).archived_at = utcnow()
        db.session.commit()
    html = tag(client, proposal, keywords=[taxonomy["Skolmat"]]).get_data(as_text=True)
    assert "Välj bland processens nyckelord" in html
    assert stored(app, proposal)["keywords"] == [] and audit_actions(app, proposal) == []


def test_a_form_opened_before_another_moderators_change_is_refused(
        app, client, moderator, process, taxonomy, make_proposal):
    proposal = make_proposal(process)
    assert tag(client, proposal, revision=0, keywords=[taxonomy["Cykel"]]).status_code == 302
    # A second moderator still has the page as it was (revision 0).
    html = tag(client, proposal, revision=0, keywords=[taxonomy["Skolmat"]]
               ).get_data(as_text=True)
    assert "Någon ändrade förslaget" in html
    assert re.search(r'<input checked[^>]*value="%d"' % taxonomy["Skolmat"], html)  # kept
    assert stored(app, proposal)["keywords"] == ["Cykel"]
    # The page says what is saved now, and the form is now made on it: saving it again
    # puts what the second moderator ticked in its place.
    assert "Sparat nu: Cykel; teman: Hållbar stad." in re.sub(r"<[^>]+>", "", html)
    revision = re.search(r'name="revision" type="hidden" value="(\d+)"|'
                         r'type="hidden" name="revision" value="(\d+)"|'
                         r'name="revision" value="(\d+)"', html)
    current = stored(app, proposal)["revision"]
    assert str(current) in revision.groups()
    assert tag(client, proposal, revision=current, keywords=[taxonomy["Skolmat"]]
               ).status_code == 302
    assert stored(app, proposal)["keywords"] == ["Skolmat"]


@pytest.mark.parametrize("junk", ["abc", "1e3", "99999999999999999999999", "٣"])
def test_a_junk_revision_is_refused_as_stale(app, client, moderator, process, taxonomy,
                                             make_proposal, junk):
    proposal = make_proposal(process)
    html = tag(client, proposal, revision=junk, keywords=[taxonomy["Cykel"]]
               ).get_data(as_text=True)
    assert "Någon ändrade förslaget" in html
    response = submit(client, f"/moderera/forslag/{proposal.id}/avsluta-anmalningar",
                      {"revision": junk}, form_page=review_url(proposal))
    assert response.status_code == 302
    assert stored(app, proposal)["keywords"] == [] and audit_actions(app, proposal) == []


def test_save_and_next_walks_the_queue(app, client, moderator, process, taxonomy,
                                       make_proposal):
    first, second, third = (make_proposal(process, title=f"Förslag nummer {n} om parker")
                            for n in range(3))
    assert f'href="/moderera/forslag/{second.id}?ko=nya"' in \
        client.get(review_url(first, ko="nya")).get_data(as_text=True)
    response = submit(client, f"/moderera/forslag/{first.id}/taggar?ko=nya",
                      {"revision": "0", "then": "next", "keywords": [taxonomy["Cykel"]]},
                      form_page=review_url(first, ko="nya"))
    assert response.headers["Location"] == f"/moderera/forslag/{second.id}?ko=nya"
    # The first has left the "new" queue; the second's previous is now none.
    html = client.get(review_url(second, ko="nya")).get_data(as_text=True)
    assert f"/moderera/forslag/{first.id}?" not in html and f"/forslag/{third.id}?ko=nya" in html
    queue = client.get(f"/moderera/{process.slug}/?ko=nya").get_data(as_text=True)
    assert first.title not in queue and second.title in queue and count_of("Nya", 2) in queue


def test_a_review_page_opened_outside_a_queue_claims_no_queue(
        app, client, moderator, process, taxonomy, make_proposal):
    first, second = (make_proposal(process, title=f"Förslag nummer {n} om parker")
                     for n in range(2))
    public_page = client.get(f"/forslag/{second.id}").get_data(as_text=True)
    assert f'href="/moderera/forslag/{second.id}"' in public_page
    html = client.get(review_url(second)).get_data(as_text=True)
    assert "Moderering: Nya" not in html and "i kön" not in html
    assert "Öppnat utanför köerna" in html
    # No previous in a queue it is not in (the first is linked only as a similar proposal).
    assert 'rel="prev"' not in html and "Föregående förslag" not in html
    assert "Spara och öppna nästa" not in html
    response = submit(client, f"/moderera/forslag/{second.id}/taggar",
                      {"revision": "0", "then": "next", "keywords": [taxonomy["Cykel"]]},
                      form_page=review_url(second))
    assert response.headers["Location"] == f"/moderera/forslag/{second.id}"
    assert stored(app, second)["keywords"] == ["Cykel"]


def test_hiding_by_a_rule_tells_the_author_and_keeps_a_public_record(
        app, client, auth, make_user, process, make_proposal, outbox):
    author = make_user(email="forfattare@example.org")
    proposal = make_proposal(process, author=author, title="Ett förslag som bryter mot reglerna")
    moderator = make_user(role=Role.MODERATOR)
    auth.login(moderator.email)
    refused = submit(client, f"/moderera/forslag/{proposal.id}/dolj",
                     {"revision": "0", "reason": "rude"}).get_data(as_text=True)
    assert "Inte ett giltigt val" in refused and stored(app, proposal)["status"] == "published"
    response = submit(client, f"/moderera/forslag/{proposal.id}/dolj",
                      {"revision": "0", "reason": "identifies_person",
                       "message": "Ta bort grannens namn så kan vi visa det igen."})
    assert response.status_code == 302
    assert stored(app, proposal)["status"] == ProposalStatus.HIDDEN
    mail = outbox.to("forfattare@example.org")[-1]
    assert proposal.reference in mail["Subject"] and "grannens namn" in mail.get_content()
    auth.logout()
    public = client.get(f"/forslag/{proposal.id}")
    assert public.status_code == 200  # a public record: the page stays
    text = public.get_data(as_text=True)
    assert "Dolt av moderatorerna" in text and proposal.title not in text
    assert proposal.title not in client.get(f"/process/{process.slug}/forslag").get_data(
        as_text=True)
    auth.login(author.email)
    mine = client.get("/mina-sidor/").get_data(as_text=True)
    assert "grannens namn" in mine and "identifierar en person" in mine
    assert proposal.title in client.get(f"/forslag/{proposal.id}").get_data(as_text=True)


def test_restoring_a_hidden_proposal_returns_it_to_where_it_was(
        app, client, moderator, process, make_proposal):
    proposal = make_proposal(process)
    with app.app_context():
        found = db.session.get(Proposal, proposal.id)
        user = db.session.get(User, moderator.id)
        with app.test_request_context():
            moderation.hide(user, found, reason="off_topic", message="", revision=0,
                            now=utcnow())
    assert submit(client, f"/moderera/forslag/{proposal.id}/aterstall", {"revision": "1"},
                  form_page=review_url(proposal)).status_code == 302
    assert stored(app, proposal)["status"] == ProposalStatus.PUBLISHED
    assert audit_actions(app, proposal) == ["proposal.hide", "proposal.restore"]


def report(app, proposal, user, reason="offensive"):
    with app.app_context():
        proposals.report(db.session.get(Proposal, proposal.id), db.session.get(User, user.id),
                         reason=reason, note="")


def test_enough_reports_hide_a_proposal_until_a_moderator_decides(
        app, client, moderator, process, make_proposal, make_user):
    proposal = make_proposal(process)
    for _ in range(2):
        report(app, proposal, make_user())
    assert stored(app, proposal)["status"] == ProposalStatus.PUBLISHED
    report(app, proposal, make_user())
    assert stored(app, proposal)["status"] == ProposalStatus.HIDDEN  # the default is 3
    queue = client.get(f"/moderera/{process.slug}/?ko=anmalda").get_data(as_text=True)
    assert proposal.title in queue and count_of("Anmälda", 1) in queue
    page = client.get(review_url(proposal)).get_data(as_text=True)
    assert "3 obehandlade anmälningar" in page
    # No moderator has acted: its status says so, here and to its author.
    assert "Dolt medan moderatorerna tittar på anmälningar" in page
    assert "Dolt av en moderator" not in page
    revision = stored(app, proposal)["revision"]
    assert submit(client, f"/moderera/forslag/{proposal.id}/avsluta-anmalningar",
                  {"revision": str(revision)}, form_page=review_url(proposal)
                  ).status_code == 302
    assert stored(app, proposal)["status"] == ProposalStatus.PUBLISHED
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Report).where(
            Report.resolved_at.is_(None))) == 0
    assert audit_actions(app, proposal) == ["proposal.hide_by_reports", "proposal.restore"]


def test_a_threshold_of_zero_never_hides_by_reports(app, process, make_proposal, make_user):
    with app.app_context():
        db.session.get(Process, process.id).report_threshold = 0
        db.session.commit()
    proposal = make_proposal(process)
    for _ in range(4):
        report(app, proposal, make_user())
    assert stored(app, proposal)["status"] == ProposalStatus.PUBLISHED


def support_as(app, user, proposal):
    with app.app_context():
        supports.cast_support(db.session.get(User, user.id),
                              db.session.get(Proposal, proposal.id), utcnow())


def test_merging_moves_supports_without_counting_anyone_twice(
        app, client, moderator, process, taxonomy, make_proposal, make_user, outbox):
    source_author, target_author = make_user(email="dubblett@example.org"), make_user()
    source = make_proposal(process, title="Belysning längs cykelvägen", author=source_author)
    target = make_proposal(process, title="Bättre belysning på cykelbanor", author=target_author)
    both, only_source, only_target = make_user(), make_user(), make_user()
    for user in (both, only_source, target_author):
        support_as(app, user, source)
    for user in (both, only_target):
        support_as(app, user, target)
    tag(client, source, keywords=[taxonomy["Cykel"]])
    tag(client, target, keywords=[taxonomy["Grönområden"]])
    response = submit(client, f"/moderera/forslag/{source.id}/sammanfoga",
                      {"revision": str(stored(app, source)["revision"]),
                       "target": target.reference}, follow_redirects=True)
    assert "1 stöd flyttades och 2 fanns redan" in response.get_data(as_text=True)
    # both, only_source, only_target: three residents, each once; the target's author cannot
    # support their own proposal, so that support goes.
    assert stored(app, target)["supports"] == 3 and stored(app, source)["supports"] == 0
    with app.app_context():
        backers = set(db.session.scalars(select(Support.user_id).where(
            Support.proposal_id == target.id)))
    assert backers == {both.id, only_source.id, only_target.id}
    assert stored(app, target)["keywords"] == ["Cykel", "Grönområden"]
    assert (stored(app, source)["status"], stored(app, source)["merged_into"]) == \
        (ProposalStatus.MERGED, target.id)
    page = client.get(f"/forslag/{source.id}").get_data(as_text=True)
    assert f"Sammanslaget med {target.reference}" in page
    assert outbox.to("dubblett@example.org")
    assert "proposal.merge" in audit_actions(app, source)


def test_the_merge_page_gives_a_real_reference_as_its_example(
        client, moderator, process, make_proposal):
    kept = make_proposal(process, title="Fler bänkar längs ån i centrum")
    duplicate = make_proposal(process, title="Fler bänkar längs ån")
    page = client.get(f"/moderera/forslag/{duplicate.id}/sammanfoga").get_data(as_text=True)
    assert f"Till exempel {kept.reference}. Det här förslaget" in page
    assert "2019-0042" not in page


def test_merging_into_itself_or_into_a_merged_proposal_is_refused(
        app, client, moderator, process, make_proposal, foreign_proposal):
    first, second, third = (make_proposal(process, title=f"Förslag {n} om cykelvägar")
                            for n in range(3))
    itself = submit(client, f"/moderera/forslag/{first.id}/sammanfoga",
                    {"revision": "0", "target": first.reference}).get_data(as_text=True)
    assert "inte slås ihop med sig själv" in itself
    unknown = submit(client, f"/moderera/forslag/{first.id}/sammanfoga",
                     {"revision": "0", "target": "1999-9999"}).get_data(as_text=True)
    assert "samma process" in unknown
    elsewhere = foreign_proposal()
    other_process = submit(client, f"/moderera/forslag/{first.id}/sammanfoga",
                           {"revision": "0", "target": elsewhere.reference}
                           ).get_data(as_text=True)
    assert "samma process" in other_process
    assert submit(client, f"/moderera/forslag/{first.id}/sammanfoga",
                  {"revision": "0", "target": second.reference}).status_code == 302
    # second ← first; now second into third: first follows, so no chain is left behind.
    assert submit(client, f"/moderera/forslag/{second.id}/sammanfoga",
                  {"revision": str(stored(app, second)["revision"]),
                   "target": third.reference}).status_code == 302
    assert stored(app, first)["merged_into"] == third.id
    # A cycle: third into first (which is merged) is refused.
    cycle = submit(client, f"/moderera/forslag/{third.id}/sammanfoga",
                   {"revision": str(stored(app, third)["revision"]),
                    "target": first.reference}).get_data(as_text=True)
    assert f"{first.reference} har redan slagits ihop med {third.reference}" in cycle
    assert stored(app, third)["status"] == "published"


def test_approving_a_pre_moderated_proposal_publishes_it_and_tells_the_author(
        app, client, moderator, make_process, make_proposal, make_user, outbox):
    process = make_process()
    with app.app_context():
        db.session.get(Process, process.id).moderation_mode = ModerationMode.BEFOREHAND
        db.session.commit()
    author = make_user(email="vantar@example.org")
    proposal = make_proposal(process, author=author)
    assert stored(app, proposal)["status"] == ProposalStatus.PENDING
    assert client.get(f"/forslag/{proposal.id}").status_code == 200  # moderators see it
    assert submit(client, f"/moderera/forslag/{proposal.id}/godkann", {"revision": "0"},
                  form_page=review_url(proposal)).status_code == 302
    assert stored(app, proposal)["status"] == ProposalStatus.PUBLISHED
    assert "publicerat" in outbox.to("vantar@example.org")[-1]["Subject"]


def test_a_page_past_the_end_of_a_queue_leads_to_its_last_page(
        client, moderator, process, make_proposal):
    make_proposal(process)
    response = client.get(f"/moderera/{process.slug}/?ko=alla&sida=999999")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/moderera/{process.slug}/?ko=alla")
    assert client.get(f"/moderera/{process.slug}/?ko=alla&sida=99999999999999999999"
                      ).status_code in (200, 302)


def test_a_search_that_matches_nothing_in_the_queue_says_so(
        client, moderator, process, make_proposal):
    """An empty queue and a search that finds nothing in a full one are not the same news."""
    make_proposal(process, title="Fler bänkar längs ån")
    html = client.get(f"/moderera/{process.slug}/?ko=alla&q=simhall").get_data(as_text=True)
    assert "Inget i den här kön matchar sökningen och filtren." in html
    assert "Inget väntar i den här kön." not in html
    assert f'href="/moderera/{process.slug}/?ko=alla">Visa hela kön</a>' in html
    html = client.get(f"/moderera/{process.slug}/?ko=anmalda").get_data(as_text=True)
    assert "Inget väntar i den här kön." in html and "matchar sökningen" not in html


def test_a_pending_proposal_tagged_stays_new_until_approved(
        app, client, moderator, process, make_proposal, taxonomy):
    with app.app_context():
        db.session.get(Process, process.id).moderation_mode = ModerationMode.BEFOREHAND
        db.session.commit()
    proposal = make_proposal(process)
    assert stored(app, proposal)["status"] == ProposalStatus.PENDING
    new_queue = f"/moderera/{process.slug}/?ko=nya"
    assert tag(client, proposal, revision=0, keywords=[taxonomy["Cykel"]]).status_code == 302
    refused = submit(client, f"/moderera/{process.slug}/massatgard?ko=nya",
                     {"action": "reviewed:", "proposals": [proposal.id]}, form_page=new_queue)
    # Tagged, it still waits for a decision on publishing it; marking it reviewed is
    # refused with a reason, not done in name only.
    assert "väntar på att godkännas" in refused.get_data(as_text=True)
    assert (stored(app, proposal)["status"], stored(app, proposal)["reviewed"]) == (
        ProposalStatus.PENDING, False)
    assert proposal.title in client.get(new_queue).get_data(as_text=True)
    submit(client, f"/moderera/forslag/{proposal.id}/godkann",
           {"revision": stored(app, proposal)["revision"]}, form_page=review_url(proposal))
    assert stored(app, proposal)["reviewed"]
    assert proposal.title not in client.get(new_queue).get_data(as_text=True)


def test_a_merged_proposal_is_not_tagged_or_quoted_but_points_to_the_kept_one(
        app, client, moderator, process, taxonomy, make_proposal):
    source, target = make_proposal(process), make_proposal(process)
    assert submit(client, f"/moderera/forslag/{source.id}/sammanfoga",
                  {"revision": "0", "target": target.reference}).status_code == 302
    page = client.get(review_url(source)).get_data(as_text=True)
    assert f"Sammanslaget med {target.reference}" in page
    assert 'id="tags-title"' not in page and 'id="quote-title"' not in page
    html = tag(client, source, revision=stored(app, source)["revision"],
               keywords=[taxonomy["Cykel"]]).get_data(as_text=True)
    assert f"har redan slagits ihop med {target.reference}" in html
    assert stored(app, source)["keywords"] == []


def test_the_municipalitys_answer_is_public_and_notes_are_not(
        app, client, auth, moderator, process, make_proposal):
    proposal = make_proposal(process)
    # Before any answer the page does not read as if "received" were the answer.
    assert "Mottaget, inget svar ännu" in client.get(f"/forslag/{proposal.id}").get_data(
        as_text=True)
    refused = submit(client, f"/moderera/forslag/{proposal.id}/svar",
                     {"revision": "0", "answer_status": "maybe"}).get_data(as_text=True)
    assert "Inte ett giltigt val" in refused
    assert submit(client, f"/moderera/forslag/{proposal.id}/svar",
                  {"revision": "0", "answer_status": "considering",
                   "answer_text": "Tas upp i arbetet med cykelplanen."},
                  form_page=review_url(proposal)).status_code == 302
    assert submit(client, f"/moderera/forslag/{proposal.id}/anteckning",
                  {"body": "Hemligt: kolla med trafikenheten."},
                  form_page=review_url(proposal)).status_code == 302
    assert "Hemligt" in client.get(review_url(proposal)).get_data(as_text=True)
    auth.logout()
    page = client.get(f"/forslag/{proposal.id}").get_data(as_text=True)
    assert "Övervägs" in page and "cykelplanen" in page and "Hemligt" not in page
    assert "inget svar ännu" not in page
    assert audit_actions(app, proposal) == ["proposal.answer", "proposal.note"]


def test_bulk_tagging_is_all_or_nothing(app, client, moderator, process, taxonomy,
                                        make_proposal, foreign_proposal):
    mine = [make_proposal(process, title=f"Förslag {n} om skolmaten") for n in range(3)]
    foreign = foreign_proposal()
    queue = f"/moderera/{process.slug}/"
    refused = submit(client, f"/moderera/{process.slug}/massatgard",
                     {"proposals": [p.id for p in mine] + [foreign.id],
                      "action": f"keyword:{taxonomy['Skolmat']}"}, form_page=queue)
    assert "bara förslag i den här processen" in refused.get_data(as_text=True)
    assert all(stored(app, p)["keywords"] == [] for p in mine)
    response = submit(client, f"/moderera/{process.slug}/massatgard",
                      {"proposals": [p.id for p in mine],
                       "action": f"keyword:{taxonomy['Skolmat']}"}, form_page=queue)
    assert response.status_code == 302
    assert all(stored(app, p)["keywords"] == ["Skolmat"] and stored(app, p)["themes"] ==
               ["Lärande"] for p in mine)
    # Ticked in a list by their titles, they are still new to the moderators.
    assert not any(stored(app, p)["reviewed"] for p in mine)
    nothing = submit(client, f"/moderera/{process.slug}/massatgard",
                     {"action": "reviewed:"}, form_page=queue).get_data(as_text=True)
    assert "Välj minst ett förslag" in nothing
    junk = submit(client, f"/moderera/{process.slug}/massatgard",
                  {"proposals": ["99999999999999999999", "\u00b2", "-1", "x"],
                   "action": "reviewed:"}, form_page=queue).get_data(as_text=True)
    assert "Välj minst ett förslag" in junk  # none of them a row of the list
    not_pending = submit(client, f"/moderera/{process.slug}/massatgard",
                         {"proposals": [mine[0].id], "action": "approve:"}, form_page=queue)
    assert "kan godkännas" in not_pending.get_data(as_text=True)


def test_keywords_are_created_renamed_merged_and_archived(
        app, client, moderator, process, taxonomy, make_proposal):
    page = f"/moderera/{process.slug}/nyckelord"
    assert submit(client, page, {"name": "Kollektivtrafik", "meaning": "Bussar och tåg.",
                                 "theme_id": taxonomy["Hållbar stad"]}).status_code == 302
    clash = submit(client, page, {"name": "cykel", "meaning": "Igen"}).get_data(as_text=True)
    assert "redan ett nyckelord" in clash and "Igen" in clash  # what was typed stays
    both = make_proposal(process, title="Cyklar och parker i staden")
    one = make_proposal(process, title="Bara parker och grönska")
    tag(client, both, keywords=[taxonomy["Cykel"], taxonomy["Grönområden"]])
    tag(client, one, keywords=[taxonomy["Grönområden"]])
    itself = submit(client, f"/moderera/nyckelord/{taxonomy['Cykel']}/sammanfoga",
                    {"target": taxonomy["Cykel"]}, form_page=f"/moderera/nyckelord/"
                    f"{taxonomy['Cykel']}").get_data(as_text=True)
    assert "Inte ett giltigt val" in itself
    assert submit(client, f"/moderera/nyckelord/{taxonomy['Grönområden']}/sammanfoga",
                  {"target": taxonomy["Cykel"]},
                  form_page=f"/moderera/nyckelord/{taxonomy['Grönområden']}").status_code == 302
    assert stored(app, both)["keywords"] == ["Cykel"] and stored(app, one)["keywords"] == ["Cykel"]
    assert "Grönområden" not in client.get(review_url(one)).get_data(as_text=True).split(
        'id="tags-title"')[1].split("</form>")[0]
    assert submit(client, f"/moderera/nyckelord/{taxonomy['Skolmat']}/arkivera",
                  {"archived": "1"}, form_page=page).status_code == 302
    with app.app_context():
        assert db.session.get(Keyword, taxonomy["Skolmat"]).is_archived
        actions = db.session.scalars(select(AuditEntry.action).where(
            AuditEntry.target_type == "keyword").order_by(AuditEntry.id)).all()
    assert actions == ["keyword.create", "keyword.merge", "keyword.archive"]


def test_themes_link_agenda_2030_goals(app, client, moderator, process):
    page = f"/moderera/{process.slug}/teman"
    assert submit(client, page, {"name": "Trygghet", "description": "Trygga platser.",
                                 "sdg_goals": ["11", "16"]}).status_code == 302
    bad = submit(client, page, {"name": "Fel", "sdg_goals": ["18"]}).get_data(as_text=True)
    assert "inte ett giltigt val" in bad
    with app.app_context():
        theme = db.session.scalar(select(Theme).where(Theme.name == "Trygghet"))
        assert [g.number for g in theme.sdg_goals] == [11, 16]


def test_audit_log_lists_filters_and_exports_every_action(
        app, client, auth, make_user, process, taxonomy, make_proposal):
    admin = make_user(role=Role.ADMIN, display_name="Adam Admin")
    resident = make_user()
    auth.login(admin.email)
    submit(client, f"/admin/anvandare/{resident.id}", {"role": "moderator", "active": "y"})
    proposal = make_proposal(process)
    tag(client, proposal, keywords=[taxonomy["Cykel"]])
    submit(client, f"/moderera/{process.slug}/nyckelord", {"name": "=SUMMA(A1:A9)"})
    page = client.get("/moderera/logg").get_data(as_text=True)
    assert "Adam Admin" in page and "Taggade ett förslag" in page
    only_tags = client.get("/moderera/logg?handling=proposal.tag").get_data(as_text=True)
    assert "1 post" in only_tags
    csv = client.get("/moderera/logg.csv")
    text = csv.get_data(as_text=True)
    assert text.startswith("\ufefftime;actor;action")
    assert "user.update" in text and '"resident"' in text and "proposal.tag" in text
    # A cell that would start a formula is stored as text.
    assert ";'=SUMMA(A1:A9);" in text and ";=" not in text
    # Nothing in the interface changes or deletes an entry.
    assert not [rule for rule in app.url_map.iter_rules()
                if rule.rule.startswith("/moderera/logg") and "POST" in rule.methods]


def test_moderator_cannot_do_admin_things_and_residents_cannot_moderate(
        client, auth, make_user, process, make_proposal):
    proposal = make_proposal(process)
    for role in (Role.RESIDENT, Role.COMMITTEE):
        user = make_user(role=role)
        auth.login(user.email)
        assert client.get(f"/moderera/{process.slug}/").status_code == 403
        assert client.get(review_url(proposal)).status_code == 403
        auth.logout()
    moderator = make_user(role=Role.MODERATOR)
    auth.login(moderator.email)
    assert client.get("/admin/anvandare").status_code == 403
    assert client.get(f"/admin/processer/{process.id}/redigera").status_code == 403


def test_queue_and_review_pages_run_a_fixed_number_of_queries(
        app, client, moderator, process, taxonomy, make_proposal):
    def queries(url):
        return page_queries(app, client, url)

    first = make_proposal(process, title="Förslag om cykelvägar i centrum")
    make_proposal(process, title="Förslag om cykelvägar vid skolan")
    tag(client, first, keywords=[taxonomy["Cykel"]])
    urls = (f"/moderera/{process.slug}/?ko=alla", review_url(first, ko="alla"))
    few = [queries(url) for url in urls]
    for n in range(30):
        proposal = make_proposal(process, title=f"Förslag om cykelvägar nummer {n}")
        tag(client, proposal, keywords=[taxonomy["Cykel"], taxonomy["Skolmat"]])
    many = [queries(url) for url in urls]
    assert many == few and all(0 < n <= 25 for n in many)


def test_approving_what_the_author_changed_since_the_page_was_opened_is_refused(
        app, client, moderator, make_process, make_proposal, make_user):
    process = make_process()
    with app.app_context():
        db.session.get(Process, process.id).moderation_mode = ModerationMode.BEFOREHAND
        db.session.commit()
    author = make_user()
    proposal = make_proposal(process, author=author)
    with app.app_context():  # the author rewrites it while the moderator reads
        proposals.save_draft(db.session.get(Process, process.id),
                             db.session.get(User, author.id),
                             draft=db.session.get(Proposal, proposal.id),
                             title="Något helt annat än förut", body="Ny text " * 10,
                             focus_area_id=proposal.focus_area_id, district_id=None,
                             show_name=False, now=utcnow())
    response = submit(client, f"/moderera/forslag/{proposal.id}/godkann", {"revision": "0"},
                      form_page=review_url(proposal), follow_redirects=True)
    assert "Någon ändrade förslaget" in response.get_data(as_text=True)
    assert stored(app, proposal)["status"] == ProposalStatus.PENDING


def test_the_audit_log_names_fields_and_values_in_words(app, client, moderator, process,
                                                        make_proposal):
    proposal = make_proposal(process)
    submit(client, f"/moderera/forslag/{proposal.id}/dolj",
           {"revision": "0", "reason": "commercial", "message": ""})
    page = client.get("/moderera/logg").get_data(as_text=True)
    assert "<dt>Regel</dt><dd>Det är reklam eller kommersiellt</dd>" in page
    assert "<dt>Status</dt><dd>Publicerat</dd>" in page  # before


def pre_moderated(app, make_process):
    process = make_process()
    with app.app_context():
        db.session.get(Process, process.id).moderation_mode = ModerationMode.BEFOREHAND
        db.session.commit()
    return process


def test_a_pending_proposal_hidden_and_restored_still_waits_for_approval(
        app, client, auth, moderator, make_process, make_proposal):
    process = pre_moderated(app, make_process)
    proposal = make_proposal(process)
    submit(client, f"/moderera/forslag/{proposal.id}/dolj",
           {"revision": "0", "reason": "off_topic"})
    merged = submit(client, f"/moderera/forslag/{proposal.id}/sammanfoga",
                    {"revision": "1", "target": proposal.reference}).get_data(as_text=True)
    assert stored(app, proposal)["status"] == ProposalStatus.HIDDEN and "inte" in merged
    submit(client, f"/moderera/forslag/{proposal.id}/aterstall", {"revision": "1"},
           form_page=review_url(proposal))
    assert stored(app, proposal)["status"] == ProposalStatus.PENDING
    auth.logout()
    assert client.get(f"/forslag/{proposal.id}").status_code == 404


def test_a_pending_proposal_cannot_be_merged(app, client, moderator, make_process,
                                             make_proposal, make_user):
    process = pre_moderated(app, make_process)
    pending = make_proposal(process, title="Väntar på att bli godkänt")
    published = make_proposal(process, title="Redan godkänt och publicerat")
    with app.app_context():
        db.session.get(Proposal, published.id).status = ProposalStatus.PUBLISHED
        db.session.commit()
    html = submit(client, f"/moderera/forslag/{pending.id}/sammanfoga",
                  {"revision": "0", "target": published.reference}).get_data(as_text=True)
    assert "går inte att slå ihop" in html and stored(app, pending)["status"] == "pending"


def test_an_authors_edit_goes_back_to_the_moderators(app, client, auth, make_user,
                                                     make_process, make_proposal):
    process = pre_moderated(app, make_process)
    author = make_user()
    proposal = make_proposal(process, author=author)
    with app.app_context():
        found = db.session.get(Proposal, proposal.id)
        found.status, found.reviewed_at = ProposalStatus.PUBLISHED, utcnow()
        db.session.commit()
    auth.login(author.email)
    response = submit(client, f"/forslag/{proposal.id}/redigera",
                      {"title": "Ett helt nytt innehåll nu", "body": "Annan text. " * 5,
                       "focus_area_id": proposal.focus_area_id, "district_id": "0"})
    assert response.status_code == 302
    after = stored(app, proposal)
    assert (after["status"], after["reviewed"]) == (ProposalStatus.PENDING, False)


def test_a_pending_proposal_cannot_be_withdrawn_into_the_public_list(
        app, client, auth, make_user, make_process, make_proposal):
    process = pre_moderated(app, make_process)
    author = make_user()
    proposal = make_proposal(process, author=author)
    auth.login(author.email)
    response = submit(client, f"/forslag/{proposal.id}/dra-tillbaka",
                      {"reason": "other"}, form_page=f"/forslag/{proposal.id}")
    assert response.status_code in (302, 403)
    assert stored(app, proposal)["status"] == ProposalStatus.PENDING


def test_an_archived_tag_stays_when_the_proposal_is_saved_again(
        app, client, moderator, process, taxonomy, make_proposal):
    proposal = make_proposal(process)
    tag(client, proposal, keywords=[taxonomy["Skolmat"]])
    with app.app_context():
        db.session.get(Keyword, taxonomy["Skolmat"]).archived_at = utcnow()
        db.session.commit()
    response = tag(client, proposal, revision=stored(app, proposal)["revision"],
                   keywords=[taxonomy["Skolmat"], taxonomy["Cykel"]])
    assert response.status_code == 302
    assert stored(app, proposal)["keywords"] == ["Cykel", "Skolmat"]


def test_hidden_proposals_cannot_be_reported_and_their_title_stays_hidden(
        app, client, auth, moderator, process, make_proposal, make_user):
    proposal = make_proposal(process, title="Ett namn som pekar ut någon")
    submit(client, f"/moderera/forslag/{proposal.id}/dolj",
           {"revision": "0", "reason": "identifies_person"})
    auth.logout()
    auth.login(make_user().email)
    assert client.get(f"/forslag/{proposal.id}/anmal").status_code == 404
    assert proposal.title not in client.get(f"/forslag/{proposal.id}").get_data(as_text=True)


def test_merging_keywords_brings_the_targets_theme(app, client, moderator, process, taxonomy,
                                                   make_proposal):
    proposal = make_proposal(process)
    tag(client, proposal, keywords=[taxonomy["Skolmat"]])
    assert stored(app, proposal)["themes"] == ["Lärande"]
    submit(client, f"/moderera/nyckelord/{taxonomy['Skolmat']}/sammanfoga",
           {"target": taxonomy["Cykel"]}, form_page=f"/moderera/nyckelord/{taxonomy['Skolmat']}")
    assert stored(app, proposal)["keywords"] == ["Cykel"]
    assert stored(app, proposal)["themes"] == ["Hållbar stad", "Lärande"]


def test_keyword_names_clash_whatever_their_case_even_beyond_ascii(app, client, moderator,
                                                                   process):
    page = f"/moderera/{process.slug}/nyckelord"
    assert submit(client, page, {"name": "Översvämning"}).status_code == 302
    clash = submit(client, page, {"name": "ÖVERSVÄMNING"}).get_data(as_text=True)
    assert "redan ett nyckelord" in clash


def test_the_audit_log_counts_and_pages_every_entry(app, client, moderator, process,
                                                    make_proposal):
    for n in range(3):
        proposal = make_proposal(process, title=f"Förslag nummer {n} i loggen")
        submit(client, f"/moderera/forslag/{proposal.id}/svar",
               {"revision": "0", "answer_status": "considering"})
    assert "3 poster" in client.get("/moderera/logg").get_data(as_text=True)


@pytest.mark.parametrize("kind", ["keyword", "theme"])
def test_one_name_saved_by_moderators_at_once_makes_one_tag(app, process, make_user, kind):
    """Moderators (or a double click) creating the same keyword or theme at once, in any
    case: one is created, the others are told the name is taken, at the field, and nobody
    gets a 500. The database holds the case-folded name, so "ö" and "Ö" are one letter."""
    moderators = [make_user(role=Role.MODERATOR) for _ in range(4)]
    spelling = dict(zip((m.id for m in moderators),
                        ("Snöröjning", "snöröjning", "SNÖRÖJNING", "Snöröjning")))

    def create(actor):
        process_ = db.session.get(Process, process.id)
        name = spelling[actor.id]

        def decide():
            try:
                if kind == "keyword":
                    taxonomies.save_keyword(actor, process_, name=name,
                                            meaning="Plogning och sandning.")
                else:
                    taxonomies.save_theme(actor, process_, name=name, description="")
            except DomainError as error:
                return error.field
            return "created"
        return decide
    outcomes = at_once(app, moderators, create)
    assert sorted(outcomes) == ["created", "name", "name", "name"]
    with app.app_context():
        model = Keyword if kind == "keyword" else Theme
        assert db.session.scalar(select(func.count()).select_from(model)) == 1


@pytest.mark.parametrize("kind", ["keyword", "theme"])
def test_two_tags_merged_into_each_other_at_once_merge_one_way(app, process, make_user, kind):
    """One moderator merges A into B while another merges B into A, five rounds: one merge
    goes through, the other is refused with words, and no tag ends up merged into a tag
    that is itself merged away (a circle would lose both)."""
    moderators = [make_user(role=Role.MODERATOR) for _ in range(2)]
    model = Keyword if kind == "keyword" else Theme
    merge = taxonomies.merge_keywords if kind == "keyword" else taxonomies.merge_themes
    for round_ in range(5):
        with app.app_context():
            pair = [model(process_id=process.id, name=f"{kind} {round_} {side}")
                    for side in "ab"]
            db.session.add_all(pair)
            db.session.commit()
            ids = [tag.id for tag in pair]
        direction = dict(zip((m.id for m in moderators), (ids, ids[::-1])))

        def prepare(actor):
            source_id, target_id = direction[actor.id]
            source, target = db.session.get(model, source_id), db.session.get(model, target_id)

            return lambda: decided(lambda: merge(actor, source, target), "merged", "refused")
        assert sorted(at_once(app, moderators, prepare)) == ["merged", "refused"]
        with app.app_context():
            merged = [db.session.get(model, i).merged_into_id for i in ids]
            assert merged.count(None) == 1 and set(merged) - {None} <= set(ids)
