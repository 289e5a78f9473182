"""The moderators' decisions on proposals: tags, approval, hiding by the published rules,
restoring, reports, the municipality's answer and private notes (merging: `merging`).

Each function is one unit of work, checks the actor's permission itself, writes its audit
entry in the same transaction, and refuses a form opened before the proposal last changed
(`revision`), so no moderator silently overwrites another's decision.
"""
from sqlalchemy import select, update
from sqlalchemy.orm.attributes import set_committed_value

from app.extensions import db
from app.i18n import AT_MOST_CHARACTERS, filled_in
from app.i18n import lazy_gettext as _l
from app.models import (AnswerStatus, Keyword, ModeratorNote, Proposal, ProposalStatus,
                        Report, ReportReason, SdgGoal, Theme)
from app.permissions import Permission, PermissionDenied, require
from app.sanitize import plain_text
from app.services import audit, locking, notifications
from app.services.participation import proposals
from app.services.errors import DomainError

TAG_FIELDS = ("keywords", "themes", "sdg_goals")
ANSWER_LENGTH = 5000
NOTE_LENGTH = 5000
MESSAGE_LENGTH = 2000


class StaleForm(DomainError):
    pass


STALE = _l("Someone changed this proposal while you had it open. Look at it again and "
           "redo your change if it is still needed.")


def claim(proposal, revision):
    """Take the proposal for one change: refused if `revision` (what the form was opened
    on) is not the current one, and, by a conditional update, if another moderator's change
    lands between our read and our write."""
    if revision is not None and _number(revision) != proposal.revision:
        raise StaleForm(STALE)
    claimed = db.session.execute(
        update(Proposal).where(Proposal.id == proposal.id,
                               Proposal.revision == proposal.revision)
        .values(revision=Proposal.revision + 1)).rowcount
    if not claimed:
        db.session.rollback()
        raise StaleForm(STALE)
    set_committed_value(proposal, "revision", proposal.revision + 1)


def _number(revision):
    """A form's revision as a number; a junk one (hand-made, or a form from no page of
    ours) counts as stale."""
    try:
        return int(revision)
    except (TypeError, ValueError):
        raise StaleForm(STALE) from None


def _tag_names(proposal):
    return {"keywords": [k.name for k in proposal.keywords],
            "themes": [t.name for t in proposal.themes],
            "sdg_goals": [g.number for g in proposal.sdg_goals]}


def _chosen(model, ids, process, field, message, kept=()):
    """The tags with `ids`, each of `process` and in use; an archived one only if it is in
    `kept` (already on the proposal: archiving never takes a tag away)."""
    try:
        ids = {int(i) for i in ids or ()}
    except (TypeError, ValueError):
        raise DomainError(message, field)
    if not ids:
        return []
    key = SdgGoal.number if model is SdgGoal else model.id
    if model is not SdgGoal:  # a keyword merged or archived meanwhile is seen as it is now
        locking.lock(model, key.in_(ids), shared=True)
    found = db.session.scalars(select(model).where(key.in_(ids))
                               .execution_options(populate_existing=True)).all()
    if len(found) != len(ids) or any(
            getattr(item, "process_id", process.id) != process.id
            or (getattr(item, "archived_at", None) and item not in kept) for item in found):
        raise DomainError(message, field)
    return found


def resolve_tags(process, keyword_ids=(), theme_ids=(), sdg_numbers=(), proposal=None):
    """The chosen tags, each checked to belong to `process` and be in use (or already on
    `proposal`)."""
    return (
        _chosen(Keyword, keyword_ids, process, "keywords",
                _l("Choose among this process's keywords."),
                kept=proposal.keywords if proposal else ()),
        _chosen(Theme, theme_ids, process, "themes", _l("Choose among this process's themes."),
                kept=proposal.themes if proposal else ()),
        _chosen(SdgGoal, sdg_numbers, process, "sdg_goals",
                _l("Choose among the 17 Agenda 2030 goals.")),
    )


def mark_reviewed(proposal, now):
    """A moderator has looked at the proposal: it leaves the queue of new ones. One waiting
    for approval stays there until it is approved or hidden: tagging it decides nothing
    about publishing it."""
    if proposal.status != ProposalStatus.PENDING:
        proposal.reviewed_at = proposal.reviewed_at or now


def set_tags(actor, proposal, *, keyword_ids, theme_ids, sdg_numbers, revision, now,
             suggested=None):
    """Tag a proposal. A keyword's theme comes with it; the proposal counts as reviewed
    (`mark_reviewed`). `suggested`: a keyword among `keyword_ids` the moderator added by
    accepting its suggestion, which the audit log says."""
    require(actor, Permission.MODERATE)
    _require_sent(proposal)
    _refuse_merged(proposal)
    keywords, themes, goals = resolve_tags(proposal.process, keyword_ids, theme_ids,
                                           sdg_numbers, proposal=proposal)
    claim(proposal, revision)
    before = _tag_names(proposal)
    themes = {t.id: t for t in [*themes, *(k.theme for k in keywords if k.theme)]}
    proposal.keywords, proposal.themes = keywords, list(themes.values())
    proposal.keyword_count = len(keywords)
    proposal.sdg_goals = goals
    mark_reviewed(proposal, now)
    after = _tag_names(proposal)
    accepted = next((k for k in keywords if k.id == suggested), None)
    if accepted is not None:
        audit.record(actor, "proposal.tag_suggestion", proposal, before=before,
                     after={**after, "suggested": accepted.name})
    elif before != after:
        audit.record(actor, "proposal.tag", proposal, before=before, after=after)
    else:
        audit.record(actor, "proposal.review", proposal)
    db.session.commit()


def add_tags(proposal, keywords=(), themes=(), goals=()):
    """Add tags to what `proposal` has (bulk tagging, merging); within a unit of work."""
    for current, new in ((proposal.keywords, keywords), (proposal.themes, themes),
                         (proposal.sdg_goals, goals)):
        for tag in new:
            if tag not in current:
                current.append(tag)
    proposal.keyword_count = len(proposal.keywords)


def approve(actor, proposal, *, revision, now):
    """A pre-moderated proposal is published."""
    require(actor, Permission.MODERATE)
    if proposal.status != ProposalStatus.PENDING:
        raise DomainError(_l("Only a proposal waiting for a moderator can be approved."))
    claim(proposal, revision)
    proposal.status, proposal.reviewed_at = ProposalStatus.PUBLISHED, proposal.reviewed_at or now
    proposals.link_similar(proposal)
    audit.record(actor, "proposal.approve", proposal, before={"status": "pending"},
                 after={"status": "published"})
    db.session.commit()
    notifications.tell_author(proposal, _l("Your proposal %(reference)s is published",
                                           reference=proposal.reference),
                              "mail/proposal_approved.txt")


def hide(actor, proposal, *, reason, message, revision, now):
    """Hide a proposal citing one of the published rules. It is never deleted: its page
    says it was hidden and why; its author is told, with the moderator's message."""
    require(actor, Permission.MODERATE)
    if proposal.status not in (ProposalStatus.PENDING, ProposalStatus.PUBLISHED,
                               ProposalStatus.WITHDRAWN, ProposalStatus.HIDDEN):
        raise DomainError(_l("This proposal cannot be hidden."))
    try:
        reason = ReportReason(reason)
    except ValueError:
        raise DomainError(_l("Choose which rule the proposal breaks."), "reason")
    message = plain_text(message or "").strip()
    if len(message) > MESSAGE_LENGTH:
        raise DomainError(filled_in(AT_MOST_CHARACTERS, max=MESSAGE_LENGTH), "message")
    claim(proposal, revision)
    before = audit.snapshot(proposal, "status", "hidden_reason", "hidden_message")
    if proposal.status != ProposalStatus.HIDDEN:
        proposal.status_before_hidden = proposal.status
    proposal.status, proposal.hidden_reason, proposal.hidden_message = (
        ProposalStatus.HIDDEN, reason, message)
    proposal.hidden_at = proposal.hidden_at or now
    proposal.reviewed_at = proposal.reviewed_at or now
    upheld = _resolve_reports(proposal, upheld=True, now=now)
    audit.record(actor, "proposal.hide", proposal, before=before, after={
        **audit.snapshot(proposal, "status", "hidden_reason", "hidden_message"),
        "reports_upheld": upheld})
    db.session.commit()
    notifications.tell_author(proposal, _l("Your proposal %(reference)s has been hidden",
                                           reference=proposal.reference),
                              "mail/proposal_hidden.txt")


def restore(actor, proposal, *, revision, now):
    """Undo a hiding: the proposal returns to where it was; open reports are cleared."""
    require(actor, Permission.MODERATE)
    if proposal.status != ProposalStatus.HIDDEN:
        raise DomainError(_l("Only a hidden proposal can be restored."))
    claim(proposal, revision)
    before = audit.snapshot(proposal, "status", "hidden_reason", "hidden_message")
    told = proposal.hidden_reason is not None
    # Back to where it was: a pending proposal still waits for its approval.
    proposal.status = proposal.status_before_hidden or ProposalStatus.PUBLISHED
    proposal.status_before_hidden = None
    proposal.hidden_at, proposal.hidden_reason, proposal.hidden_message = None, None, ""
    proposal.reviewed_at = proposal.reviewed_at or now
    cleared = _resolve_reports(proposal, upheld=False, now=now)
    audit.record(actor, "proposal.restore", proposal, before=before,
                 after={"status": proposal.status, "reports_cleared": cleared})
    db.session.commit()
    if told:
        notifications.tell_author(proposal, _l("Your proposal %(reference)s is shown again",
                                               reference=proposal.reference),
                                  "mail/proposal_restored.txt")


def clear_reports(actor, proposal, *, revision, now):
    """The reports do not hold: they are closed, and a proposal the reports hid returns."""
    require(actor, Permission.MODERATE)
    if not open_reports(proposal):
        raise DomainError(_l("This proposal has no open reports."))
    if proposal.status == ProposalStatus.HIDDEN and proposal.hidden_reason is None:
        return restore(actor, proposal, revision=revision, now=now)
    claim(proposal, revision)
    cleared = _resolve_reports(proposal, upheld=False, now=now)
    proposal.reviewed_at = proposal.reviewed_at or now
    audit.record(actor, "proposal.clear_reports", proposal, after={"reports_cleared": cleared})
    db.session.commit()


def open_reports(proposal):
    return db.session.scalars(select(Report).where(
        Report.proposal_id == proposal.id, Report.resolved_at.is_(None))
        .order_by(Report.created_at)).all()


def _resolve_reports(proposal, *, upheld, now):
    return db.session.execute(
        update(Report).where(Report.proposal_id == proposal.id, Report.resolved_at.is_(None))
        .values(resolved_at=now, upheld=upheld)).rowcount


def _refuse_merged(proposal):
    """A merged proposal's tags would not reach the one it was merged into: tag that one."""
    if proposal.status == ProposalStatus.MERGED:
        raise already_merged(proposal)


def already_merged(proposal):
    """The error for a decision on a proposal merged meanwhile, saying where it went."""
    return DomainError(_l("%(reference)s is already merged into %(target)s.",
                          reference=proposal.reference,
                          target=proposal.merged_into.reference), "target")


def answer(actor, proposal, *, status, text, revision, now):
    """The municipality's public answer: a status and, if wanted, a text."""
    require(actor, Permission.MODERATE)
    _require_sent(proposal)
    try:
        status = AnswerStatus(status)
    except ValueError:
        raise DomainError(_l("Choose one of the answers."), "answer_status")
    text = plain_text(text or "").strip()
    if len(text) > ANSWER_LENGTH:
        raise DomainError(filled_in(AT_MOST_CHARACTERS, max=ANSWER_LENGTH), "answer_text")
    claim(proposal, revision)
    before = audit.snapshot(proposal, "answer_status", "answer_text")
    proposal.answer_status, proposal.answer_text, proposal.answered_at = status, text, now
    audit.record(actor, "proposal.answer", proposal, before=before,
                 after=audit.snapshot(proposal, "answer_status", "answer_text"))
    db.session.commit()


def add_note(actor, proposal, *, body, now):
    """A private note for the moderators; residents never see it."""
    require(actor, Permission.MODERATE)
    body = plain_text(body or "").strip()
    if not body:
        raise DomainError(_l("Write the note."), "body")
    if len(body) > NOTE_LENGTH:
        raise DomainError(filled_in(AT_MOST_CHARACTERS, max=NOTE_LENGTH), "body")
    note = ModeratorNote(proposal_id=proposal.id, author_id=actor.id, body=body, created_at=now)
    db.session.add(note)
    audit.record(actor, "proposal.note", proposal, after={"note": body})
    db.session.commit()
    return note


BULK_ACTIONS = ("keyword", "theme", "sdg_goal", "reviewed", "approve", "answer_status")
BULK_LIMIT = 200


def bulk(actor, process, proposal_ids, *, action, value, now):
    """One action on many proposals, all or nothing: add a tag, mark as reviewed, approve,
    or set the answer's status."""
    require(actor, Permission.MODERATE)
    ids = sorted({int(i) for i in proposal_ids or ()})
    if not ids:
        raise DomainError(_l("Select at least one proposal."), "proposals")
    if len(ids) > BULK_LIMIT:
        raise DomainError(_l("Select at most %(max)d proposals at a time.", max=BULK_LIMIT),
                          "proposals")
    if action not in BULK_ACTIONS:
        raise DomainError(_l("Choose what to do with the selected proposals."), "action")
    chosen = db.session.scalars(select(Proposal).where(Proposal.id.in_(ids))).all()
    if len(chosen) != len(ids) or any(p.process_id != process.id or not p.is_sent
                                      for p in chosen):
        raise DomainError(_l("Select proposals of this process only."), "proposals")
    apply = _bulk_action(process, action, value)
    try:
        for proposal in chosen:
            claim(proposal, None)
            before = _bulk_snapshot(action, proposal)
            apply(proposal, now)
            audit.record(actor, f"proposal.bulk_{action}", proposal, before=before,
                         after=_bulk_snapshot(action, proposal))
    except DomainError:
        db.session.rollback()
        raise
    db.session.commit()
    if action == "approve":
        for proposal in chosen:
            notifications.tell_author(proposal, _l("Your proposal %(reference)s is published",
                                                   reference=proposal.reference),
                                      "mail/proposal_approved.txt")
    return len(chosen)


def _bulk_snapshot(action, proposal):
    if action in ("keyword", "theme", "sdg_goal"):
        return _tag_names(proposal)
    if action == "reviewed":
        return {"reviewed_at": proposal.reviewed_at}
    return audit.snapshot(proposal, "status" if action == "approve" else "answer_status")


def _bulk_action(process, action, value):
    if action in ("keyword", "theme", "sdg_goal"):
        value_ids = [value] if value not in (None, "") else []
        if not value_ids:
            raise DomainError(_l("Choose the tag to add."), "value")
        keywords, themes, goals = resolve_tags(
            process, value_ids if action == "keyword" else (),
            value_ids if action == "theme" else (), value_ids if action == "sdg_goal" else ())

        def apply(proposal, now):  # ticked in a list, by its title: still new
            _refuse_merged(proposal)
            extra_themes = [k.theme for k in keywords if k.theme]
            add_tags(proposal, keywords, [*themes, *extra_themes], goals)
        return apply
    if action == "reviewed":
        def apply(proposal, now):
            if proposal.status == ProposalStatus.PENDING:
                raise DomainError(_l("%(reference)s waits for approval: it is reviewed when "
                                     "approved or hidden.", reference=proposal.reference),
                                  "proposals")
            mark_reviewed(proposal, now)
        return apply
    if action == "approve":
        def apply(proposal, now):
            if proposal.status != ProposalStatus.PENDING:
                raise DomainError(_l("Only proposals waiting for a moderator can be approved; "
                                     "%(reference)s is not.", reference=proposal.reference),
                                  "proposals")
            proposal.status, proposal.reviewed_at = ProposalStatus.PUBLISHED, now
            proposals.link_similar(proposal)
        return apply
    try:
        status = AnswerStatus(value)
    except ValueError:
        raise DomainError(_l("Choose one of the answers."), "value")

    def apply(proposal, now):
        proposal.answer_status, proposal.answered_at = status, now
    return apply


def _require_sent(proposal):
    if not proposal.is_sent:
        raise PermissionDenied("moderate draft")
