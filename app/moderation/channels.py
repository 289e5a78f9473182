"""The moderators' pages for the other channels: entering a paper proposal, Open Space
events and their sessions, supports given on paper, and importing a file of proposals."""
from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select

from app.extensions import db
from app.forms import add_domain_error
from app.models import ImportBatch, OpenSpaceEvent, OpenSpaceSession, PaperSupport, Proposal
from app.models.base import utcnow
from app.moderation.forms import (EventForm, ImportForm, PaperSupportForm, SessionForm,
                                  paper_proposal_form)
from app.lookups import get_or_404, process_or_404
from app.request_guard import accepts_upload
from app.moderation.views import _sent, bp, moderate
from app.services import processes
from app.services.participation import imports, paper
from app.services.errors import DomainError
from app.reach.views import read_district
from app.services.reach import profiles


@bp.route("/<slug>/pappersforslag/nytt", methods=["GET", "POST"])
@moderate
def new_paper_proposal(slug):
    process = process_or_404(slug)
    questions = profiles.questions_of(process)
    form = paper_proposal_form(questions)
    form.set_choices(process, processes.districts(), paper.places(), paper.sessions_of(process))
    if form.validate_on_submit():
        try:
            proposal = paper.enter(
                current_user, process, now=utcnow(), title=form.title.data,
                body=form.body.data, focus_area_id=form.focus_area_id.data,
                district_id=form.district_id.data, channel=form.channel.data,
                place_id=form.place_id.data, session_id=form.session_id.data,
                received_on=form.received_on.data, writer={
                    "age_band": form.writer_age_band.data or None,
                    "district": read_district(form.writer_district.data),
                    "answers": {q.id: form[f"writer_question_{q.id}"].data or None
                                for q in questions}})
        except DomainError as error:
            add_domain_error(form, error)
        else:
            flash(_("%(reference)s is saved and published. Enter the next one below.",
                    reference=proposal.reference), "success")
            return redirect(url_for(".new_paper_proposal", slug=process.slug))
    return render_template("moderation/paper_proposal.html", process=process, form=form)


@bp.route("/forslag/<int:proposal_id>/pappersstod", methods=["GET", "POST"])
@moderate
def paper_supports(proposal_id):
    proposal = _sent(proposal_id)
    form = PaperSupportForm()
    form.set_choices(paper.places(), paper.sessions_of(proposal.process))
    if form.validate_on_submit():
        kind, _sep, source_id = form.source.data.partition(":")
        try:
            paper.record_supports(
                current_user, proposal, count=form.count.data,
                place_id=int(source_id) if kind == "place" else None,
                session_id=int(source_id) if kind == "session" else None,
                given_on=form.given_on.data, note=form.note.data, now=utcnow())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            flash(_("%(num)d paper supports are recorded for %(reference)s.",
                    num=form.count.data, reference=proposal.reference), "success")
            return redirect(url_for(".review", proposal_id=proposal.id))
    return render_template("moderation/paper_supports.html", proposal=proposal, form=form,
                           process=proposal.process, entries=paper.supports_of(proposal))


@bp.route("/pappersstod/<int:entry_id>/ta-bort", methods=["POST"])
@moderate
def remove_paper_supports(entry_id):
    entry = get_or_404(PaperSupport, entry_id)
    proposal_id, count = entry.proposal_id, entry.count
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        paper.remove_supports(current_user, entry)
    except DomainError as error:
        flash(str(error.message), "error")
    else:
        flash(ngettext("%(num)d paper support is taken back.",
                       "%(num)d paper supports are taken back.", count), "success")
    return redirect(url_for(".paper_supports", proposal_id=proposal_id))


@bp.route("/<slug>/open-space", methods=["GET", "POST"])
@moderate
def events(slug):
    process = process_or_404(slug)
    form = EventForm()
    form.set_choices(paper.places())
    if form.validate_on_submit():
        try:
            event = paper.save_event(current_user, process, **_event_fields(form))
        except DomainError as error:
            add_domain_error(form, error)
        else:
            flash(_("The Open Space is saved. Now add its sessions."), "success")
            return redirect(url_for(".edit_event", event_id=event.id))
    return render_template("moderation/events.html", process=process, form=form,
                           events=paper.events_of(process))


def _event_fields(form):
    return {"title": form.title.data, "held_on": form.held_on.data,
            "place_id": form.place_id.data, "venue": form.venue.data, "theme": form.theme.data,
            "facilitator": form.facilitator.data, "participants": form.participants.data}


@bp.route("/open-space/<int:event_id>", methods=["GET", "POST"])
@moderate
def edit_event(event_id):
    event = get_or_404(OpenSpaceEvent, event_id)
    form = EventForm(obj=event, data={"place_id": event.place_id or 0})
    form.set_choices(paper.places())
    if form.validate_on_submit():
        try:
            paper.save_event(current_user, event.process, event=event, **_event_fields(form))
        except DomainError as error:
            add_domain_error(form, error)
        else:
            flash(_("The Open Space is saved."), "success")
            return redirect(url_for(".edit_event", event_id=event.id))
    return render_template("moderation/event.html", event=event, form=form,
                           session_form=SessionForm(formdata=None, prefix="session"),
                           process=event.process)


@bp.route("/open-space/<int:event_id>/sessioner", methods=["POST"])
@moderate
def new_session(event_id):
    event = get_or_404(OpenSpaceEvent, event_id)
    form = SessionForm(prefix="session")
    if form.validate_on_submit():
        try:
            paper.save_session(current_user, event, **_session_fields(form))
        except DomainError as error:
            add_domain_error(form, error)
        else:
            flash(_("The session is saved."), "success")
            return redirect(url_for(".edit_event", event_id=event.id))
    event_form = EventForm(formdata=None, obj=event, data={"place_id": event.place_id or 0})
    event_form.set_choices(paper.places())
    return render_template("moderation/event.html", event=event, form=event_form,
                           session_form=form, process=event.process)


def _session_fields(form):
    return {"topic": form.topic.data, "convener": form.convener.data,
            "participants": form.participants.data, "summary": form.summary.data,
            "recommendations": form.recommendations.data}


@bp.route("/open-space/sessioner/<int:session_id>", methods=["GET", "POST"])
@moderate
def edit_session(session_id):
    session = get_or_404(OpenSpaceSession, session_id)
    form = SessionForm(obj=session, prefix="session")
    if form.validate_on_submit():
        try:
            paper.save_session(current_user, session.event, session=session,
                               **_session_fields(form))
        except DomainError as error:
            add_domain_error(form, error)
        else:
            flash(_("The session is saved."), "success")
            return redirect(url_for(".edit_event", event_id=session.event_id))
    return render_template("moderation/session.html", session=session, form=form,
                           process=session.event.process)


# Importing a file of paper proposals.

@bp.route("/<slug>/import", methods=["GET", "POST"])
@moderate
@accepts_upload
def import_upload(slug):
    process = process_or_404(slug)
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            batch = imports.upload(current_user, process, filename=upload.filename or "",
                                   content=upload.read(imports.MAX_BYTES + 1))
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect(url_for(".import_batch", batch_id=batch.id))
    batches = db.session.scalars(select(ImportBatch).where(ImportBatch.process_id == process.id)
                                 .order_by(ImportBatch.uploaded_at.desc()).limit(20)).all()
    return render_template("moderation/import.html", process=process, form=form,
                           columns=imports.columns_for(process), batches=batches,
                           max_rows=imports.MAX_ROWS)


@bp.route("/import/<int:batch_id>")
@moderate
def import_batch(batch_id):
    batch = get_or_404(ImportBatch, batch_id)
    report = None if batch.imported_at else imports.dry_run(batch.process, batch)
    created = db.session.scalars(select(Proposal).where(Proposal.import_batch_id == batch.id)
                                 .order_by(Proposal.number).limit(200)).all()
    return render_template("moderation/import_batch.html", batch=batch, report=report,
                           process=batch.process, created=created,
                           confirm_form=ImportForm(formdata=None))


@bp.route("/import/<int:batch_id>/genomfor", methods=["POST"])
@moderate
def import_commit(batch_id):
    batch = get_or_404(ImportBatch, batch_id)  # the CSRF token is checked for every POST
    try:
        imports.commit(current_user, batch.process, batch, utcnow())
    except DomainError as error:
        flash(str(error.message), "error")
    else:
        flash(_("%(created)d new proposals are imported. %(existing)d rows were imported "
                "before and %(repeated)d were repeated in the file: each proposal is there "
                "once.", created=batch.created_count, existing=batch.existing_count,
                repeated=batch.repeated_count), "success")
    return redirect(url_for(".import_batch", batch_id=batch.id))


@bp.route("/import/mall.<kind>")
@moderate
def import_template(kind):
    if kind == "csv":
        return Response(imports.template_csv(), mimetype="text/csv",
                        headers={"Content-Disposition": "attachment; filename=forslag-mall.csv"})
    if kind == "xlsx":
        return Response(imports.template_xlsx(), mimetype="application/vnd.openxmlformats-"
                        "officedocument.spreadsheetml.sheet",
                        headers={"Content-Disposition": "attachment; "
                                 "filename=forslag-mall.xlsx"})
    abort(404)
