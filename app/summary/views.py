"""KSAU's workspace: the summary of the input, every number linked to the proposals behind
it, and the exports. Committee members read; nothing here changes proposals or tags."""
from flask import Blueprint, Response, redirect, render_template, url_for
from sqlalchemy import select

from app.extensions import db
from app.models import PhaseKind, Process
from app.models.base import utcnow
from app.permissions import Permission, requires
from app.services import packets, paper, summary, summary_export

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
    return packet_html(process_or_404(slug), pdf=False)


@bp.route("/<slug>/underlag.pdf")
@view_summary
def packet_pdf(slug):
    process = process_or_404(slug)
    pdf = packets.render_pdf(packet_html(process, pdf=True))
    return Response(pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f"attachment; filename=underlag-ksau-{process.slug}.pdf"})


def packet_html(process, *, pdf):
    now = utcnow()
    template = "summary/packet_pdf.html" if pdf else "summary/packet.html"
    return render_template(template, process=process, pdf=pdf, generated=now,
                           summary=summary.summarise(process),
                           dialogue=next((p for p in process.phases
                                          if p.kind == PhaseKind.DIALOGUE), None),
                           events=paper.events_of(process))


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
