"""Work done outside the request: results emails, the KSAU packet's PDF, recounting the
summary. With REDIS_URL set, jobs go to an RQ queue that `flask jobs worker` serves, and a
job that fails is tried again after JOBS_RETRY_INTERVALS; without Redis (`make run` on a
laptop) a job runs at once, in the process that asks for it, so one command still runs
everything. Either way each job is a row (models.Job) with its state and last error, and
administrators see failed jobs and can try them again (/admin/jobb).

A task must be safe to run again: it may have done part of its work before it failed.
"""
import contextlib
import json
import logging
import traceback

from flask import current_app, has_request_context

from app.extensions import db
from app.models import Job, JobStatus
from app.models.base import utcnow

log = logging.getLogger(__name__)
TASKS = {}


def task(name):
    """Register a function as the task `name`; it is called with the job's arguments."""
    def register(function):
        TASKS[name] = function
        return function
    return register


def enqueue(name, **arguments):
    """Ask for `name` to be done; returns its Job (already done, or failed, without Redis)."""
    if name not in TASKS:
        raise KeyError(name)
    job = Job(name=name, arguments=json.dumps(arguments))
    db.session.add(job)
    db.session.commit()
    _dispatch(job)
    return job


def enqueue_once(name, **arguments):
    """As enqueue(), unless the same job is already waiting or running."""
    waiting = db.session.scalar(db.select(Job).where(
        Job.name == name, Job.arguments == json.dumps(arguments),
        Job.status.in_([JobStatus.QUEUED, JobStatus.RUNNING])).limit(1))
    return waiting or enqueue(name, **arguments)


def retry(job):
    """Try a failed job again; False if it is no longer failed (tried again already, by a
    second click or by the queue's own retry)."""
    taken = db.session.execute(
        db.update(Job).where(Job.id == job.id, Job.status == JobStatus.FAILED)
        .values(status=JobStatus.QUEUED, error="")).rowcount
    db.session.commit()
    db.session.refresh(job)
    if not taken:
        return False
    _dispatch(job)
    return True


def release(job_id):
    """A job left running by a worker that was killed, marked failed so that it can be
    tried again; False if it is not running."""
    released = db.session.execute(
        db.update(Job).where(Job.id == job_id, Job.status == JobStatus.RUNNING)
        .values(status=JobStatus.FAILED, error="Released from the command line: its worker "
                                               "stopped while running it.",
                finished_at=utcnow())).rowcount
    db.session.commit()
    return bool(released)


def _dispatch(job):
    target = queue()
    if target is None:
        run(job.id, final=True)
        db.session.refresh(job)
        return
    from rq import Retry
    intervals = current_app.config["JOBS_RETRY_INTERVALS"]
    target.enqueue(perform, job.id, job_id=f"medborgardialog-{job.id}-{job.attempts}",
                   retry=Retry(max=len(intervals), interval=intervals) if intervals else None)


def in_background():
    """Whether jobs run outside the request (on Redis) rather than at once."""
    return bool(current_app.config.get("REDIS_URL"))


def queue():
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    from redis import Redis
    from rq import Queue
    return Queue(current_app.config["JOBS_QUEUE"], connection=Redis.from_url(url))


def perform(job_id):
    """What the RQ worker calls (inside the app, see `flask jobs worker`). Raises on
    failure, so that RQ tries it again."""
    run(job_id, final=False)


def run(job_id, *, final):
    """Run job `job_id` once, recording its state. `final`: nothing will try it again, so
    a failure is only recorded (and logged), not raised."""
    # Taken by a conditional update: the same job started twice at once (a retry beside
    # the queue's own) runs once; one done or running already is left alone.
    taken = db.session.execute(
        db.update(Job).where(Job.id == job_id,
                             Job.status.in_([JobStatus.QUEUED, JobStatus.FAILED]))
        .values(status=JobStatus.RUNNING, attempts=Job.attempts + 1)).rowcount
    db.session.commit()
    if not taken:
        return
    job = db.session.get(Job, job_id)
    try:
        with _request_context():
            TASKS[job.name](**json.loads(job.arguments))
    except Exception:
        db.session.rollback()
        job = db.session.get(Job, job_id)
        job.status, job.error = JobStatus.FAILED, traceback.format_exc(limit=5)[-4000:]
        job.finished_at = utcnow()
        db.session.commit()
        log.exception("Job %s (%s) failed", job_id, job.name)
        if not final:
            raise
        return
    job = db.session.get(Job, job_id)
    job.status, job.error, job.finished_at = JobStatus.DONE, "", utcnow()
    db.session.commit()


def _request_context():
    """Tasks build links for emails: outside a request (in the worker), they are built on
    the portal's public address."""
    if has_request_context():
        return contextlib.nullcontext()
    return current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"])


def recent(limit=50):
    """The latest jobs, failed ones first."""
    return db.session.scalars(db.select(Job).order_by(
        (Job.status == JobStatus.FAILED).desc(), Job.id.desc()).limit(limit)).all()
