"""The input as a spreadsheet: one row per proposal with its tags, supports (online and
on paper), channel, status and answer; counted over the same input as the summary."""
from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app import labels
from app.extensions import db
from app.i18n import to_local
from app.models import Proposal
from app.services import exports
from app.services.summary import _input


def proposals_rows(process):
    query = (select(Proposal).where(_input(process)).order_by(Proposal.year, Proposal.number)
             .options(selectinload(Proposal.focus_area), selectinload(Proposal.district),
                      selectinload(Proposal.keywords), selectinload(Proposal.themes),
                      selectinload(Proposal.sdg_goals), selectinload(Proposal.place),
                      selectinload(Proposal.session))
             .execution_options(yield_per=1000))
    for p in db.session.scalars(query):
        yield (p.reference, p.title, p.body_text, p.focus_area.name,
               p.district.name if p.district else "", str(labels.CHANNELS[p.channel]),
               p.place.name if p.place else (p.session.topic if p.session else ""),
               to_local(p.published_at).date().isoformat() if p.published_at else "",
               str(labels.PROPOSAL_STATUSES[p.status]), p.supports_count,
               p.paper_supports_count, ", ".join(k.name for k in p.keywords),
               ", ".join(t.name for t in p.themes),
               ", ".join(str(g.number) for g in p.sdg_goals),
               str(labels.ANSWER_STATUSES[p.answer_status]), p.answer_text,
               url_for("proposals.show", proposal_id=p.id, _external=True))


def header():
    return (_("Reference"), _("Title"), _("Text"), _("Focus area"), _("District"),
            _("Channel"), _("Place or session"), _("Sent"), _("Status"),
            _("Supports online"), _("Supports on paper"), _("Keywords"), _("Strategy themes"),
            _("Agenda 2030 goals"), _("Answer"), _("Answer text"), _("Link"))


def proposals_csv(process):
    return exports.csv_text(header(), proposals_rows(process))
