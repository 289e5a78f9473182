"""Public pages: the process, its timeline, how the dialogue works, the language switch."""
from flask import (Blueprint, Response, abort, current_app, redirect, render_template, request,
                   send_from_directory, session, stream_with_context)
from flask_wtf import FlaskForm

from app.extensions import db, talisman
from app.http_cache import cacheable
from app.i18n import LANGUAGES, to_local
from app.models import Goal, OpenSpaceEvent
from app.models.base import utcnow
from app.permissions import public
from app.redirects import safe_next
from app.services import goals, processes
from app.services.participation import paper
from app.services.people import tokens
from app.services.reporting import summary_export
from app.services.followup import progress as followup_progress
from app.services.reach import outreach

bp = Blueprint("public", __name__)


@bp.route("/")
@public
@cacheable
def index():
    return _render_process(processes.featured_process(utcnow()))


@bp.route("/process/<slug>/")
@public
@cacheable
def process(slug):
    return _render_process(processes.get_by_slug(slug) or abort(404))


def _render_process(process):
    now = utcnow()
    return render_template("public/index.html", process=process, now=now,
                           earlier=processes.with_results(exclude=process),
                           phase=process.current_phase(now) if process else None,
                           next_phase=process.next_phase(now) if process else None)


@bp.route("/lamna-forslag-pa-plats")
@public
@cacheable
def places():
    """Where residents can hand in a proposal on paper."""
    return render_template("public/places.html", places=paper.places(),
                           process=processes.featured_process(utcnow()),
                           visits=outreach.public_visits(to_local(utcnow()).date()))


@bp.route("/process/<slug>/open-space")
@public
@cacheable
def open_space(slug):
    process = processes.get_by_slug(slug) or abort(404)
    return render_template("public/open_space.html", process=process,
                           events=paper.events_of(process))


@bp.route("/process/<slug>/resultat")
@public
@cacheable
def results(slug):
    """"Så användes förslagen": each goal with the themes and proposals that shaped it."""
    process = processes.get_by_slug(slug) or abort(404)
    published = process.results_published_at is not None
    return render_template("public/results.html", process=process, published=published,
                           goals=goals.goals_of(process, public=True) if published else [])


@bp.route("/mal/<int:goal_id>/uppfoljning")
@public
@cacheable
def progress(goal_id):
    """A goal's progress: indicators as charts with tables, the approved periods'
    assessments, the board goals serving it and the proposals behind it."""
    goal = followup_progress.public_goal(db.session.get(Goal, goal_id)) or abort(404)
    return render_template("public/progress.html", process=goal.process,
                           **followup_progress.summary(goal))


@bp.route("/avregistrera/<token>", methods=["GET", "POST"])
@public
def unsubscribe(token):
    """Stop the results emails from the link in one, without logging in. A link that does
    not work says so at once, and what to do instead."""
    if not goals.unsubscribe_link_works(token):
        return render_template("public/unsubscribe_link_invalid.html"), 400
    form = FlaskForm()
    if form.validate_on_submit():
        try:
            goals.unsubscribe(token)
        except tokens.InvalidToken:
            return render_template("public/unsubscribe_link_invalid.html"), 400
        return render_template("public/unsubscribed.html")
    return render_template("public/unsubscribe.html", form=form)


@bp.route("/process/<slug>/oppna-data.json")
@public
@cacheable
def open_data(slug):
    """Every published proposal with its tags, sources and answers, as open data: no
    personal data. Streamed, so 100,000 proposals take little memory."""
    process = processes.get_by_slug(slug) or abort(404)
    return Response(stream_with_context(summary_export.open_data(process)),
                    mimetype="application/json")


@bp.route("/open-space/<int:event_id>")
@public
@cacheable
def open_space_event(event_id):
    event = db.session.get(OpenSpaceEvent, event_id) or abort(404)
    return render_template("public/open_space_event.html", event=event, process=event.process,
                           proposals=paper.proposals_by_session(event))


@bp.route("/process/<slug>/tidslinje")
@public
@cacheable
def timeline(slug):
    process = processes.get_by_slug(slug) or abort(404)
    now = utcnow()
    return render_template("public/timeline.html", process=process, now=now,
                           current=process.current_phase(now), next_phase=process.next_phase(now))


@bp.route("/sa-fungerar-det")
@public
@cacheable
def how_it_works():
    return render_template("public/how_it_works.html",
                           process=processes.featured_process(utcnow()))


@bp.route("/integritet")
@public
@cacheable
def privacy():
    return render_template("public/privacy.html")


@bp.route("/regler")
@public
@cacheable
def rules():
    """The published rules for proposals, which every moderator decision cites."""
    return render_template("public/rules.html")


@bp.route("/tillganglighet")
@public
@cacheable
def accessibility():
    return render_template("public/accessibility.html")


@bp.route("/sprak/<language>")
@public
def set_language(language):
    if language not in LANGUAGES:
        abort(404)
    session["language"] = language
    return redirect(safe_next(request.args.get("next")))


@bp.route("/favicon.ico")
@public
def favicon():
    """Browsers and other clients ask for it at the root, whatever the page says."""
    return send_from_directory(current_app.static_folder, "favicon.ico",
                               mimetype="image/vnd.microsoft.icon", max_age=7 * 24 * 3600)


@bp.route("/health")
@public
@talisman(force_https=False)
def health():
    """For load balancers and as the benchmark's ceiling: no template, no database."""
    return {"status": "ok"}
