"""Admin pages: set up a process, its phases and focus areas, the places and districts; invite
staff and give accounts their roles; publish the results."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_wtf import FlaskForm
from sqlalchemy import select

from app.admin.forms import (DistrictForm, FocusAreaForm, InviteForm, PhaseForm, PlaceForm,
                             ProcessForm, UserRoleForm)
from app.extensions import db
from app.forms import ConfirmForm, add_domain_error
from app.i18n import from_local, to_local
from flask_login import current_user

from app import jobs
from app.models import FocusArea, Job, Phase, Place, Process, Role, User
from app.permissions import Permission, requires
from app.models.base import utcnow
from app.mail import MailNotSent
from app.services import goals, processes
from app.services.participation import paper
from app.services.people import accounts, users
from app.services.errors import DomainError

from app.lookups import get_or_404

bp = Blueprint("admin", __name__)
manage = requires(Permission.MANAGE_PROCESSES)
manage_users = requires(Permission.MANAGE_USERS)
USERS_PER_PAGE = 50


@bp.route("/")
@manage
def index():
    all_processes = db.session.scalars(select(Process).order_by(Process.created_at.desc())).all()
    return render_template("admin/index.html", processes=all_processes)


@bp.route("/processer/ny", methods=["GET", "POST"])
@manage
def new_process():
    return _edit_process(None)


@bp.route("/processer/<int:process_id>/redigera", methods=["GET", "POST"])
@manage
def edit_process(process_id):
    return _edit_process(get_or_404(Process, process_id))


def _edit_process(process):
    form = ProcessForm(obj=process)
    if form.validate_on_submit():
        try:
            process = processes.save_process(
                title=form.title.data, slug=form.slug.data, description=form.description.data,
                moderation_mode=form.moderation_mode.data, support_limit=form.support_limit.data,
                hide_support_counts=form.hide_support_counts.data,
                report_threshold=form.report_threshold.data, process=process,
                actor=current_user)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            flash(_("The process is saved."), "success")
            return redirect(url_for(".show_process", process_id=process.id))
    return render_template("admin/process_form.html", form=form, process=process)


@bp.route("/processer/<int:process_id>")
@manage
def show_process(process_id):
    process = get_or_404(Process, process_id)
    return render_template("admin/process.html", process=process,
                           blockers=goals.publish_blockers(process, utcnow()))


@bp.route("/processer/<int:process_id>/publicera-resultat", methods=["GET", "POST"])
@manage
def publish_results(process_id):
    """What publishing will do, and a box to tick: it is done once and cannot be undone.
    While it cannot be done, the process's page says why."""
    process = get_or_404(Process, process_id)
    back = redirect(url_for(".show_process", process_id=process.id))
    blockers = goals.publish_blockers(process, utcnow())
    if blockers:
        if request.method == "POST":  # sent from a page opened before things changed
            flash(str(blockers[0]), "error")
        return back
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            told = goals.publish_results(current_user, process, utcnow())
        except DomainError as error:
            flash(str(error.message), "error")
        else:
            flash(ngettext("The results are published; the email to %(num)d resident is "
                           "on its way.",
                           "The results are published; the emails to %(num)d residents are "
                           "on their way.", told), "success")
        return back
    return render_template("admin/publish_results.html", process=process, form=form,
                           goals=goals.goals_of(process),
                           recipients=len(goals.recipients(process)))


@bp.route("/processer/<int:process_id>/faser/ny", methods=["GET", "POST"])
@manage
def new_phase(process_id):
    return _edit_phase(get_or_404(Process, process_id), None)


@bp.route("/faser/<int:phase_id>/redigera", methods=["GET", "POST"])
@manage
def edit_phase(phase_id):
    phase = get_or_404(Phase, phase_id)
    return _edit_phase(phase.process, phase)


def _edit_phase(process, phase):
    form = PhaseForm(data=_phase_form_data(phase) if phase else None)
    if form.validate_on_submit():
        try:
            processes.save_phase(
                process, phase=phase, name=form.name.data, body=form.body.data,
                description=form.description.data, kind=form.kind.data,
                starts_at=from_local(form.starts_at.data), ends_at=from_local(form.ends_at.data),
                features=form.chosen_features(), actor=current_user)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            flash(_("The phase is saved."), "success")
            return redirect(url_for(".show_process", process_id=process.id))
    return render_template("admin/phase_form.html", form=form, process=process, phase=phase)


def _phase_form_data(phase):
    return {
        "name": phase.name, "body": phase.body, "kind": phase.kind.value,
        "description": phase.description,
        "starts_at": to_local(phase.starts_at).replace(tzinfo=None),
        "ends_at": to_local(phase.ends_at).replace(tzinfo=None),
        "features": sorted(feature.value for feature in phase.features),
    }


@bp.route("/faser/<int:phase_id>/ta-bort", methods=["GET", "POST"])
@manage
def delete_phase(phase_id):
    """What deleting the phase does, and the button that does it."""
    phase = get_or_404(Phase, phase_id)
    process = phase.process
    form = FlaskForm()
    if form.validate_on_submit():
        processes.delete_phase(phase, actor=current_user)
        flash(_("The phase is deleted."), "success")
        return redirect(url_for(".show_process", process_id=process.id))
    return render_template("admin/delete_phase.html", phase=phase, process=process, form=form,
                           now=utcnow())


@bp.route("/processer/<int:process_id>/fokusomraden/nytt", methods=["GET", "POST"])
@manage
def new_focus_area(process_id):
    return _edit_focus_area(get_or_404(Process, process_id), None)


@bp.route("/fokusomraden/<int:focus_area_id>/redigera", methods=["GET", "POST"])
@manage
def edit_focus_area(focus_area_id):
    focus_area = get_or_404(FocusArea, focus_area_id)
    return _edit_focus_area(focus_area.process, focus_area)


def _edit_focus_area(process, focus_area):
    form = FocusAreaForm(obj=focus_area)
    if form.validate_on_submit():
        try:
            processes.save_focus_area(process, focus_area=focus_area, name=form.name.data,
                                      description=form.description.data,
                                      position=form.position.data, actor=current_user)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            flash(_("The focus area is saved."), "success")
            return redirect(url_for(".show_process", process_id=process.id))
    return render_template("admin/focus_area_form.html", form=form, process=process,
                           focus_area=focus_area)


@bp.route("/anvandare")
@manage_users
def list_users():
    search = request.args.get("q", "").strip()
    role = request.args.get("roll", "")
    role = role if role in {r.value for r in Role} else ""  # junk: every role
    query = select(User).where(User.deleted_at.is_(None)).order_by(User.email)
    if search:
        query = query.where(User.email.contains(search.lower(), autoescape=True) |
                            User.display_name.contains(search, autoescape=True))
    if role:
        query = query.where(User.role == role)
    page = db.paginate(query, per_page=USERS_PER_PAGE, error_out=False)
    return render_template("admin/users.html", page=page, search=search, role=role)


@bp.route("/anvandare/bjud-in", methods=["GET", "POST"])
@manage_users
def invite_user():
    """A moderator, committee member or administrator gets an account and an email with a
    link to choose their own password."""
    form = InviteForm()
    existing = None
    if form.validate_on_submit():
        try:
            user = accounts.invite_staff(current_user, email=form.email.data,
                                         display_name=form.display_name.data,
                                         role=form.role.data)
        except DomainError as error:
            add_domain_error(form, error)
            # An address with an account already: its role is changed on its own page.
            existing = users.find_by_email(form.email.data)
        else:
            _send_invitation(user)
            return redirect(url_for(".edit_user", user_id=user.id))
    return render_template("admin/invite.html", form=form, existing=existing,
                           invitation_days=accounts.INVITATION_DAYS)


@bp.route("/anvandare/<int:user_id>/bjud-in-igen", methods=["POST"])
@manage_users
def resend_invitation(user_id):
    """A new invitation link, when the first never arrived or ran out."""
    user = _user(user_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    _send_invitation(user)
    return redirect(url_for(".edit_user", user_id=user.id))


def _send_invitation(user):
    try:
        accounts.send_invitation(current_user, user)
    except DomainError as error:
        flash(str(error.message), "error")
    except MailNotSent:
        flash(_("The account is there, but the invitation could not be sent. Send it again "
                "below in a while."), "error")
    else:
        flash(ngettext("An invitation is sent to %(email)s. The link in it works for %(num)d "
                       "day.", "An invitation is sent to %(email)s. The link in it works for "
                       "%(num)d days.", accounts.INVITATION_DAYS, email=user.email), "success")


def _user(user_id):
    user = get_or_404(User, user_id)
    if user.is_deleted:
        abort(404)
    return user


@bp.route("/anvandare/<int:user_id>", methods=["GET", "POST"])
@manage_users
def edit_user(user_id):
    user = _user(user_id)
    form = UserRoleForm(data={"role": user.role.value, "active": user.active})
    if form.validate_on_submit():
        try:
            users.set_role(current_user, user, role=form.role.data, active=form.active.data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            flash(_("The account is saved."), "success")
            return redirect(url_for(".list_users"))
    return render_template("admin/user.html", form=form, user=user,
                           invitation_pending=accounts.invitation_pending(user))


@bp.route("/jobb")
@manage
def jobs_page():
    """Work done outside the requests: what failed, why, and a way to try it again."""
    return render_template("admin/jobs.html", jobs=jobs.recent(), form=FlaskForm(),
                           in_background=jobs.in_background())


@bp.route("/jobb/<int:job_id>/igen", methods=["POST"])
@manage
def retry_job(job_id):
    job = get_or_404(Job, job_id)
    if FlaskForm().validate_on_submit() and job.can_retry:
        if jobs.retry(job):
            flash(_("The job is tried again."), "success")
        else:
            flash(_("The job is being tried again already."), "info")
    return redirect(url_for(".jobs_page"))


@bp.route("/platser", methods=["GET", "POST"])
@manage
def places():
    """The physical places where residents hand in proposals on paper."""
    return _edit_place(None)


@bp.route("/platser/<int:place_id>", methods=["GET", "POST"])
@manage
def edit_place(place_id):
    return _edit_place(get_or_404(Place, place_id))


def _edit_place(place):
    form = PlaceForm(obj=place)
    if form.validate_on_submit():
        try:
            paper.save_place(current_user, place=place, name=form.name.data,
                             address=form.address.data, opening_hours=form.opening_hours.data,
                             accessibility=form.accessibility.data, position=form.position.data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            flash(_("The place is saved."), "success")
            return redirect(url_for(".places"))
    return render_template("admin/places.html", form=form, place=place,
                           places=paper.places())


@bp.route("/omraden", methods=["GET", "POST"])
@manage
def districts():
    """The districts a resident may say a proposal concerns: listed, and a new one added."""
    form = DistrictForm()
    if form.validate_on_submit():
        try:
            processes.save_district(name=form.name.data, position=form.position.data,
                                    actor=current_user)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            flash(_("The district is saved."), "success")
            return redirect(url_for(".districts"))
    return render_template("admin/districts.html", form=form, districts=processes.districts())
