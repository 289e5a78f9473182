"""Following a proposal's discussion, and the daily digest of new comments: one email a
day at most, never one per comment; the command is safe to run again."""
from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Follow, Proposal, User
from app.i18n import from_local, to_local
from app.models.base import utcnow
from app.services.discussion import comments, digests
from tests.conftest import submit
from tests.functional.test_comments import as_resident


@pytest.fixture
def process(make_process, open_comments):
    return open_comments(make_process())


@pytest.fixture
def open_comments(app):
    from tests.functional.test_comments import open_comments as fixture
    return fixture.__wrapped__(app)


def comment_on(app, proposal, user, body, when=None):
    with app.app_context():
        comments.write(db.session.get(User, user.id), db.session.get(Proposal, proposal.id),
                       body=body, stance="for", now=when or utcnow())


def test_follow_choose_daily_and_get_one_email_a_day(app, runner, make_user, make_proposal,
                                                     process, outbox):
    author = make_user(email="forfattare@example.org")
    proposal = make_proposal(process, author=author)
    reader, user = as_resident(app, make_user)
    html = reader.get(f"/forslag/{proposal.id}").get_data(as_text=True)
    assert "Följ diskussionen" in html
    submit(reader, f"/forslag/{proposal.id}/folj", {}, form_page=f"/forslag/{proposal.id}")
    submit(reader, f"/forslag/{proposal.id}/folj", {}, form_page=f"/forslag/{proposal.id}")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Follow)) == 1
    page = reader.get("/mina-sidor/foljer").get_data(as_text=True)
    assert proposal.title in page and "Sluta följa" in page
    assert "/mina-sidor/foljer" in reader.get("/mina-sidor/").get_data(as_text=True)
    html = submit(reader, "/mina-sidor/foljer", {"choice": "weekly"}).get_data(as_text=True)
    assert "Inte ett giltigt val" in html or "Välj" in html
    assert submit(reader, "/mina-sidor/foljer", {"choice": "daily"}).status_code == 302
    with app.app_context():
        digests.choose(db.session.get(User, author.id), "daily",
                       now=utcnow() - timedelta(seconds=1))
    for n in range(3):
        comment_on(app, proposal, make_user(), f"Kommentar nummer {n}")
    comment_on(app, proposal, user, "Min egen kommentar")  # never sent to oneself
    result = runner.invoke(args=["comments", "digest"])
    assert result.exit_code == 0 and "done" in result.output, result.output
    assert len(outbox.messages()) == 2
    again = runner.invoke(args=["comments", "digest"])
    assert again.exit_code == 0 and len(outbox.messages()) == 2  # the same day: no more
    mails = outbox.messages()
    assert sorted(m["To"] for m in mails) == sorted(["forfattare@example.org", user.email])
    to_reader = next(m for m in mails if m["To"] == user.email)
    body = to_reader.get_content()
    assert all(f"Kommentar nummer {n}" in body for n in range(3))
    assert "Min egen kommentar" not in body and "#kommentar-1" in body
    to_author = next(m for m in mails if m["To"] == "forfattare@example.org").get_content()
    assert "Min egen kommentar" in to_author


def test_the_next_day_brings_only_what_is_new_and_none_means_none(app, make_user,
                                                                  make_proposal, process,
                                                                  outbox):
    author = make_user()
    proposal = make_proposal(process, author=author)
    # Noon, local time: the hours below stay within one local day whenever the test runs.
    start = from_local(datetime.combine(to_local(utcnow()).date(), time(12)))
    with app.app_context():
        digests.choose(db.session.get(User, author.id), "daily", now=start)
    comment_on(app, proposal, make_user(), "Första dagen", when=start + timedelta(minutes=1))
    with app.test_request_context():
        assert digests.send_daily(start + timedelta(hours=1)) == 1
        assert digests.send_daily(start + timedelta(hours=2)) == 0
    comment_on(app, proposal, make_user(), "Andra dagen", when=start + timedelta(hours=3))
    with app.test_request_context():
        assert digests.send_daily(start + timedelta(days=1, hours=1)) == 1
        assert digests.send_daily(start + timedelta(days=2, hours=1)) == 0  # nothing new
    mails = [m.get_content() for m in outbox.messages()]
    second = next(body for body in mails if "Andra dagen" in body)
    assert len(mails) == 2 and "Första dagen" not in second
    with app.app_context():
        digests.choose(db.session.get(User, author.id), "none", now=start)
    comment_on(app, proposal, make_user(), "Tredje dagen", when=start + timedelta(days=3))
    with app.test_request_context():
        assert digests.send_daily(start + timedelta(days=3, hours=1)) == 0


def test_authors_cannot_stop_following_their_own_proposal(app, make_user, make_proposal,
                                                          process):
    author, user = as_resident(app, make_user)
    proposal = make_proposal(process, author=user)
    html = author.get(f"/forslag/{proposal.id}").get_data(as_text=True)
    assert "Du följer diskussionen om ditt eget förslag." in html
    html = submit(author, f"/forslag/{proposal.id}/sluta-folja", {},
                  form_page=f"/forslag/{proposal.id}",
                  follow_redirects=True).get_data(as_text=True)
    assert "Du följer ditt eget förslag" in html


def test_my_data_names_what_i_follow_and_deleting_the_account_forgets_it(
        app, make_user, make_proposal, process):
    from app.services.people import accounts
    reader, user = as_resident(app, make_user)
    proposal = make_proposal(process)
    submit(reader, f"/forslag/{proposal.id}/folj", {}, form_page=f"/forslag/{proposal.id}")
    submit(reader, "/mina-sidor/foljer", {"choice": "daily"})
    data = reader.get("/mina-sidor/mina-uppgifter.json").get_json()
    assert data["following"] == [proposal.reference] and data["comment_digest"] == "daily"
    with app.app_context():
        accounts.delete_account(db.session.get(User, user.id), password="correct-horse-battery")
        assert db.session.scalar(select(func.count()).select_from(Follow)) == 0
        assert digests.choice_of(db.session.get(User, user.id)).value == "none"


def test_a_digest_the_mail_server_refuses_is_owed_and_the_job_fails_visibly(
        app, runner, make_user, make_proposal, process, outbox, monkeypatch, login_as,
        client):
    """The others' digests go; the refused one is given back, the job fails with the
    reason on the administrators' job page, and trying it again sends only that one."""
    from app.mail import MailNotSent, send_mail
    from app.models import Job, JobStatus, Role
    refused = make_user(email="refused@example.org")
    fine = make_user(email="fine@example.org")
    proposal = make_proposal(process)
    with app.app_context():
        for user in (refused, fine):
            digests.choose(db.session.get(User, user.id), "daily",
                           now=utcnow() - timedelta(seconds=1))
            db.session.add(Follow(user_id=user.id, proposal_id=proposal.id,
                                  created_at=utcnow()))
        db.session.commit()
    comment_on(app, proposal, make_user(), "En ny kommentar")
    down = {"refused@example.org"}

    def flaky(to, subject, body):
        if to in down:
            raise MailNotSent(to)
        return send_mail(to, subject, body)
    monkeypatch.setattr(digests, "send_mail", flaky)

    result = runner.invoke(args=["comments", "digest"])
    assert result.exit_code != 0 and "1 digests not sent (1 sent)" in result.output
    assert [m["To"] for m in outbox.messages()] == ["fine@example.org"]
    with app.app_context():
        job = db.session.scalar(select(Job).where(Job.name == "comment_digests"))
        assert job.status == JobStatus.FAILED and "DigestsNotSent" in job.error
        job_id = job.id
    login_as(Role.ADMIN)
    page = client.get("/admin/jobb").get_data(as_text=True)
    assert "Skicka de dagliga mejlen om nya kommentarer" in page and "1 digests not sent" in page

    down.clear()  # the mail server is back: trying again sends only what is owed
    submit(client, f"/admin/jobb/{job_id}/igen", {}, form_page="/admin/jobb")
    assert sorted(m["To"] for m in outbox.messages()) == ["fine@example.org",
                                                          "refused@example.org"]
    with app.app_context():
        assert db.session.get(Job, job_id).status == JobStatus.DONE


def test_choosing_the_daily_email_twice_at_once_keeps_one_choice(app, make_user):
    """A double click: both requests find no choice yet; one row is made, and no request
    ends in a server error (three rounds, each with a new resident)."""
    from app.models import CommentDigest, DigestChoice
    from tests.support.concurrency import at_once, decided
    for _round in range(3):
        resident = make_user()

        def prepare(actor):
            return lambda: decided(lambda: digests.choose(actor, "daily", now=utcnow()),
                                   "saved", "refused")
        outcomes = at_once(app, [resident, resident], prepare)
        assert len(outcomes) == 2 and "saved" in outcomes
        with app.app_context():
            assert db.session.get(CommentDigest, resident.id).choice == DigestChoice.DAILY
