"""The KSAU packet as PDF: the printable page, drawn by WeasyPrint with the packet's own
stylesheet. WeasyPrint lays out HTML and CSS for paper (page numbers, page breaks) in
pure Python over Pango, so the page and the PDF are one template."""
import os

from app.paths import PROJECT_ROOT

PACKET_CSS = os.path.join(PROJECT_ROOT, "static", "css", "packet.css")


def render_pdf(html):
    from weasyprint import CSS, HTML
    return HTML(string=html, base_url=PROJECT_ROOT).write_pdf(
        stylesheets=[CSS(filename=PACKET_CSS)])
