"""Who we have heard from: the residents' optional questions, the reach view for staff and
KSAU with its download, the staff's plans to meet the missing groups, and the
administrators' questions and population figures."""
from flask import (Blueprint, Response, flash, redirect, render_template, request,
                   url_for)
from flask_babel import gettext as _
from flask_login import current_user

from app.forms import add_domain_error
from app.i18n import to_local
from app.lookups import get_or_404, int_arg, process_or_404
from app.models import AGE_BANDS, DECLINED, OutreachAction, Process, Role
from app.models.base import utcnow
from app.permissions import Permission, login_required, requires
from app.reach.forms import OutreachForm, PopulationForm, QuestionForm, profile_form
from app.redirects import safe_next
from app.request_guard import accepts_upload
from app.services import processes
from app.services.errors import DomainError
from app.services.reach import figures, outreach, population, profiles
from app.services.reach.export import reach_csv

bp = Blueprint("reach", __name__)
view_summary = requires(Permission.VIEW_SUMMARY)
moderate = requires(Permission.MODERATE)
manage = requires(Permission.MANAGE_PROCESSES)


@bp.route("/process/<slug>/om-dig", methods=["GET", "POST"])
@login_required
def about_you(slug):
    """The optional questions, asked once per process; "not now" counts as asked."""
    process = process_or_404(slug)
    back = safe_next(request.values.get("next") or url_for("public.process", slug=slug))
    if profiles.has_answered(current_user, process):
        flash(_("You have already answered these questions."), "info")
        return redirect(back)
    questions, districts = profiles.questions_of(process), processes.districts()
    form = profile_form(questions, districts)
    if form.validate_on_submit():
        given = {} if "skip" in request.form else form.data
        try:
            profiles.answer(current_user, process, day=to_local(utcnow()).date(),
                            age_band=given.get("age_band") or None,
                            district=read_district(given.get("district")),
                            answers={q.id: given.get(f"question_{q.id}") or None
                                     for q in questions})
        except DomainError as error:
            add_domain_error(form, error)
        else:
            flash(_("Thank you.") if given else _("We will not ask again."), "success")
            return redirect(back)
    return render_template("reach/about_you.html", process=process, form=form, back=back)


def should_ask(user, process, took_part):
    """Whether to invite a resident who took part to the optional questions: once per
    process, whatever they answer (or if they say "not now")."""
    return (took_part and user.is_authenticated and user.role == Role.RESIDENT
            and not profiles.has_answered(user, process))


def read_district(value):
    if not value or value == DECLINED:
        return value or None
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else -1


@bp.route("/ksau/<slug>/rackvidd")
@view_summary
def view(slug):
    process = process_or_404(slug)
    return render_template("reach/view.html", process=process,
                           reach=figures.reach(current_user, process),
                           actions=outreach.planned(process))


@bp.route("/ksau/<slug>/rackvidd.csv")
@view_summary
def download(slug):
    process = process_or_404(slug)
    return Response(reach_csv(figures.reach(current_user, process)), mimetype="text/csv",
                    headers={"Content-Disposition":
                             f"attachment; filename=rackvidd-{process.slug}.csv"})


@bp.route("/ksau/<slug>/rackvidd/besok/nytt", methods=["GET", "POST"])
@moderate
def plan_visit(slug):
    process = process_or_404(slug)
    return _visit(process, None)


@bp.route("/ksau/besok/<int:action_id>", methods=["GET", "POST"])
@moderate
def edit_visit(action_id):
    action = get_or_404(OutreachAction, action_id)
    return _visit(action.process, action)


def _visit(process, action):
    form = OutreachForm(obj=action)
    districts = processes.districts()
    form.set_choices(districts)
    if request.method == "GET" and action is None:
        form.age_band.data = request.args.get("alder", "")
        form.district_id.data = str(int_arg("omrade") or "")
    elif request.method == "GET":
        form.age_band.data = action.age_band or ""
        form.district_id.data = str(action.district_id or "")
    if form.validate_on_submit():
        try:
            outreach.plan(current_user, process, place=form.place.data,
                          held_on=form.held_on.data, hours=form.hours.data,
                          group=form.group.data, age_band=form.age_band.data or None,
                          district_id=read_district(form.district_id.data),
                          description=form.description.data, public=form.public.data,
                          action=action)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            flash(_("The visit is planned."), "success")
            return redirect(url_for(".view", slug=process.slug) + "#besok")
    return render_template("reach/visit.html", process=process, form=form, action=action)


@bp.route("/admin/processer/<int:process_id>/fragor", methods=["GET", "POST"])
@manage
def questions(process_id):
    process = get_or_404(Process, process_id)
    form = QuestionForm()
    if form.validate_on_submit():
        try:
            profiles.save_question(current_user, process, text=form.text.data,
                                   choices=form.choices.data,
                                   position=len(profiles.questions_of(process)))
        except DomainError as error:
            add_domain_error(form, error)
        else:
            flash(_("The question is added."), "success")
            return redirect(url_for(".questions", process_id=process.id))
    return render_template("reach/questions.html", process=process, form=form,
                           questions=profiles.questions_of(process))


@bp.route("/admin/befolkning", methods=["GET", "POST"])
@manage
@accepts_upload
def population_figures():
    form, problems = PopulationForm(), []
    if form.validate_on_submit():
        content = form.file.data.read(population.FILE_MAX + 1)
        try:
            if len(content) > population.FILE_MAX:
                raise population.PopulationRefused([population.TOO_LARGE])
            count = population.replace(current_user, content)
        except population.PopulationRefused as refused:
            problems = refused.problems
        else:
            flash(_("%(count)s population figures are imported.", count=count), "success")
            return redirect(url_for(".population_figures"))
    return render_template("reach/population.html", form=form, problems=problems,
                           figures=population.table(), districts=processes.districts(),
                           total=population.total(), age_bands=AGE_BANDS,
                           band_label=figures.band_label)


@bp.route("/admin/befolkning/mall.csv")
@manage
def population_template():
    return Response(population.template_csv(), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=befolkning.csv"})
