"""Administrators keep the boards and companies (nämnder, bolag) and the board goals that
serve each overarching goal, each with 1–3 indicators of its own."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select

from app.extensions import db
from app.followup.forms import BoardForm, BoardGoalEditForm, BoardGoalForm, IndicatorForm
from app.forms import add_domain_error, entered
from app.lookups import get_or_404, process_or_404
from app.models import Board, BoardGoal, Goal, Process
from app.permissions import Permission, requires
from app.services import goals
from app.services.errors import DomainError
from app.services.followup import boards, indicators

bp = Blueprint("boards", __name__)
manage = requires(Permission.MANAGE_PROCESSES)


@bp.route("/", methods=["GET", "POST"])
@manage
def index():
    form = BoardForm()
    if form.validate_on_submit():
        try:
            boards.add_board(current_user, name=form.name.data, kind=form.kind.data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            flash(_("The board or company is added."), "success")
            return redirect(url_for(".index"))
    with_goals = db.session.scalars(select(Process).where(
        select(Goal.id).where(Goal.process_id == Process.id).exists())
        .order_by(Process.created_at.desc())).all()
    return render_template("boards/index.html", boards=boards.boards(), form=form,
                           processes=with_goals)


@bp.route("/<int:board_id>/aktiv", methods=["POST"])
@manage
def set_active(board_id):
    board = get_or_404(Board, board_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    boards.set_active(current_user, board, request.form.get("active") == "1")
    flash(_("%(name)s is saved.", name=board.name), "success")
    return redirect(url_for(".index"))


def _goal_form(process, formdata=True):
    form = BoardGoalForm() if formdata else BoardGoalForm(formdata=None)
    form.goal_id.choices = [entered(g.id, g.title) for g in goals.goals_of(process)]
    form.board_id.choices = [entered(b.id, b.name) for b in boards.boards(True)]
    return form


@bp.route("/<slug>/", methods=["GET", "POST"])
@manage
def board_goals(slug):
    process = process_or_404(slug)
    form = _goal_form(process)
    if form.validate_on_submit():
        goal = db.session.get(Goal, form.goal_id.data)
        try:
            if goal is None or goal.process_id != process.id:
                raise DomainError(_("Choose the overarching goal."), "goal_id")
            boards.add_board_goal(current_user, goal, board_id=form.board_id.data,
                                  title=form.title.data, indicator=form.fields())
        except DomainError as error:
            db.session.rollback()
            add_domain_error(form, error)
        else:
            flash(_("The board goal is added."), "success")
            return redirect(url_for(".board_goals", slug=process.slug))
    return _render(process, form=form)


def _render(process, **forms):
    return render_template(
        "boards/board_goals.html", process=process, goals=goals.goals_of(process),
        concentration=boards.concentration(process),
        form=forms.get("form") or _goal_form(process, formdata=False))


@bp.route("/mal/<int:board_goal_id>/indikator", methods=["GET", "POST"])
@manage
def add_indicator(board_goal_id):
    board_goal = get_or_404(BoardGoal, board_goal_id)
    process = board_goal.goal.process
    form = IndicatorForm()
    if form.validate_on_submit():
        try:
            indicators.add_to_board_goal(current_user, board_goal, form.fields())
        except DomainError as error:
            db.session.rollback()
            add_domain_error(form, error)
        else:
            flash(_("The indicator is added."), "success")
            return redirect(url_for(".board_goals", slug=process.slug))
    return render_template("boards/indicator.html", board_goal=board_goal, process=process,
                           form=form)


@bp.route("/mal/<int:board_goal_id>/andra", methods=["GET", "POST"])
@manage
def edit_board_goal(board_goal_id):
    board_goal = get_or_404(BoardGoal, board_goal_id)
    process = board_goal.goal.process
    form = BoardGoalEditForm(obj=board_goal)
    form.board_id.choices = [entered(b.id, b.name) for b in boards.boards()
                             if b.active or b.id == board_goal.board_id]
    if form.validate_on_submit():
        try:
            boards.update_board_goal(current_user, board_goal, board_id=form.board_id.data,
                                     title=form.title.data)
        except DomainError as error:
            db.session.rollback()
            add_domain_error(form, error)
        else:
            flash(_("The board goal is saved."), "success")
            return redirect(url_for(".board_goals", slug=process.slug))
    return render_template("boards/edit_board_goal.html", board_goal=board_goal,
                           process=process, form=form)


@bp.route("/mal/<int:board_goal_id>/ta-bort", methods=["POST"])
@manage
def remove_board_goal(board_goal_id):
    board_goal = get_or_404(BoardGoal, board_goal_id)
    process, title = board_goal.goal.process, board_goal.title
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        boards.remove_board_goal(current_user, board_goal)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for(".edit_board_goal", board_goal_id=board_goal_id))
    flash(_("The board goal “%(title)s” is removed.", title=title), "success")
    return redirect(url_for(".board_goals", slug=process.slug))
