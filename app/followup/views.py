"""The controller's follow-up of the goals: periods opened, recorded and approved, and the
indicators' yearly values entered or imported."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from flask_login import current_user
from sqlalchemy import select

from app import jobs
from app.extensions import db
from app.followup.forms import ImportForm, PeriodForm, ValueForm, parse_decimal
from app.forms import add_domain_error, entered
from app.lookups import get_or_404, process_or_404
from app.models import FollowUpPeriod, Indicator, JobStatus, PeriodKind, Process
from app.models.base import utcnow
from app.permissions import Permission, requires
from app.services import goals
from app.services.errors import DomainError
from app.services.followup import indicators, kolada, periods  # noqa: F401 (kolada's job)

bp = Blueprint("followup", __name__)
follow_up = requires(Permission.FOLLOW_UP)
MAX_UPLOAD = 5 * 1024 * 1024


@bp.route("/")
@follow_up
def index():
    published = db.session.scalars(select(Process).where(
        Process.results_published_at.is_not(None)).order_by(Process.created_at.desc())).all()
    return render_template("followup/index.html", processes=published)


@bp.route("/<slug>/", methods=["GET", "POST"])
@follow_up
def process(slug):
    process = process_or_404(slug)
    form = PeriodForm()
    if form.validate_on_submit():
        try:
            period = periods.open_period(current_user, process, kind=form.kind.data,
                                         year=form.year.data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            flash(_("The period is opened."), "success")
            return redirect(url_for(".period", period_id=period.id))
    return _render_process(process, period_form=form)


def _value_form(process, formdata=True):
    form = ValueForm() if formdata else ValueForm(formdata=None)
    form.indicator_id.choices = [entered(i.id, f"{i.id}. {i.name} ({i.unit})")
                                 for i in indicators.indicators_of(process) if not i.is_kolada]
    return form


def _render_process(process, **forms):
    return render_template(
        "followup/process.html", process=process, periods=periods.periods_of(process),
        indicators=indicators.indicators_of(process),
        period_form=forms.get("period_form") or PeriodForm(formdata=None),
        value_form=forms.get("value_form") or _value_form(process, formdata=False),
        import_form=forms.get("import_form") or ImportForm(formdata=None))


@bp.route("/<slug>/varde", methods=["POST"])
@follow_up
def set_value(slug):
    process = process_or_404(slug)
    form = _value_form(process)
    if form.validate_on_submit():
        indicator = db.session.get(Indicator, form.indicator_id.data)
        try:
            indicators.set_value(current_user, indicator, year=form.value_year.data,
                                 value=form.value.data)
        except DomainError as error:
            db.session.rollback()
            add_domain_error(form, error, renamed={"year": "value_year"})
        else:
            flash(_("The value is saved."), "success")
            return redirect(url_for(".process", slug=process.slug) + f"#indicator-{indicator.id}")
    return _render_process(process, value_form=form), 400


@bp.route("/<slug>/kolada", methods=["POST"])
@follow_up
def fetch_kolada(slug):
    """Fetch this process's Kolada key figures now rather than at the next scheduled run."""
    process = process_or_404(slug)
    if not FlaskForm().validate_on_submit():
        abort(400)
    job = jobs.enqueue_once("kolada_fetch", process_id=process.id)
    if job.status == JobStatus.QUEUED:
        flash(_("The key figures are being fetched from Kolada: each indicator shows when "
                "its values were fetched."), "info")
    elif job.status == JobStatus.DONE:
        flash(_("Kolada is asked: each indicator shows when its values were fetched, or "
                "why they could not be."), "success")
    else:
        flash(_("The fetch from Kolada failed; the values fetched before are kept. Try "
                "again later; an administrator sees why under Administration, Jobs."), "error")
    return redirect(url_for(".process", slug=process.slug) + "#indikatorer")


@bp.route("/<slug>/importera", methods=["POST"])
@follow_up
def import_values(slug):
    process = process_or_404(slug)
    form = ImportForm()
    upload = request.files.get("file")
    if form.validate_on_submit():
        if upload is None or not upload.filename:
            add_domain_error(form, DomainError(_("Choose a CSV or XLSX file."), "file"))
        else:
            content = upload.read(MAX_UPLOAD + 1)
            try:
                if len(content) > MAX_UPLOAD:
                    raise DomainError(_("The file is larger than 5 MB."), "file")
                count = indicators.import_values(current_user, process,
                                                 filename=upload.filename, content=content)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                flash(_("%(count)d values are imported.", count=count), "success")
                return redirect(url_for(".process", slug=process.slug))
    return _render_process(process, import_form=form), 400


@bp.route("/period/<int:period_id>", methods=["GET", "POST"])
@follow_up
def period(period_id):
    period = get_or_404(FollowUpPeriod, period_id)
    process = period.process
    all_indicators = indicators.indicators_of(process)
    public_goals = goals.goals_of(process, public=True)
    errors = {}
    if request.method == "POST":
        if not FlaskForm().validate_on_submit():
            abort(400)
        readings = {i.id: (_number(f"value-{i.id}", errors),
                           _number(f"forecast-{i.id}", errors)) for i in all_indicators}
        assessments = {g.id: (request.form.get(f"rating-{g.id}", ""),
                              request.form.get(f"text-{g.id}", "")[:5000])
                       for g in public_goals}
        for goal_id, (rating, text) in assessments.items():
            if text.strip() and not rating:  # else the text would go unsaved, unsaid
                errors[f"rating-{goal_id}"] = _("Choose how the goal is going, so that the "
                                                "assessment's text is kept.")
        if not errors:
            try:
                periods.record(current_user, period, readings=readings, assessments=assessments)
            except DomainError as error:
                db.session.rollback()
                errors[""] = error.message
                all_indicators = indicators.indicators_of(process)  # one may have gone
            else:
                flash(_("The period is saved."), "success")
                return redirect(url_for(".period", period_id=period.id))
    readings = {r.indicator_id: r for r in period.readings}
    assessed = {a.goal_id: a for a in period.assessments}
    return render_template(
        "followup/period.html", period=period, process=process, indicators=all_indicators,
        goals=public_goals, readings=readings, assessed=assessed, errors=errors,
        form_values=request.form if request.method == "POST" else None,
        interim=period.kind == PeriodKind.INTERIM,
        blockers=periods.approve_blockers(period)), 400 if errors else 200


def _number(name, errors):
    try:
        return parse_decimal(request.form.get(name, ""))
    except ValueError as error:
        errors[name] = str(error)
        return None


@bp.route("/period/<int:period_id>/godkann", methods=["POST"])
@follow_up
def approve(period_id):
    period = get_or_404(FollowUpPeriod, period_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        periods.approve(current_user, period, utcnow())
    except DomainError as error:
        flash(str(error.message), "error")
    else:
        flash(_("The period is approved and published; residents who asked are told."),
              "success")
    return redirect(url_for(".period", period_id=period.id))
