"""Command-line tasks: `flask users create`, `flask demo load`, `flask comments digest`."""
import time

import click
from flask import current_app
from flask.cli import AppGroup

from app.models import Role
from app.services import demo, processes, synthetic, users
from app.services.errors import DomainError

users_cli = AppGroup("users", help="Manage user accounts.")
demo_cli = AppGroup("demo", help="Demo data for development (refused in production).")
comments_cli = AppGroup("comments", help="Comments on proposals.")


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
    """Send today's digests of new comments (at most one per resident and day: safe to run
    again)."""
    from app.models.base import utcnow
    from app.services import digests
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):
        sent = digests.send_daily(utcnow())  # links in the emails: PUBLIC_URL
    click.echo(f"Sent {sent} digest emails.")


def init_app(app):
    app.cli.add_command(comments_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(demo_cli)
