"""Command-line tasks: `flask users create`, `flask demo load`, `flask summary refresh`,
`flask jobs worker`, `flask insight ...`, `flask comments digest`, `flask followup kolada`."""
import json
import time

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from app.extensions import db
from app.models import Process, Role
from app.models.base import utcnow
from app.services import demo, processes
from app.services.demo import synthetic
from app.services.people import users
from app.services.errors import DomainError

users_cli = AppGroup("users", help="Manage user accounts.")
demo_cli = AppGroup("demo", help="Demo data for development (refused in production).")
summary_cli = AppGroup("summary", help="The KSAU summary's kept figures.")
jobs_cli = AppGroup("jobs", help="Work done outside the requests (needs REDIS_URL).")
insight_cli = AppGroup("insight", help="Keyword suggestions, duplicate hints, emerging themes.")
comments_cli = AppGroup("comments", help="Comments on proposals.")
followup_cli = AppGroup("followup", help="Following the goals up (Kolada key figures).")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.RESIDENT.value,
              show_default=True)
@click.option("--name", "display_name", default=None, help="Display name.")
@click.password_option(help="Asked for when not given.")
def create_user_command(email, role, display_name, password):
    """Create a verified account with a role."""
    try:
        user = users.create_user(email=email, password=password, role=role,
                                 display_name=display_name, verified=True)
    except DomainError as error:
        raise click.ClickException(str(error.message))
    click.echo(f"Created {user.email} with role {user.role}.")


@demo_cli.command("load")
@click.option("--real-dates", is_flag=True,
              help="Keep the plan's own 2019 dates instead of opening the dialogue phase now.")
def load_demo_command(real_dates):
    """Load the demo process, its timetable, focus areas and one account per role."""
    try:
        process = demo.load_demo(current_app.config["APP_ENV"], real_dates=real_dates)
    except demo.DemoRefused as error:
        raise click.ClickException(str(error))
    if process is None:
        click.echo("The demo process is already loaded.")
        return
    click.echo(f"Loaded '{process.title}' with {len(process.phases)} phases. Accounts "
               f"(password {demo.DEMO_PASSWORD}): "
               + ", ".join(email for _, email, _ in demo.DEMO_ACCOUNTS))


@demo_cli.command("generate")
@click.option("--proposals", default=100_000, show_default=True)
@click.option("--supports", default=1_000_000, show_default=True)
@click.option("--comments", default=0, show_default=True,
              help="Comments too: the first generated proposal gets 500 of them.")
@click.option("--process", "slug", default=demo.DEMO_SLUG, show_default=True,
              help="The process to fill (load the demo first).")
def generate_command(proposals, supports, comments, slug):
    """Generate synthetic residents, proposals and supports at real size."""
    if current_app.config["APP_ENV"] == "production":
        raise click.ClickException("Synthetic data is not generated in production.")
    process = processes.get_by_slug(slug)
    if process is None:
        raise click.ClickException(f"No process '{slug}': run 'flask demo load' first.")
    started = time.monotonic()
    made = synthetic.generate(process, proposals=proposals, supports=supports,
                              comments=comments)
    click.echo(f"Generated {made} proposals, {supports} supports and {comments} comments "
               f"in {time.monotonic() - started:.0f} s.")
    if comments:
        click.echo(f"The largest discussion: /forslag/{synthetic.largest_discussion(process)}")


@comments_cli.command("digest")
def digest_command():
    """Send today's digests of new comments, as a job (at most one per resident and day:
    safe to run again). With REDIS_URL the job is queued for `flask jobs worker`."""
    from app import jobs
    from app.services.discussion import digests  # noqa: F401  (registers the task)
    job = jobs.enqueue_once("comment_digests")
    click.echo(f"Daily comment digests: job {job.id}, {job.status}.")
    if job.status == "failed":
        raise click.ClickException(job.error.strip().splitlines()[-1])


@summary_cli.command("refresh")
def refresh_summary_command():
    """Recount every process's summary figures that changed since last counted (run it
    from a schedule, e.g. every minute, so that no view has to)."""
    from app.services import content_version
    from app.services.reporting import summary
    version = content_version.current()
    for process in db.session.scalars(select(Process)):
        started = time.monotonic()
        summary.refresh(process, version, utcnow())
        click.echo(f"{process.slug}: counted in {time.monotonic() - started:.1f} s")


@jobs_cli.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def jobs_worker_command(burst):
    """Do the queued jobs, trying failed ones again as configured. Run one or more beside
    the app servers. Jobs run in this process, one at a time, inside the app."""
    from rq import SimpleWorker

    from app import jobs
    queue = jobs.queue()
    if queue is None:
        raise click.ClickException("REDIS_URL is not set: jobs run at once, no worker needed.")
    SimpleWorker([queue], connection=queue.connection).work(burst=burst, with_scheduler=True)


@jobs_cli.command("release")
@click.argument("job_id", type=int)
def jobs_release_command(job_id):
    """Mark a job left "running" by a worker that was killed as failed, so that
    Administration → Jobb can try it again. Only for a job no worker is running."""
    from app import jobs
    if not jobs.release(job_id):
        raise click.ClickException(f"Job {job_id} is not running.")
    click.echo(f"Job {job_id} is marked failed: try it again under Administration → Jobb.")


@insight_cli.command("evaluate")
@click.option("--taxonomy", type=click.File("rb"), required=True,
              help="CSV: kind,code,name,theme,meaning,agenda2030_goals")
@click.option("--proposals", type=click.File("rb"), required=True,
              help="CSV: id,title,text,keywords,theme,focus_area")
@click.option("--duplicates", type=click.File("rb"), default=None,
              help="CSV: pair,id_a,id_b,label")
def evaluate_command(taxonomy, proposals, duplicates):
    """Print the engine's figures on labelled data as JSON."""
    from app.services.insight import evaluation
    try:
        figures = evaluation.evaluate(taxonomy, proposals, duplicates)
    except (evaluation.EvaluationError, UnicodeDecodeError) as error:
        raise click.ClickException(str(error))
    click.echo(json.dumps(figures, indent=2, ensure_ascii=False))


@insight_cli.command("refresh")
@click.option("--process", "slug", default=None, help="One process (default: every one).")
@click.option("--force", is_flag=True,
              help="Refit even if little has changed since the last fit.")
def refresh_command(slug, force):
    """Fit the engine and find likely duplicates and emerging themes (run from cron)."""
    from app.services.insight import store
    chosen = ([processes.get_by_slug(slug)] if slug
              else db.session.scalars(select(Process).order_by(Process.id)).all())
    if None in chosen:
        raise click.ClickException(f"No process '{slug}'.")
    for process in chosen:
        if not force and not store.is_stale(process):
            click.echo(f"{process.slug}: fresh enough, left as it is.")
            continue
        started = time.monotonic()
        done = store.refresh(process, now=utcnow())
        click.echo(f"{process.slug}: {done.proposals} proposals ({done.tagged} tagged), "
                   f"{done.pairs} likely duplicate pairs, {done.themes} emerging themes "
                   f"in {time.monotonic() - started:.1f} s.")


@followup_cli.command("kolada")
def kolada_command():
    """Fetch the Kolada key figures of every Kolada indicator (run from cron, e.g. nightly):
    values that cannot be fetched stay as they were, and the indicator says why."""
    from app.services.followup import kolada
    fetched, failed = kolada.refresh(utcnow())
    click.echo(f"Kolada: {fetched} key figures fetched, {failed} not fetched.")
    if failed:
        raise SystemExit(1)


def init_app(app):
    app.cli.add_command(followup_cli)
    app.cli.add_command(comments_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(summary_cli)
    app.cli.add_command(jobs_cli)
    app.cli.add_command(insight_cli)
