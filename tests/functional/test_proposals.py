"""Writing, sending, editing and withdrawing proposals."""
import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.i18n import to_local
from app.models import FocusArea, ModerationMode, Process, Proposal, ProposalStatus, Role, User
from app.models.base import utcnow
from tests.conftest import AuthActions, submit
from tests.support.concurrency import at_once

TEXT = "Bygg fler cykelbanor mellan skolorna så att barnen kan cykla säkert varje dag."


@pytest.fixture
def process(make_process):
    return make_process()


def area_id(app, process, index=0):
    with app.app_context():
        return db.session.get(Process, process.id).focus_areas[index].id


def write(client, app, process, **overrides):
    fields = {"title": "Säkra cykelvägar till skolan", "body": TEXT,
              "focus_area_id": area_id(app, process), "district_id": "0", **overrides}
    return submit(client, f"/process/{process.slug}/forslag/nytt", fields)


def proposals(app):
    with app.app_context():
        return db.session.scalars(select(Proposal).order_by(Proposal.id)).all()


def test_write_compare_preview_and_send(app, client, login_as, process, make_proposal):
    make_proposal(process, title="Cykelbana längs skolvägen",
                  body="Barnen behöver en cykelbana hela vägen till skolan.")
    make_proposal(process, title="Fler blommor i parken",
                  body="Planterade rabatter gör parken vackrare för alla som går där.")
    login_as(Role.RESIDENT)
    response = write(client, app, process)
    assert response.status_code == 302 and response.headers["Location"].endswith("/liknande")
    compare = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Cykelbana längs skolvägen" in compare  # cykelbanor ~ cykelbana, skolorna ~ skolan
    assert "Fler blommor i parken" not in compare
    draft = proposals(app)[-1]
    assert draft.status == "draft" and draft.reference is None
    assert "Säkra cykelvägar" not in client.get(f"/process/{process.slug}/forslag").get_data(
        as_text=True)  # a draft is nobody else's business
    preview = client.get(f"/forslag/{draft.id}/granska").get_data(as_text=True)
    assert "Så här kommer ditt förslag att se ut" in preview and "Från" in preview
    response = submit(client, f"/forslag/{draft.id}/skicka", {},
                      form_page=f"/forslag/{draft.id}/granska")
    sent = proposals(app)[-1]
    assert sent.status == "published"
    assert sent.reference == f"{to_local(utcnow()).year}-0003"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Ditt förslag {sent.reference} är publicerat." in page
    again = submit(client, f"/forslag/{draft.id}/skicka", {}, form_page=f"/forslag/{draft.id}")
    assert again.status_code == 302 and again.headers["Location"] == f"/forslag/{draft.id}"
    assert proposals(app)[-1].reference == sent.reference  # sent once, one number
    assert "Säkra cykelvägar" in client.get(f"/process/{process.slug}/forslag").get_data(
        as_text=True)


def test_the_compare_step_supports_a_similar_proposal_instead_and_keeps_the_draft(
        app, client, login_as, process, make_proposal):
    existing = make_proposal(process, title="Cykelbana längs skolvägen",
                             body="Barnen behöver en cykelbana hela vägen till skolan.")
    login_as(Role.RESIDENT)
    compare_url = write(client, app, process).headers["Location"]
    draft = proposals(app)[-1]
    html = client.get(compare_url).get_data(as_text=True)
    support_action = f'action="/forslag/{existing.id}/stod"'
    assert support_action in html and "Stöd det i stället" in html
    assert f'href="/forslag/{draft.id}/kasta?fran=jamfor"' in html  # it can go from here too
    discard = client.get(f"/forslag/{draft.id}/kasta?fran=jamfor").get_data(as_text=True)
    assert f'href="/forslag/{draft.id}/liknande"' in discard  # cancel: back to comparing
    response = submit(client, f"/forslag/{existing.id}/stod",
                      {"next": compare_url.replace("http://localhost", "")},
                      form_page=compare_url)
    assert response.headers["Location"].endswith(compare_url.replace("http://localhost", ""))
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Du stöder förslaget." in html and "Du stöder det här förslaget." in html
    assert support_action not in html
    with app.app_context():
        assert db.session.get(Proposal, existing.id).supports_count == 1
        assert db.session.get(Proposal, draft.id).status == ProposalStatus.DRAFT


def test_the_compare_step_says_which_similar_proposal_is_the_residents_own(
        app, client, login_as, process, make_proposal):
    """A resident writing again what they sent before is told it is theirs, not offered to
    support it (which the support would refuse)."""
    resident = login_as(Role.RESIDENT)
    earlier = make_proposal(process, title="Cykelbana längs skolvägen", author=resident,
                            body="Barnen behöver en cykelbana hela vägen till skolan.")
    html = client.get(write(client, app, process).headers["Location"]).get_data(as_text=True)
    assert "Cykelbana längs skolvägen" in html
    assert "Det här är ditt eget förslag, skickat tidigare." in html
    assert f'action="/forslag/{earlier.id}/stod"' not in html


def test_pre_moderated_process_holds_the_proposal_for_a_moderator(
        app, client, login_as, process, make_user):
    with app.app_context():
        db.session.get(Process, process.id).moderation_mode = ModerationMode.BEFOREHAND
        db.session.commit()
    login_as(Role.RESIDENT)
    form_page = client.get(f"/process/{process.slug}/forslag/nytt").get_data(as_text=True)
    assert "en moderator granskar varje förslag innan det visas" in form_page
    write(client, app, process)
    draft = proposals(app)[-1]
    response = submit(client, f"/forslag/{draft.id}/skicka", {},
                      form_page=f"/forslag/{draft.id}/granska")
    assert "En moderator granskar det innan det visas" in client.get(
        response.headers["Location"]).get_data(as_text=True)
    assert proposals(app)[-1].status == "pending"
    assert "Säkra cykelvägar" not in client.get(f"/process/{process.slug}/forslag").get_data(
        as_text=True)
    assert "Väntar på moderator" in client.get("/mina-sidor/").get_data(as_text=True)


@pytest.mark.parametrize("overrides, field, message", [
    ({"title": "Kort"}, "title", "Skriv minst 10 tecken."),
    ({"title": "x" * 121}, "title", "Högst 120 tecken; det här har 121."),
    ({"body": "För kort text."}, "body", "Skriv minst 30 tecken."),
    ({"body": "ord " * 1300}, "body", "Högst 5\xa0000 tecken; det här har 5\xa0199."),
    ({"focus_area_id": "0"}, "focus_area_id", "Välj ett av fokusområdena."),
    ({"body": "\u200b" * 40}, "body", "Beskriv ditt förslag."),  # invisible only: empty
    ({"title": "\u202e\ufeff\x0b" * 5}, "title", "Skriv en titel."),
])
def test_bad_input_is_explained_next_to_the_field_and_kept(
        app, client, login_as, process, overrides, field, message):
    login_as(Role.RESIDENT)
    html = write(client, app, process, **overrides).get_data(as_text=True)
    assert re.search(rf'id="{field}-error"[^>]*>.*?{re.escape(message)}', html, re.DOTALL)
    if "title" not in overrides:
        assert 'value="Säkra cykelvägar till skolan"' in html
    assert proposals(app) == []


def test_every_problem_of_the_form_shows_at_once(app, client, login_as, process):
    login_as(Role.RESIDENT)
    html = write(client, app, process, title="Kort", body="kort",
                 focus_area_id="0").get_data(as_text=True)
    for field, message in (("title", "Skriv minst 10 tecken."),
                           ("body", "Skriv minst 30 tecken."),
                           ("focus_area_id", "Välj ett av fokusområdena.")):
        assert re.search(rf'id="{field}-error"[^>]*>.*?{re.escape(message)}', html, re.DOTALL)
    assert 'value="Kort"' in html and re.search(r"<textarea[^>]*>\s*kort</textarea>", html)
    assert proposals(app) == []


def test_a_long_paste_is_not_cut_by_the_browser_and_comes_back_whole(
        app, client, login_as, process):
    login_as(Role.RESIDENT)
    form = client.get(f"/process/{process.slug}/forslag/nytt").get_data(as_text=True)
    assert not re.search(r"<textarea[^>]*maxlength", form)
    pasted = "Ett långt förslag. " * 1300  # over 20,000 characters
    html = write(client, app, process, body=pasted).get_data(as_text=True)
    assert re.search(r'id="body-error"[^>]*>.*?Högst 5\xa0000 tecken; det här har 24\xa0700',
                     html, re.DOTALL)
    assert pasted.strip() in html
    assert proposals(app) == []


def test_characters_nobody_types_are_removed_and_the_rest_is_kept(app, client, login_as,
                                                                  process):
    login_as(Role.RESIDENT)
    response = write(client, app, process, title="Säkra\x00 cykel\u202evägar\x0b till skolan",
                     body="Barnen\u200b cyklar\x0c " + TEXT)
    assert response.status_code == 302
    proposal = proposals(app)[-1]
    assert proposal.title == "Säkra cykelvägar till skolan"
    assert proposal.body_text.startswith("Barnen cyklar " + TEXT[:20])


def test_a_focus_area_from_another_process_is_refused(app, client, login_as, process,
                                                      make_process):
    other = make_process(dialogue_open=False)
    login_as(Role.RESIDENT)
    html = write(client, app, process, focus_area_id=area_id(app, other)).get_data(as_text=True)
    assert "Inte ett giltigt val" in html or "Välj ett av fokusområdena." in html
    with app.app_context():
        foreign = db.session.get(FocusArea, area_id(app, other))
        from app.services.participation import proposals as service
        from app.services.errors import DomainError
        with pytest.raises(DomainError, match="fokusområdena|focus areas"):
            service.save_draft(db.session.get(Process, process.id),
                               db.session.scalar(select(User)), title="Ett förslag här",
                               body=TEXT, focus_area_id=foreign.id, district_id=None,
                               show_name=False, now=utcnow())
    assert proposals(app) == []


def test_scripts_and_event_handlers_are_removed(app, client, login_as, process):
    login_as(Role.RESIDENT)
    write(client, app, process, body=(
        '<p onclick="steal()">Bygg <strong>fler</strong> cykelbanor <script>alert(1)</script>'
        '<a href="javascript:alert(2)">här</a> och <a href="https://kommun.se/cykel">där</a>'
        ' så att barnen kan cykla tryggt.</p><img src=x onerror=alert(3)>'))
    body = proposals(app)[-1].body
    for bad in ("onclick", "<script", "alert", "javascript:", "<img", "onerror"):
        assert bad not in body
    assert "<strong>fler</strong>" in body and 'href="https://kommun.se/cykel"' in body


def test_unconfirmed_and_logged_out_residents_cannot_send(app, client, auth, make_user,
                                                          process):
    response = client.get(f"/process/{process.slug}/forslag/nytt")
    assert response.status_code == 302 and "/logga-in" in response.headers["Location"]
    user = make_user()
    with app.app_context():
        db.session.get(User, user.id).email_verified_at = None
        db.session.commit()
    auth.login(user.email)
    page = client.get(f"/process/{process.slug}/forslag/nytt").get_data(as_text=True)
    assert "Bekräfta din e-postadress först" in page
    html = write(client, app, process).get_data(as_text=True)
    assert "Bekräfta din e-postadress först" in html
    assert proposals(app) == []


def test_nothing_is_sent_when_the_dialogue_phase_is_closed(app, client, login_as, make_process):
    closed = make_process(dialogue_open=False)
    login_as(Role.RESIDENT)
    html = write(client, app, closed).get_data(as_text=True)
    assert "Dialogfasen är inte öppen" in html
    assert proposals(app) == []


def test_the_author_edits_until_someone_supports_it(app, client, auth, login_as, process,
                                                    make_proposal, make_user):
    author = make_user()
    proposal = make_proposal(process, author=author)
    auth.login(author.email)
    response = submit(client, f"/forslag/{proposal.id}/redigera", {
        "title": "Fler bänkar och papperskorgar längs ån", "body": TEXT,
        "focus_area_id": area_id(app, process, 1), "district_id": "0"})
    assert response.status_code == 302
    assert proposals(app)[0].title == "Fler bänkar och papperskorgar längs ån"
    auth.logout()
    login_as(Role.RESIDENT)
    assert client.get(f"/forslag/{proposal.id}/redigera").status_code == 403
    submit(client, f"/forslag/{proposal.id}/stod", {}, form_page=f"/forslag/{proposal.id}")
    auth.logout()
    auth.login(author.email)
    response = client.get(f"/forslag/{proposal.id}/redigera")
    assert response.status_code == 302
    assert "Förslaget kan inte längre ändras." in client.get(
        response.headers["Location"]).get_data(as_text=True)


def test_withdrawing_keeps_the_proposal_visible_and_marked(
        app, client, auth, make_user, process, make_proposal):
    author = make_user()
    proposal = make_proposal(process, author=author)
    auth.login(author.email)
    html = submit(client, f"/forslag/{proposal.id}/dra-tillbaka", {"note": "Dubblett"}
                  ).get_data(as_text=True)
    assert "Välj ett skäl." in html and "Dubblett" in html
    response = submit(client, f"/forslag/{proposal.id}/dra-tillbaka",
                      {"reason": "duplicate", "note": "Se förslag 2026-0001."})
    assert response.status_code == 302
    auth.logout()
    page = client.get(f"/forslag/{proposal.id}").get_data(as_text=True)
    assert "Tillbakadraget av förslagsställaren:" in page and "Se förslag 2026-0001." in page
    listing = client.get(f"/process/{process.slug}/forslag?status=tillbakadragna").get_data(
        as_text=True)
    assert proposal.title in listing


def test_deleting_a_draft_asks_first_and_then_deletes_it(app, client, login_as, process):
    login_as(Role.RESIDENT)
    write(client, app, process)
    draft = proposals(app)[-1]
    preview = client.get(f"/forslag/{draft.id}/granska").get_data(as_text=True)
    confirmation = f"/forslag/{draft.id}/kasta"
    assert f'href="{confirmation}"' in preview
    html = client.get(confirmation).get_data(as_text=True)
    assert draft.title in html and "Det går inte att ångra" in html
    assert [p.id for p in proposals(app)] == [draft.id]  # asking deleted nothing
    response = submit(client, confirmation, {})
    assert response.headers["Location"] == f"/process/{process.slug}/forslag"
    assert proposals(app) == []
    assert client.get(confirmation).status_code == 404


def test_drafts_and_other_peoples_pages_are_private(app, client, login_as, process,
                                                    make_proposal):
    draft = make_proposal(process, publish=False)
    assert client.get(f"/forslag/{draft.id}").status_code == 404
    login_as(Role.RESIDENT)
    assert client.get(f"/forslag/{draft.id}").status_code == 404
    assert client.get(f"/forslag/{draft.id}/granska").status_code == 404
    assert client.get("/forslag/9999").status_code == 404


def test_references_count_up_within_the_year(app, process, make_proposal):
    first, second = make_proposal(process), make_proposal(process, title="Ett annat förslag")
    assert first.number + 1 == second.number and first.year == second.year


def test_report_a_proposal_with_a_reason_once(app, client, login_as, process, make_proposal):
    from app.models import Report
    proposal = make_proposal(process)
    response = client.get(f"/forslag/{proposal.id}/anmal")
    assert response.status_code == 302 and "/logga-in" in response.headers["Location"]
    login_as(Role.RESIDENT)
    assert "Anmäl förslaget" in client.get(f"/forslag/{proposal.id}").get_data(as_text=True)
    html = submit(client, f"/forslag/{proposal.id}/anmal", {"note": "Reklam för en butik"}
                  ).get_data(as_text=True)
    assert "Välj vilken regel det bryter mot." in html and "Reklam för en butik" in html
    html = submit(client, f"/forslag/{proposal.id}/anmal", {"reason": "nonsense"}
                  ).get_data(as_text=True)
    assert "Inte ett giltigt val" in html
    response = submit(client, f"/forslag/{proposal.id}/anmal",
                      {"reason": "commercial", "note": "Reklam för en butik"},
                      follow_redirects=True)
    assert "Moderatorerna kommer att titta på förslaget." in response.get_data(as_text=True)
    response = submit(client, f"/forslag/{proposal.id}/anmal", {"reason": "offensive"},
                      follow_redirects=True)
    assert "Du har redan anmält förslaget." in response.get_data(as_text=True)
    with app.app_context():
        [report] = db.session.scalars(select(Report)).all()
        assert (report.reason, report.note) == ("commercial", "Reklam för en butik")
    assert client.get("/mina-sidor/mina-uppgifter.json").get_json()["reports"][0][
        "reason"] == "commercial"


def similar_titles(client, proposal):
    html = client.get(f"/forslag/{proposal.id}").get_data(as_text=True)
    section = html.split('id="similar-title"')[1] if 'id="similar-title"' in html else ""
    return re.findall(r'<a href="/forslag/\d+">([^<]+)</a>', section)


def test_a_proposals_page_shows_similar_ones_kept_up_to_date_as_new_ones_are_sent(
        app, client, process, make_proposal):
    first = make_proposal(process, title="Belysning på cykelvägen vid skolan")
    assert similar_titles(client, first) == []
    with app.app_context():
        assert db.session.get(Proposal, first.id).similar_ids == []  # worked out and kept
    second = make_proposal(process, title="Mer belysning längs cykelvägen")
    unrelated = make_proposal(process, title="Fler bänkar i parken vid ån")
    # Sending the second put it on the first's list, without searching again.
    assert similar_titles(client, first) == [second.title]
    assert similar_titles(client, second) == [first.title]
    assert unrelated.title not in similar_titles(client, first)
    with app.app_context():  # a proposal that is no longer published drops off
        db.session.get(Proposal, second.id).status = "hidden"
        db.session.commit()
    assert similar_titles(client, first) == []


def test_a_proposal_that_may_identify_a_person_is_warned_about_and_flagged(
        app, client, login_as, make_user, process):
    login_as(Role.RESIDENT)
    write(client, app, process, title="Snöröjning för äldre grannar",
          body="Min granne på Björkvägen 4 är 87 år. Ring mig på 070-123 45 67 så berättar "
               "jag mer, eller mejla anna.andersson@example.se.")
    draft = proposals(app)[-1]
    preview = client.get(f"/forslag/{draft.id}/granska").get_data(as_text=True)
    assert "Ditt förslag kan peka ut en person" in preview
    assert "ett telefonnummer: 070-123 45 67" in preview
    assert "en e-postadress: anna.andersson@example.se" in preview
    submit(client, f"/forslag/{draft.id}/skicka", {}, form_page=f"/forslag/{draft.id}/granska")
    write(client, app, process, title="Fler bänkar längs ån",
          body="Det behövs fler bänkar längs promenadvägen, så att äldre orkar gå.")
    clean = proposals(app)[-1]
    assert "kan peka ut en person" not in client.get(
        f"/forslag/{clean.id}/granska").get_data(as_text=True)
    assert proposals(app)[-2].personal_data == "phone,email"
    assert proposals(app)[-1].personal_data == ""

    moderator = app.test_client()  # the moderators see it flagged
    AuthActions(moderator).login(make_user(role=Role.MODERATOR).email)
    queue = moderator.get(f"/moderera/{process.slug}/?ko=personal").get_data(as_text=True)
    assert 'Kan peka ut en person <span class="count">(1)' in queue
    assert "Snöröjning för äldre grannar" in queue
    review = moderator.get(f"/moderera/forslag/{draft.id}").get_data(as_text=True)
    assert "Texten verkar innehålla ett telefonnummer, en e-postadress." in review
    submit(moderator, f"/moderera/{process.slug}/massatgard",
           {"proposals": [draft.id], "action": "reviewed:"},
           form_page=f"/moderera/{process.slug}/")
    assert 'Kan peka ut en person <span class="count">(0)' in moderator.get(
        f"/moderera/{process.slug}/?ko=personal").get_data(as_text=True)


def test_a_draft_sent_eight_times_at_once_is_sent_once_with_one_reference(
        app, process, make_proposal, make_user):
    """A double click or two tabs: every request answers with the same reference, and the
    next proposal takes the next number (none is skipped)."""
    author = make_user()
    draft = make_proposal(process, author=author, publish=False)

    def send(actor):
        proposal = db.session.get(Proposal, draft.id)
        from app.services.participation import proposals as sending

        def decide():
            sent = sending.publish(proposal, actor, utcnow())
            return (sent.year, sent.number)
        return decide
    outcomes = at_once(app, [author] * 8, send)
    assert len(outcomes) == 8 and len(set(outcomes)) == 1
    (year, number), = set(outcomes)
    following = make_proposal(process)
    assert (following.year, following.number) == (year, number + 1)


@pytest.mark.parametrize("area", ["abc", "", "99999999999999999999", "٣"])
def test_every_problem_of_a_proposal_shows_at_once_whatever_the_focus_area_sent(
        app, client, login_as, process, area):
    """A title too long, a text too long and a focus area that is none of the process's (a
    form made by hand): all three are told at once, each at its field, in Swedish."""
    login_as(Role.RESIDENT)
    html = write(client, app, process, title="T" * 121, body="Ord " * 1500,
                 focus_area_id=area).get_data(as_text=True)
    assert "Högst 120 tecken; det här har 121." in html
    assert "Högst 5\xa0000 tecken; det här har 5\xa0999." in html
    assert "Välj ett av fokusområdena." in html
    assert "coerce" not in html and "ceorce" not in html
    assert proposals(app) == []


def test_a_field_too_long_for_the_form_hides_no_other_problem(app, client, login_as, process):
    """Past what the form takes at all (1,000 characters of title, 20,000 of text) the
    form stops first; the other fields' problems are still told at once."""
    login_as(Role.RESIDENT)
    html = write(client, app, process, title="T" * 1001, body="kort",
                 focus_area_id="0").get_data(as_text=True)
    assert "Högst 120 tecken; det här har 1\xa0001." in html
    assert "Skriv minst 30 tecken." in html and "Välj ett av fokusområdena." in html
    html = write(client, app, process, title="kort", body="x" * 20001).get_data(as_text=True)
    assert "Skriv minst 10 tecken." in html and "det här har 20\xa0001" in html
    assert proposals(app) == []
