"""Comments follow the published rules: reported, hidden after the process's number of
reports (however many arrive at once), pre-moderated when the process is, hidden by a
moderator citing a rule, which stays shown in its place; staff post as the municipality."""
import re
import threading

import pytest
from sqlalchemy import select, update

from app.extensions import db
from app.models import (AuditEntry, Comment, CommentReport, CommentStatus, ModerationMode,
                        Process, Proposal, Role, User)
from app.models.base import utcnow
from app.services.discussion import comments
from tests.conftest import AuthActions, submit
from tests.functional.test_comments import as_resident, page, stored, write
from tests.support.queries import page_queries


@pytest.fixture
def process(make_process, open_comments):
    return open_comments(make_process())


@pytest.fixture
def proposal(process, make_proposal):
    return make_proposal(process)


@pytest.fixture
def open_comments(app):
    from tests.functional.test_comments import open_comments as fixture
    return fixture.__wrapped__(app)


def as_staff(app, make_user, role=Role.MODERATOR):
    client = app.test_client()
    user = make_user(role=role, display_name="Mona Moderator")
    assert AuthActions(client).login(user.email).status_code == 302
    return client


def a_comment(app, make_user, proposal, body="Det här är ett argument."):
    author = make_user()
    with app.app_context():
        comment = comments.write(db.session.get(User, author.id),
                                 db.session.get(Proposal, proposal.id), body=body,
                                 stance="against", now=utcnow())
        return comment.id, author


def report(app, comment_id, user, reason="offensive"):
    with app.app_context():
        comments.report(db.session.get(User, user.id), db.session.get(Comment, comment_id),
                        reason=reason, note="")


def test_reported_comments_reach_the_queue_and_hide_after_the_threshold(
        app, make_user, proposal, process):
    comment_id, _ = a_comment(app, make_user, proposal)
    reader, _ = as_resident(app, make_user)
    response = submit(reader, f"/kommentarer/{comment_id}/anmal", {"reason": "off_topic"})
    assert response.status_code == 302
    again = submit(reader, f"/kommentarer/{comment_id}/anmal", {"reason": "off_topic"},
                   follow_redirects=True).get_data(as_text=True)
    assert "Du har redan anmält kommentaren" in again
    moderator = as_staff(app, make_user)
    queue = moderator.get(f"/moderera/{process.slug}/kommentarer").get_data(as_text=True)
    assert "Det här är ett argument." in queue and "1 kommentar" in queue
    for _ in range(2):
        report(app, comment_id, make_user())
    [comment] = stored(app)
    assert comment.status == CommentStatus.HIDDEN and comment.hidden_reason is None
    html = page(reader, proposal)
    assert "Dold medan moderatorerna granskar invånarnas anmälningar." in html
    assert "Det här är ett argument." not in html
    # The reports do not hold: the comment returns, and leaves the queue.
    assert submit(moderator, f"/moderera/kommentarer/{comment_id}/avsluta-anmalningar", {},
                  form_page=f"/moderera/{process.slug}/kommentarer").status_code == 302
    [comment] = stored(app)
    assert comment.status == CommentStatus.PUBLISHED and not comment.needs_review
    assert "Ingen kommentar väntar" in moderator.get(
        f"/moderera/{process.slug}/kommentarer").get_data(as_text=True)


def test_reports_sent_at_once_hide_the_comment_exactly_at_the_threshold(
        app, make_user, proposal):
    """Three residents report at the same moment: the third report hides the comment, and
    only one audit entry says so."""
    comment_id, _ = a_comment(app, make_user, proposal)
    reporters = [make_user() for _ in range(3)]
    start, errors = threading.Barrier(3), []

    def send(user):
        with app.app_context():
            try:
                start.wait()
                report(app, comment_id, user)
            except Exception as error:  # noqa: BLE001  (collected for the assertion)
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=send, args=(u,)) for u in reporters]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    [comment] = stored(app)
    assert comment.status == CommentStatus.HIDDEN
    with app.app_context():
        assert db.session.scalars(select(AuditEntry.action)).all() == [
            "comment.hide_by_reports"]


def test_a_moderator_hides_by_a_rule_and_the_author_sees_why(app, make_user, proposal,
                                                             process, outbox):
    comment_id, author = a_comment(app, make_user, proposal, body="Ring Kalle på 070-1234567.")
    moderator = as_staff(app, make_user)
    form = f"/moderera/kommentarer/{comment_id}/dolj"
    html = submit(moderator, form, {"message": "Utan regel"}).get_data(as_text=True)
    assert "Välj vilken regel kommentaren bryter mot." in html
    assert submit(moderator, form, {"reason": "identifies_person",
                                    "message": "Skriv inga telefonnummer."}).status_code == 302
    [comment] = stored(app)
    assert comment.status == CommentStatus.HIDDEN and comment.hidden_reason == "identifies_person"
    [mail] = outbox.messages()  # told once, by email, with the rule and the message
    body = mail.get_content()
    assert mail["To"] == author.email and mail["Subject"] == "Din kommentar har dolts"
    assert "Skriv inga telefonnummer." in body and f"#kommentar-{comment_id}" in body
    rule = "Dold av moderatorerna. Den bryter mot regeln:"
    public = page(app.test_client(), proposal)
    assert rule in public and "070-1234567" not in public
    client = app.test_client()
    AuthActions(client).login(author.email)
    own = page(client, proposal)
    assert rule in own and "070-1234567" in own and "Skriv inga telefonnummer." in own
    assert "Bara skribenten och moderatorerna ser texten" in own
    with app.app_context():
        assert db.session.scalars(select(AuditEntry.action)).all() == ["comment.hide"]
    assert submit(moderator, f"/moderera/kommentarer/{comment_id}/aterstall", {},
                  form_page=f"/moderera/{process.slug}/kommentarer").status_code == 302
    assert stored(app)[0].status == CommentStatus.PUBLISHED


def test_a_moderator_hides_and_shows_again_from_the_discussion_and_stays_there(
        app, make_user, proposal):
    """From the proposal's own page: "Hide by a rule" and, on a hidden comment, "Show it
    again", each returning to the comment in the discussion (the queue lists only what
    needs looking at, so a hidden comment is found here)."""
    comment_id, _author = a_comment(app, make_user, proposal)
    moderator = as_staff(app, make_user)
    here = f"/forslag/{proposal.id}#kommentar-{comment_id}"
    html = moderator.get(f"/forslag/{proposal.id}").get_data(as_text=True)
    hide = re.search(rf'href="(/moderera/kommentarer/{comment_id}/dolj\?next=[^"]+)"',
                     html).group(1).replace("&amp;", "&")
    assert 'href="/forslag/' in moderator.get(hide).get_data(as_text=True)  # cancel: back
    hidden = submit(moderator, hide, {"reason": "offensive"})
    assert hidden.headers["Location"] == here
    html = moderator.get(f"/forslag/{proposal.id}").get_data(as_text=True)
    assert "Visa kommentaren igen" in html and hide not in html
    shown = submit(moderator, f"/moderera/kommentarer/{comment_id}/aterstall",
                   {"next": here}, form_page=f"/forslag/{proposal.id}")
    assert shown.headers["Location"] == here
    assert stored(app)[0].status == CommentStatus.PUBLISHED
    off_site = submit(moderator, f"/moderera/kommentarer/{comment_id}/lyft-fram",
                      {"next": "https://evil.example/"}, form_page=f"/forslag/{proposal.id}")
    assert off_site.headers["Location"] == "/"


def test_hidden_and_deleted_comments_cannot_be_reported_or_marked(app, make_user, proposal):
    comment_id, _ = a_comment(app, make_user, proposal)
    with app.app_context():
        db.session.execute(update(Comment).values(status=CommentStatus.HIDDEN))
        db.session.commit()
    reader, _ = as_resident(app, make_user)
    html = reader.get(f"/kommentarer/{comment_id}/anmal", follow_redirects=True
                      ).get_data(as_text=True)
    assert "Bara en publicerad kommentar kan anmälas." in html
    html = submit(reader, f"/kommentarer/{comment_id}/hjalpsam", {},
                  form_page=f"/forslag/{proposal.id}", follow_redirects=True
                  ).get_data(as_text=True)
    assert "Kommentaren går inte att markera som hjälpsam." in html
    with app.app_context():
        assert db.session.scalar(select(CommentReport.id)) is None


def test_pre_moderated_processes_hold_comments_until_approved(
        app, make_user, proposal, process):
    with app.app_context():
        db.session.get(Process, process.id).moderation_mode = ModerationMode.BEFOREHAND
        db.session.commit()
    author, _ = as_resident(app, make_user)
    html = write(author, proposal, body="Väntar på granskning.").get_data(as_text=True)
    html = author.get(f"/forslag/{proposal.id}").get_data(as_text=True)
    assert "En moderator granskar din kommentar" in html
    assert "Väntar på en moderator: bara du och moderatorerna ser den." in html
    assert "Väntar på granskning." not in page(app.test_client(), proposal)
    moderator = as_staff(app, make_user)
    queue = moderator.get(f"/moderera/{process.slug}/kommentarer").get_data(as_text=True)
    assert "Väntar på granskning." in queue
    assert submit(moderator, "/moderera/kommentarer/1/godkann", {},
                  form_page=f"/moderera/{process.slug}/kommentarer").status_code == 302
    assert "Väntar på granskning." in page(app.test_client(), proposal)


def test_staff_post_as_the_municipality_and_residents_cannot(app, make_user, proposal):
    moderator = as_staff(app, make_user)
    form = moderator.get(f"/forslag/{proposal.id}/kommentera").get_data(as_text=True)
    assert 'name="as_municipality"' in form
    assert write(moderator, proposal, body="Kommunen svarar: vi utreder saken.",
                 stance="neutral", as_municipality="y").status_code == 302
    html = page(app.test_client(), proposal)
    assert "Kommunen" in html and "Officiellt" in html and "Mona Moderator" not in html
    resident, _ = as_resident(app, make_user)
    write(resident, proposal, body="Jag låtsas vara kommunen.", as_municipality="y")
    assert [c.as_municipality for c in stored(app)] == [True, False]


def test_the_comment_queue_runs_a_fixed_number_of_queries(app, make_user, proposal, process):
    moderator = as_staff(app, make_user)

    def queries():
        return page_queries(app, moderator, f"/moderera/{process.slug}/kommentarer")

    def add(count):
        reporter = make_user()
        with app.app_context():
            for _ in range(count):
                comment = Comment(proposal_id=proposal.id, process_id=process.id,
                                  author_id=reporter.id, body="<p>Ja</p>", body_text="Ja",
                                  stance="for", needs_review=True)
                db.session.add(comment)
                db.session.flush()
                db.session.add(CommentReport(comment_id=comment.id, user_id=reporter.id,
                                             reason="offensive"))
            db.session.commit()

    add(2)
    few = queries()
    add(120)
    assert queries() == few


def test_a_moderator_picks_the_argument_ksau_reads_over_the_most_helpful(
        app, make_user, proposal):
    helpful_id, _ = a_comment(app, make_user, proposal, body="Många tycker detta.")
    picked_id, _ = a_comment(app, make_user, proposal, body="Det bästa argumentet emot.")
    with app.app_context():
        db.session.execute(update(Comment).where(Comment.id == helpful_id)
                           .values(helpful_count=7))
        db.session.commit()
        assert comments.arguments_by_proposal([proposal.id])[proposal.id] \
            .best_against.id == helpful_id
    moderator = as_staff(app, make_user)
    assert submit(moderator, f"/moderera/kommentarer/{picked_id}/lyft-fram", {},
                  form_page=f"/forslag/{proposal.id}").status_code == 302
    html = page(moderator, proposal)
    assert "Vald för KSAU" in html and "Valt av moderatorerna: emot" in html
    with app.app_context():
        found = comments.arguments_by_proposal([proposal.id])[proposal.id]
        assert found.best_against.id == picked_id and found.against_count == 2
        assert db.session.scalars(select(AuditEntry.action)).all() == ["comment.feature"]
    resident, _ = as_resident(app, make_user)
    assert submit(resident, f"/moderera/kommentarer/{helpful_id}/lyft-fram", {},
                  form_page=f"/forslag/{proposal.id}").status_code == 403
    assert submit(moderator, f"/moderera/kommentarer/{picked_id}/sluta-lyfta-fram", {},
                  form_page=f"/forslag/{proposal.id}").status_code == 302
    with app.app_context():
        assert comments.arguments_by_proposal([proposal.id])[proposal.id] \
            .best_against.id == helpful_id
