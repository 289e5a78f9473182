"""KSAU drafts the goals: each linked to the themes, keywords, Agenda 2030 goals and
proposals behind it, commented on, proposed to KS and decided; the evidence in view."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.extensions import db
from app.forms import add_domain_error
from app.followup.forms import IndicatorForm
from app.goals.forms import CommentForm, GoalForm, StatusForm
from app.models import Goal
from app.permissions import Permission, requires
from app.services import audit, goals
from app.services.participation import proposals
from app.services.review import taxonomy
from app.services.errors import DomainError
from app.services.followup import indicators, quality

from app.lookups import int_arg, process_or_404

bp = Blueprint("goals", __name__)
draft_goals = requires(Permission.DRAFT_GOALS)


def _goal(goal_id):
    return db.session.get(Goal, goal_id) or abort(404)


def _references(text):
    """Proposal ids for references like "2026-0012, 2026-0040"; unknown ones refused."""
    ids, unknown = [], []
    for reference in (text or "").replace(";", ",").split(","):
        reference = reference.strip()
        if not reference:
            continue
        found = proposals.by_reference(reference)
        (ids if found else unknown).append(found.id if found else reference)
    if unknown:
        raise DomainError(_("No proposal has the reference %(references)s.",
                            references=", ".join(unknown)), "proposals")
    return ids


def _form(process, goal=None, formdata=True):
    data = None
    if goal is not None:
        data = {"revision": goal.revision, "title": goal.title,
                "description": goal.description, "themes": [t.id for t in goal.themes],
                "keywords": [k.id for k in goal.keywords],
                "sdg_goals": [g.number for g in goal.sdg_goals],
                "proposals": ", ".join(p.reference for p in goal.proposals)}
    form = GoalForm(data=data) if formdata else GoalForm(formdata=None, data=data)
    form.set_choices(taxonomy.themes_of(process), taxonomy.keywords_of(process),
                     taxonomy.sdg_goals(), proposals.example_references(process))
    return form


def _save(process, form, goal=None):
    try:
        proposal_ids = _references(form.proposals.data)
    except DomainError as error:  # said with the title's problem, if any, at once
        add_domain_error(form, error)
        problem = goals.title_problem(form.title.data)
        if problem is not None:
            add_domain_error(form, problem)
        return None
    try:
        return goals.save(current_user, process, goal=goal, title=form.title.data,
                          description=form.description.data, theme_ids=form.themes.data,
                          keyword_ids=form.keywords.data, sdg_numbers=form.sdg_goals.data,
                          proposal_ids=proposal_ids,
                          revision=form.revision.data if goal else None)
    except DomainError as error:
        db.session.rollback()
        add_domain_error(form, error)
        return None


@bp.route("/<slug>/mal", methods=["GET", "POST"])
@draft_goals
def index(slug):
    process = process_or_404(slug)
    form = _form(process)
    if form.validate_on_submit():
        goal = _save(process, form)
        if goal is not None:
            flash(_("The goal is saved as a draft."), "success")
            return redirect(url_for(".edit", goal_id=goal.id))
    else:
        _check_references(form)
    all_goals = goals.goals_of(process)
    return render_template("goals/index.html", process=process, form=form, goals=all_goals,
                           quality=quality.check_goals(process, all_goals))


@bp.route("/mal/<int:goal_id>", methods=["GET", "POST"])
@draft_goals
def edit(goal_id):
    goal = _goal(goal_id)
    form = _form(goal.process, goal)
    if form.validate_on_submit():
        if _save(goal.process, form, goal) is not None:
            flash(_("The goal is saved."), "success")
            return redirect(url_for(".edit", goal_id=goal.id))
    else:
        _check_references(form)
    return _render(goal, form=form)


def _check_references(form):
    """A form its own checks stopped (a title too short) also says which references are
    unknown, rather than on the next round."""
    if form.is_submitted() and not form.proposals.errors:
        try:
            _references(form.proposals.data)
        except DomainError as error:
            add_domain_error(form, error)


def _render(goal, **forms):
    history, _total = audit.entries(audit.LogFilters(target_type="goal", target_id=goal.id))
    status_form = forms.get("status_form") or StatusForm(
        formdata=None, data={"status": goal.status.value, "decided_on": goal.decided_on,
                             "decided_by": goal.decided_by})
    if goal.process.results_published_at is not None:
        status_form.offer_no_draft()  # residents were told of it: it stays proposed
    all_goals = goals.goals_of(goal.process)
    return render_template(
        "goals/edit.html", goal=goal, process=goal.process,
        quality=quality.check(goal, goals_in_process=len(all_goals),
                              input_behind=goals.evidence_count(goal)),
        indicator_form=forms.get("indicator_form") or IndicatorForm(formdata=None),
        form=forms.get("form") or _form(goal.process, goal, formdata=False),
        status_form=status_form,
        comment_form=forms.get("comment_form") or CommentForm(formdata=None),
        history=history)


@bp.route("/mal/<int:goal_id>/status", methods=["POST"])
@draft_goals
def status(goal_id):
    goal = _goal(goal_id)
    form = StatusForm()
    if form.validate_on_submit():
        try:
            goals.set_status(current_user, goal, status=form.status.data,
                             decided_on=form.decided_on.data, decided_by=form.decided_by.data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            flash(_("The status is saved."), "success")
            return redirect(url_for(".edit", goal_id=goal.id))
    return _render(goal, status_form=form)


@bp.route("/mal/<int:goal_id>/indikator", methods=["POST"])
@draft_goals
def add_indicator(goal_id):
    goal = _goal(goal_id)
    form = IndicatorForm()
    if form.validate_on_submit():
        try:
            indicators.add_to_goal(current_user, goal, form.fields())
        except DomainError as error:
            db.session.rollback()
            add_domain_error(form, error)
        else:
            flash(_("The indicator is added."), "success")
            return redirect(url_for(".edit", goal_id=goal.id) + "#quality-title")
    return _render(goal, indicator_form=form), 400


@bp.route("/mal/<int:goal_id>/kommentar", methods=["POST"])
@draft_goals
def add_comment(goal_id):
    goal = _goal(goal_id)
    form = CommentForm()
    if form.validate_on_submit():
        try:
            goals.comment(current_user, goal, form.body.data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect(url_for(".edit", goal_id=goal.id) + "#comments-title")
    return _render(goal, comment_form=form)


@bp.route("/<slug>/utan-mal")
@draft_goals
def left_out(slug):
    """The input behind no goal yet: what the goals leave out, to weigh before they are
    decided."""
    process = process_or_404(slug)
    return render_template("goals/left_out.html", process=process,
                           page=goals.left_out(process, page=int_arg("sida") or 1))


@bp.route("/mal/<int:goal_id>/underlag")
@draft_goals
def evidence(goal_id):
    goal = _goal(goal_id)
    return render_template("goals/evidence.html", goal=goal, process=goal.process,
                           evidence=goals.evidence(goal),
                           linked_elsewhere=goals.linked_elsewhere(goal))
