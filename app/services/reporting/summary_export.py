"""The input as a spreadsheet: one row per proposal with its tags, supports (online and
on paper), channel, status, answer and comments for and against; counted over the same
input as the summary. And as open data, with the published comments."""
import io
import json

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app import labels
from app.extensions import db
from app.i18n import to_local
from app.models.base import utcnow
from app.models import Comment, CommentStatus, Keyword, Proposal, Stance, Theme
from app.services.discussion import comments
from app.services.reporting import exports
from app.services.reach.export import shown
from app.services.reporting.summary import _input


def proposals_rows(process):
    query = (select(Proposal).where(_input(process)).order_by(Proposal.year, Proposal.number)
             .options(selectinload(Proposal.focus_area), selectinload(Proposal.district),
                      selectinload(Proposal.keywords), selectinload(Proposal.themes),
                      selectinload(Proposal.sdg_goals), selectinload(Proposal.place),
                      selectinload(Proposal.session))
             .execution_options(yield_per=1000))
    argued = comments.stance_counts(process)
    for p in db.session.scalars(query):
        yield (p.reference, p.title, p.body_text, p.focus_area.name,
               p.district.name if p.district else "", str(labels.CHANNELS[p.channel]),
               p.place.name if p.place else (p.session.topic if p.session else ""),
               _came_in(p),
               str(labels.PROPOSAL_STATUSES[p.status]), p.supports_count,
               p.paper_supports_count, ", ".join(k.name for k in p.keywords),
               ", ".join(t.name for t in p.themes),
               ", ".join(str(g.number) for g in p.sdg_goals),
               str(labels.ANSWER_STATUSES[p.answer_status]), p.answer_text,
               argued.get((p.id, Stance.FOR), 0), argued.get((p.id, Stance.AGAINST), 0),
               url_for("proposals.show", proposal_id=p.id, _external=True))


def _came_in(proposal):
    """The day it came in: received (paper), else sent; as the summary counts it."""
    if proposal.received_on:
        return proposal.received_on.isoformat()
    return to_local(proposal.published_at).date().isoformat() if proposal.published_at else ""


def header():
    return (_("Reference"), _("Title"), _("Text"), _("Focus area"), _("District"),
            _("Channel"), _("Place or session"), _("Came in"), _("Status"),
            _("Supports online"), _("Supports on paper"), _("Keywords"), _("Strategy themes"),
            _("Agenda 2030 goals"), _("Answer"), _("Answer text"), _("Comments for"),
            _("Comments against"), _("Link"))


def proposals_csv(process):
    return exports.csv_text(header(), proposals_rows(process))


def proposals_xlsx(process, summary):
    """The same rows as the CSV in a workbook, with the summary's totals on a first sheet.
    Every text cell is stored as text: one that looks like a formula stays words."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    book = Workbook(write_only=True)
    totals = book.create_sheet(_("Summary"))

    def row(sheet, values, bold=False):
        cells = []
        for value in values:
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"
            if bold:
                from openpyxl.styles import Font
                cell.font = Font(bold=True)
            cells.append(cell)
        sheet.append(cells)

    row(totals, (process.title,), bold=True)
    row(totals, (_("Proposals"), summary.total.proposals))
    row(totals, (_("Supports online"), summary.total.supports))
    row(totals, (_("Supports on paper"), summary.total.paper_supports))
    row(totals, (_("People who wrote or supported online"), shown(summary.participants_shown)))
    row(totals, (_("Not yet tagged"), summary.untagged))
    row(totals, ())
    row(totals, (_("Channel"), _("Proposals"), _("Supports online"), _("Supports on paper")),
        bold=True)
    for channel, label in labels.CHANNELS.items():
        group = summary.by_channel.get(channel)
        if group:
            row(totals, (str(label), group.proposals, group.supports, group.paper_supports))
    row(totals, ())
    row(totals, (_("Strategy theme"), _("Proposals"), _("Supports online"),
                 _("Supports on paper")), bold=True)
    for item in summary.themes:
        row(totals, (item.tag.name, item.counts.proposals, item.counts.supports,
                     item.counts.paper_supports))
    sheet = book.create_sheet(_("Proposals"))
    row(sheet, header(), bold=True)
    for values in proposals_rows(process):
        row(sheet, values)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def open_data(process):
    """The input as open data, in JSON, streamed: no personal data, no author at all."""
    taxonomy = {
        "process": {"title": process.title, "description": process.description,
                    "url": url_for("public.process", slug=process.slug, _external=True)},
        "focus_areas": [{"id": a.id, "name": a.name, "description": a.description}
                        for a in process.focus_areas],
        "themes": [{"id": t.id, "name": t.name, "description": t.description,
                    "synthesis": t.synthesis, "agenda2030": [g.number for g in t.sdg_goals]}
                   for t in db.session.scalars(select(Theme).where(
                       Theme.process_id == process.id, Theme.merged_into_id.is_(None))
                       .options(selectinload(Theme.sdg_goals)))],
        "keywords": [{"id": k.id, "name": k.name, "meaning": k.meaning, "theme": k.theme_id}
                     for k in db.session.scalars(select(Keyword).where(
                         Keyword.process_id == process.id, Keyword.merged_into_id.is_(None)))],
    }
    if process.results_published_at is not None:  # drafts stay KSAU's until then
        from app.services import goals
        from app.services.followup import open_data as followup_open_data
        taxonomy["goals"] = [{
            "title": g.title, "description": g.description, "status": g.status.value,
            "decided_on": g.decided_on.isoformat() if g.decided_on else None,
            "decided_by": g.decided_by or None, "themes": [t.id for t in g.themes],
            "keywords": [k.id for k in g.keywords], "agenda2030": [n.number for n in g.sdg_goals],
            "proposals": [p.reference for p in g.public_proposals],
            **followup_open_data.goal(g)}
            for g in goals.goals_of(process, public=True)]
        taxonomy["followup_periods"] = followup_open_data.periods(process)
    head = json.dumps(taxonomy, ensure_ascii=False)[:-1]
    yield head + ', "proposals": ['
    query = (select(Proposal).where(_input(process)).order_by(Proposal.year, Proposal.number)
             .options(selectinload(Proposal.keywords), selectinload(Proposal.themes),
                      selectinload(Proposal.sdg_goals), selectinload(Proposal.place),
                      selectinload(Proposal.session))
             .execution_options(yield_per=1000))
    from app.models import Feature
    counts_shown = not process.hide_support_counts or not process.is_open_for(
        Feature.SUPPORT, utcnow())  # as on the public list: hidden while supports are open
    for n, p in enumerate(db.session.scalars(query)):
        yield ("," if n else "") + json.dumps({
            "reference": p.reference, "title": p.title, "text": p.body_text,
            "focus_area": p.focus_area_id, "district": p.district_id,
            "channel": p.channel.value,
            "source": p.place.name if p.place else (p.session.topic if p.session else None),
            "sent": _came_in(p) or None,
            "status": p.status.value,
            "supports_online": p.supports_count if counts_shown else None,
            "supports_on_paper": p.paper_supports_count if counts_shown else None,
            "keywords": [k.id for k in p.keywords], "themes": [t.id for t in p.themes],
            "agenda2030": [g.number for g in p.sdg_goals],
            "answer": {"status": p.answer_status.value, "text": p.answer_text},
            "url": url_for("proposals.show", proposal_id=p.id, _external=True),
        }, ensure_ascii=False)
    yield '], "comments": ['
    yield from _open_comments(process)
    yield "]}"


def _open_comments(process):
    """The published comments on the input, streamed: what was said and on which side,
    never who said it (only whether the municipality did)."""
    query = (select(Comment, Proposal.year, Proposal.number)
             .join(Proposal, Proposal.id == Comment.proposal_id)
             .where(_input(process), Comment.status == CommentStatus.PUBLISHED)
             .order_by(Comment.id).execution_options(yield_per=1000))
    for n, (c, year, number) in enumerate(db.session.execute(query)):
        yield ("," if n else "") + json.dumps({
            "id": c.id, "proposal": Proposal.format_reference(year, number),
            "answer_to": c.parent_id, "stance": c.stance.value, "text": c.body_text,
            "written": c.created_at.isoformat(), "helpful": c.helpful_count,
            "by_the_municipality": c.as_municipality,
        }, ensure_ascii=False)
