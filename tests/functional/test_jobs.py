"""Jobs: done at once without Redis, by a worker with it; a failed job is kept with its
error, tried again (by RQ, or by an administrator), and never does its work twice."""
import uuid

import pytest
from redis import Redis
from rq import SimpleWorker
from sqlalchemy import select

from app import jobs
from app.extensions import db
from app.mail import MailNotSent
from app.models import Goal, Job, Process, ResultsNotice, Role, SummarySnapshot
from app.models.base import utcnow
from app.services import content_version, goals
from app.services.reporting import summary
from tests.conftest import submit
from tests.functional.test_goals import evidence, goal_fields  # noqa: F401  (a fixture)

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def process(make_process):
    return make_process()


@pytest.fixture
def published(app, client, auth, make_user, login_as, process, evidence,  # noqa: F811
              end_dialogue):
    """Results with a goal, ready to publish, and an administrator logged in."""
    login_as(Role.COMMITTEE)
    submit(client, f"/ksau/{process.slug}/mal", goal_fields(evidence))
    with app.app_context():
        goal = db.session.scalar(select(Goal.id))
    submit(client, f"/ksau/mal/{goal}/status", {"status": "proposed"},
           form_page=f"/ksau/mal/{goal}")
    auth.logout()
    auth.login(make_user(role=Role.ADMIN).email)
    end_dialogue(process)

    def publish():
        return submit(client, f"/admin/processer/{process.id}/publicera-resultat",
                      {"confirm": "y"}, follow_redirects=True).get_data(as_text=True)
    return publish


@pytest.fixture
def redis_queue(app):
    """Jobs on the machine's Redis, in a queue of this test's own."""
    app.config.update(REDIS_URL=REDIS_URL, JOBS_QUEUE=f"test-{uuid.uuid4().hex}",
                      JOBS_RETRY_INTERVALS=[0])
    with app.app_context():
        queue = jobs.queue()
    yield queue
    queue.delete(delete_jobs=True)


def work(app, queue):
    with app.app_context():
        SimpleWorker([queue], connection=queue.connection).work(burst=True)


def test_without_redis_the_results_emails_are_sent_at_once_by_a_job(
        app, client, published, outbox):
    html = published()
    assert "mejlen till 2 invånare är på väg" in html
    assert sorted(m["To"] for m in outbox.messages()) == [
        "stodjare@example.org", "vill-veta@example.org"]
    with app.app_context():
        job = db.session.scalar(select(Job))
        assert (job.name, job.status, job.attempts) == ("results_emails", "done", 1)


def test_a_failed_job_is_shown_and_tried_again_without_telling_anyone_twice(
        app, client, published, outbox, monkeypatch):
    real_send = goals.send_mail

    def mail_down_for_one(to, subject, body):
        if to == "stodjare@example.org":
            raise MailNotSent("the mail server said no")
        real_send(to, subject, body)
    monkeypatch.setattr(goals, "send_mail", mail_down_for_one)
    published()
    assert [m["To"] for m in outbox.messages()] == ["vill-veta@example.org"]
    page = client.get("/admin/jobb").get_data(as_text=True)
    assert "Misslyckades" in page and "Försök igen" in page
    assert "1 results emails not sent" in page  # what went wrong, for the administrator
    with app.app_context():
        job_id = db.session.scalar(select(Job.id))
    monkeypatch.setattr(goals, "send_mail", real_send)  # the mail server is back
    submit(client, f"/admin/jobb/{job_id}/igen", {}, form_page="/admin/jobb")
    assert sorted(m["To"] for m in outbox.messages()) == [
        "stodjare@example.org", "vill-veta@example.org"]
    with app.test_request_context():
        job = db.session.get(Job, job_id)
        assert (job.status, job.attempts) == ("done", 2)
        assert db.session.scalar(select(db.func.count()).select_from(ResultsNotice)) == 2
        jobs.run(job_id, final=True)  # a job already done does nothing
        goals.tell_residents(db.session.scalar(select(Process.id)))  # nor does running again
    assert len(outbox.messages()) == 2


def test_with_redis_a_worker_does_the_job_and_rq_tries_a_failure_again(
        app, client, published, outbox, redis_queue, monkeypatch):
    real_send, calls = goals.send_mail, []

    def mail_down_once(to, subject, body):
        calls.append(to)
        if len(calls) == 1:
            raise MailNotSent("the mail server is restarting")
        real_send(to, subject, body)
    monkeypatch.setattr(goals, "send_mail", mail_down_once)
    published()
    assert outbox.messages() == []  # nothing done in the request
    with app.app_context():
        assert db.session.scalar(select(Job.status)) == "queued"
    work(app, redis_queue)
    assert len(outbox.messages()) == 2
    with app.app_context():
        job = db.session.scalar(select(Job))
        assert (job.status, job.attempts) == ("done", 2)


def test_with_redis_the_summary_is_recounted_by_a_job_not_the_view(
        app, client, login_as, process, make_proposal, redis_queue):
    make_proposal(process)
    login_as(Role.COMMITTEE)
    client.get(f"/ksau/{process.slug}/")  # the first figures
    make_proposal(process, title="Längre öppettider på biblioteket")
    client.get(f"/ksau/{process.slug}/")
    with app.app_context():
        kept = db.session.get(SummarySnapshot, process.id)
        assert kept.version < content_version.current()  # the view did not recount
    work(app, redis_queue)
    with app.app_context():
        kept = db.session.get(SummarySnapshot, process.id)
        assert kept.version == content_version.current()
        figures, _ = summary.kept_figures(db.session.get(Process, process.id), utcnow())
        assert figures == summary.count(db.session.get(Process, process.id))


def test_the_worker_command_needs_redis(runner):
    result = runner.invoke(args=["jobs", "worker", "--burst"])
    assert result.exit_code != 0 and "REDIS_URL" in result.output


def test_redis_is_there():
    assert Redis.from_url(REDIS_URL).ping()


def pdf_jobs(app):
    with app.app_context():
        return db.session.scalar(select(db.func.count()).select_from(Job).where(
            Job.name == "packet_pdf"))


def test_the_packet_pdf_is_drawn_once_per_change_of_the_input(
        app, client, login_as, process, make_proposal):
    make_proposal(process)
    login_as(Role.COMMITTEE)
    url = f"/ksau/{process.slug}/underlag.pdf"
    first = client.get(url)
    assert first.status_code == 200 and first.data.startswith(b"%PDF")
    assert client.get(url).data == first.data and pdf_jobs(app) == 1  # the kept file
    make_proposal(process, title="Längre öppettider på biblioteket")
    assert client.get(url).status_code == 200 and pdf_jobs(app) == 2  # drawn anew


def test_with_redis_the_packet_pdf_waits_for_the_worker(
        app, client, login_as, process, make_proposal, redis_queue):
    make_proposal(process)
    login_as(Role.COMMITTEE)
    url = f"/ksau/{process.slug}/underlag.pdf"
    waiting = client.get(url)
    assert waiting.status_code == 202
    assert "PDF:en ritas" in waiting.get_data(as_text=True)
    client.get(url)
    assert pdf_jobs(app) == 1  # asking again queues nothing more
    work(app, redis_queue)
    ready = client.get(url)
    assert ready.status_code == 200 and ready.data.startswith(b"%PDF")


def test_a_packet_pdf_that_cannot_be_drawn_says_so(app, client, login_as, process,
                                                   make_proposal, monkeypatch):
    from app.services.reporting import packets

    def broken(html):
        raise OSError("Pango is missing")
    monkeypatch.setattr(packets, "render_pdf", broken)
    make_proposal(process)
    login_as(Role.COMMITTEE)
    response = client.get(f"/ksau/{process.slug}/underlag.pdf")
    assert response.status_code == 503
    assert "kunde inte ritas" in response.get_data(as_text=True)
    with app.app_context():
        job = db.session.scalar(select(Job).where(Job.name == "packet_pdf"))
        assert job.status == "failed" and "Pango is missing" in job.error


def test_moderators_have_the_hints_computed_again_by_a_job(app, client, login_as, process,
                                                           make_proposal):
    from app.models import InsightModel
    make_proposal(process, title="Fler cykelvägar till skolorna")
    make_proposal(process, title="Bättre gatubelysning i parken")
    login_as(Role.MODERATOR)
    page = f"/moderera/{process.slug}/nya-teman"
    assert "Inte beräknat än" in client.get(page).get_data(as_text=True)
    version = None
    with app.app_context():
        version = content_version.current()
    done = submit(client, f"/moderera/{process.slug}/insikter/rakna-om", {"next": page},
                  form_page=page, follow_redirects=True).get_data(as_text=True)
    assert "Beräknat på nytt" in done and "Beräknat " in done
    with app.app_context():
        assert db.session.scalar(select(InsightModel.process_id)) == process.id
        job = db.session.scalar(select(Job).where(Job.name == "insight_refresh"))
        assert job.status == "done"
        assert content_version.current() == version  # hints change no public page


def test_without_a_job_queue_a_large_process_is_not_computed_in_the_request(
        app, client, login_as, process, make_proposal):
    """Without Redis the job would run in the request: past INSIGHT_INLINE_AT_MOST
    proposals (minutes at real size) the pages say it runs on the schedule and the button
    is neither shown nor obeyed."""
    from app.models import InsightModel
    make_proposal(process, title="Fler cykelvägar till skolorna")
    make_proposal(process, title="Bättre gatubelysning i parken")
    login_as(Role.MODERATOR)
    page = f"/moderera/{process.slug}/nya-teman"
    assert "Beräkna på nytt nu" in client.get(page).get_data(as_text=True)
    app.config["INSIGHT_INLINE_AT_MOST"] = 1
    html = client.get(page).get_data(as_text=True)
    assert "Beräkna på nytt nu" not in html and "körs enligt serverns schema" in html
    done = submit(client, f"/moderera/{process.slug}/insikter/rakna-om", {"next": page},
                  form_page="/", follow_redirects=True).get_data(as_text=True)
    assert "för länge för en sida att vänta" in done
    with app.app_context():
        assert db.session.scalar(select(InsightModel.id)) is None
        assert db.session.scalar(select(Job.id).where(Job.name == "insight_refresh")) is None


def test_residents_cannot_have_the_hints_computed(client, login_as, process):
    login_as(Role.RESIDENT)
    page = f"/process/{process.slug}/forslag"
    response = submit(client, f"/moderera/{process.slug}/insikter/rakna-om", {},
                      form_page=page)
    assert response.status_code == 403


def test_a_job_left_running_by_a_killed_worker_is_released_from_the_command_line(app):
    """Only a running job is released; then it can be tried again, and runs once."""
    from app.models import JobStatus
    with app.app_context():
        stuck = Job(name="results_emails", arguments="{}", status=JobStatus.RUNNING, attempts=1)
        done = Job(name="results_emails", arguments="{}", status=JobStatus.DONE, attempts=1)
        db.session.add_all([stuck, done])
        db.session.commit()
        stuck_id, done_id = stuck.id, done.id
    runner = app.test_cli_runner()
    released = runner.invoke(args=["jobs", "release", str(stuck_id)])
    assert released.exit_code == 0 and "marked failed" in released.output
    refused = runner.invoke(args=["jobs", "release", str(done_id)])
    assert refused.exit_code != 0 and "is not running" in refused.output
    with app.app_context():
        job = db.session.get(Job, stuck_id)
        assert job.can_retry and "Released" in job.error
        assert db.session.get(Job, done_id).status == JobStatus.DONE
