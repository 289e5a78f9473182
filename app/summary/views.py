"""KSAU's workspace: the summary of the input, every number linked to the proposals behind
it, and the exports. Committee members read; nothing here changes proposals or tags."""
from flask import Blueprint, Response, redirect, render_template, url_for
from sqlalchemy import select

from app.extensions import db
from app import jobs
from app.models import Process
from app.permissions import Permission, requires
from app.services.reporting import packets, summary, summary_export

from app.lookups import process_or_404

bp = Blueprint("summary", __name__)
view_summary = requires(Permission.VIEW_SUMMARY)


@bp.route("/")
@view_summary
def index():
    all_processes = db.session.scalars(select(Process).order_by(Process.created_at.desc())).all()
    if len(all_processes) == 1:
        return redirect(url_for(".dashboard", slug=all_processes[0].slug))
    return render_template("summary/index.html", processes=all_processes)


@bp.route("/<slug>/")
@view_summary
def dashboard(slug):
    process = process_or_404(slug)
    return render_template("summary/dashboard.html", process=process,
                           summary=summary.summarise(process))


@bp.route("/<slug>/underlag")
@view_summary
def packet(slug):
    """The packet to bring to the meeting, as a page to print."""
    return packets.packet_html(process_or_404(slug), pdf=False)


@bp.route("/<slug>/underlag.pdf")
@view_summary
def packet_pdf(slug):
    """The packet as PDF: kept while the input is unchanged, drawn by a job otherwise; with
    a job queue, a page asks the reader to come back in a moment (202)."""
    process = process_or_404(slug)
    kept = packets.ask_for_pdf(process)
    if kept is None:  # being drawn by a worker, or (without one) drawing failed
        waiting = jobs.in_background()
        return render_template("summary/packet_wait.html", process=process,
                               waiting=waiting), 202 if waiting else 503
    return Response(kept.pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f"attachment; filename=underlag-ksau-{process.slug}.pdf"})


@bp.route("/<slug>/forslag.xlsx")
@view_summary
def export_xlsx(slug):
    process = process_or_404(slug)
    return Response(summary_export.proposals_xlsx(process, summary.summarise(process)),
                    mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition":
                             f"attachment; filename=forslag-{process.slug}.xlsx"})


@bp.route("/<slug>/forslag.csv")
@view_summary
def export_csv(slug):
    process = process_or_404(slug)
    return Response(summary_export.proposals_csv(process), mimetype="text/csv",
                    headers={"Content-Disposition":
                             f"attachment; filename=forslag-{process.slug}.csv"})
