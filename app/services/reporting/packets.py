"""The KSAU packet as PDF: the printable page, drawn by WeasyPrint with the packet's own
stylesheet. WeasyPrint lays out HTML and CSS for paper (page numbers, page breaks) in
pure Python over Pango, so the page and the PDF are one template.

Drawing takes seconds at real size, so it is a job: the PDF is kept (PacketFile) with the
content version it shows, and a download reads the kept file while it is current.
"""
import os

from flask import render_template
from sqlalchemy.exc import IntegrityError

from app import jobs
from app.extensions import db
from app.models import PacketFile, PhaseKind, Process
from app.models.base import utcnow
from app.paths import PROJECT_ROOT
from app.services import content_version
from app.services.participation import paper
from app.services.reporting import summary
from app.services.reach import figures, outreach

PACKET_CSS = os.path.join(PROJECT_ROOT, "static", "css", "packet.css")


def packet_html(process, *, pdf):
    """The packet, as the page to print or as the PDF's source."""
    template = "summary/packet_pdf.html" if pdf else "summary/packet.html"
    return render_template(template, process=process, pdf=pdf, generated=utcnow(),
                           summary=summary.summarise(process),
                           dialogue=next((p for p in process.phases
                                          if p.kind == PhaseKind.DIALOGUE), None),
                           events=paper.events_of(process), reach=figures.compute(process),
                           visits=outreach.planned(process))


def render_pdf(html):
    from weasyprint import CSS, HTML
    return HTML(string=html, base_url=PROJECT_ROOT).write_pdf(
        stylesheets=[CSS(filename=PACKET_CSS)])


def current_pdf(process):
    """The kept PDF if it shows the content as it is now, else None."""
    kept = db.session.get(PacketFile, process.id)
    return kept if kept is not None and kept.version == content_version.current() else None


def ask_for_pdf(process):
    """The PDF as it is now: the kept one, or one drawn by a job (at once without a job
    queue; with one, None until a worker has drawn it)."""
    kept = current_pdf(process)
    if kept is None:
        jobs.enqueue_once("packet_pdf", process_id=process.id)
        kept = current_pdf(process)
    return kept


@jobs.task("packet_pdf")
def draw_pdf(process_id):
    version = content_version.current()
    process = db.session.get(Process, process_id)
    pdf = render_pdf(packet_html(process, pdf=True))
    kept = db.session.get(PacketFile, process_id)
    if kept is None:
        db.session.add(PacketFile(process_id=process_id, version=version, pdf=pdf))
    else:
        kept.version, kept.pdf, kept.created_at = version, pdf, utcnow()
    try:
        db.session.commit()
    except IntegrityError:  # another job kept one first
        db.session.rollback()
