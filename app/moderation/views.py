"""The moderators' workspace: queues, the review page (tags, decisions, answer, notes) and
bulk actions; the taxonomy and the audit log have modules of their own. Views stay thin:
each POST calls one service, which checks the rules and records the decision in the audit
log."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from app.extensions import db
from app.forms import add_domain_error
from app.models import ModerationMode, Process, Proposal, ProposalStatus
from app.models.base import utcnow
from app.moderation.forms import (AnswerForm, BulkForm, HideForm, MergeForm, NoteForm, QuoteForm,
                                  RevisionForm, TagForm)
from app.permissions import Permission, requires
from app.services import audit
from app.services.participation import proposals
from app.services.review import merging, moderation, queue, taxonomy
from app.services.errors import DomainError
from app.services.insight import compare as insight_compare
from app.services.insight import hints as insight_hints

from app import url_words
from app.lookups import get_or_404, int_arg, int_field, int_fields, process_or_404, word_arg

bp = Blueprint("moderation", __name__)
moderate = requires(Permission.MODERATE)


def _sent(proposal_id):
    proposal = get_or_404(Proposal, proposal_id)
    if not proposal.is_sent:
        abort(404)  # a draft is its author's alone
    return proposal


def _filters(default_queue=None):
    """The queue and filters a page was opened from. A review page opened from elsewhere
    (a proposal's public page, the audit log) is in no queue: `queue` is None."""
    return queue.QueueFilters(
        queue=word_arg("ko", url_words.QUEUES) or default_queue,
        focus_area=int_arg("fokusomrade"), channel=word_arg("kanal", url_words.CHANNELS),
        keyword=int_arg("nyckelord"), theme=int_arg("tema"), suggested=int_arg("foreslaget"),
        q=request.args.get("q", "")[:200], page=int_arg("sida") or 1)


@bp.route("/")
@moderate
def index():
    all_processes = db.session.scalars(select(Process).order_by(Process.created_at.desc())).all()
    if len(all_processes) == 1:
        return redirect(url_for(".queue_page", slug=all_processes[0].slug))
    return render_template("moderation/index.html", processes=all_processes)


@bp.route("/<slug>/")
@moderate
def queue_page(slug):
    process = process_or_404(slug)
    return _render_queue(process, _filters("new"), BulkForm(),
                         every_row=request.args.get("alla") == "1")


def _render_queue(process, filters, bulk_form, selected=(), every_row=False):
    """The queue page; `selected`: the rows ticked (a refused bulk action keeps them), or
    `every_row` of the page (a link ticks them all: there is no script to do it)."""
    counts = queue.counts(process)
    page = queue.browse(process, filters, counts)
    if not page.items and page.total and request.method == "GET":
        # Past the last page (an old link, the queue emptied meanwhile): the last one.
        return redirect(url_for(".queue_page", slug=process.slug,
                                **filters.args(sida=page.pages if page.pages > 1 else None)))
    if every_row:
        selected = [proposal.id for proposal in page.items]
    keywords = taxonomy.keywords_of(process)
    return render_template(
        "moderation/queue.html", process=process, filters=filters,
        page=page, counts=counts, keywords=keywords,
        suggested=insight_hints.listed_suggestions(page.items, keywords),
        model=insight_hints.model_info(process),
        decision_form=RevisionForm, themes=taxonomy.themes_of(process),
        goals=taxonomy.sdg_goals(), bulk_form=bulk_form,
        selected=set(selected), every_row=every_row,
        pre_moderated=process.moderation_mode == ModerationMode.BEFOREHAND)


@bp.route("/<slug>/massatgard", methods=["POST"])
@moderate
def bulk(slug):
    process = process_or_404(slug)
    filters = _filters("new")
    form = BulkForm()
    selected = int_fields("proposals")
    if form.validate_on_submit():
        action, _sep, value = request.form.get("action", "").partition(":")
        try:
            done = moderation.bulk(current_user, process, selected, action=action,
                                   value=value, now=utcnow())
        except DomainError as error:
            form.form_errors.append(error.message)
        else:
            flash(_("Done for %(num)d proposals.", num=done), "success")
            return redirect(url_for(".queue_page", slug=process.slug, **filters.args()))
    return _render_queue(process, filters, form, selected)


@bp.route("/forslag/<int:proposal_id>")
@moderate
def review(proposal_id):
    return _render_review(_sent(proposal_id))


def _render_review(proposal, tags_changed=False, **forms):
    process = proposal.process
    filters = _filters()
    revision = {"revision": proposal.revision}
    tag_form = forms.get("tag_form") or TagForm(formdata=None, data={
        **revision, "keywords": [k.id for k in proposal.keywords],
        "themes": [t.id for t in proposal.themes],
        "sdg_goals": [g.number for g in proposal.sdg_goals]})
    keywords = taxonomy.keywords_of(process)
    tag_form.set_choices(_with_current(keywords, proposal.keywords),
                         _with_current(taxonomy.themes_of(process), proposal.themes),
                         taxonomy.sdg_goals())
    answer_form = forms.get("answer_form") or AnswerForm(formdata=None, data={
        **revision, "answer_status": proposal.answer_status.value,
        "answer_text": proposal.answer_text})
    quote_form = forms.get("quote_form") or QuoteForm(formdata=None)
    quote_form.set_choices(proposal.themes)
    previous, following = (queue.neighbours(process, filters, proposal) if filters.queue
                           else (None, None))
    history, _total = audit.entries(audit.LogFilters(target_type="proposal",
                                                     target_id=proposal.id))
    merged_here = merging.merged_here(proposal)
    return render_template(
        "moderation/review.html", proposal=proposal, process=process, filters=filters,
        tag_form=tag_form, answer_form=answer_form,
        note_form=forms.get("note_form") or NoteForm(formdata=None), quote_form=quote_form,
        decision_form=RevisionForm(formdata=None, data=revision),
        reports=moderation.open_reports(proposal), previous=previous, following=following,
        keywords_by_theme=_by_theme(keywords), history=history,
        insight=insight_hints.review_hints(proposal),
        merge_record=(merging.open_merge(proposal)
                      if proposal.status == ProposalStatus.MERGED else None),
        merged_here=merged_here, came_with=merging.came_with(merged_here),
        tags_changed=tags_changed)


def _with_current(available, current):
    """The tags to offer: those in use, and any the proposal has that were archived since."""
    return [*available, *(tag for tag in current if tag not in available)]


def _by_theme(keywords):
    groups = {}
    for keyword in keywords:
        groups.setdefault(keyword.theme.name if keyword.theme else "", []).append(keyword)
    return groups


def _back_to_review(proposal, then=None):
    filters = _filters()
    if then == "next" and filters.queue:
        _previous, following = queue.neighbours(proposal.process, filters, proposal)
        if following is None:
            flash(_("That was the last proposal in this queue."), "success")
            return redirect(url_for(".queue_page", slug=proposal.process.slug,
                                    **filters.args(sida=None)))
        return redirect(url_for(".review", proposal_id=following, **filters.args(sida=None)))
    return redirect(url_for(".review", proposal_id=proposal.id, **filters.args(sida=None)))


@bp.route("/forslag/<int:proposal_id>/taggar", methods=["POST"])
@moderate
def save_tags(proposal_id):
    proposal = _sent(proposal_id)
    form = TagForm()
    form.set_choices(*_all_tags(proposal))
    # A suggested keyword's button submits this form: what else was ticked is saved with it.
    suggested = int_field("foreslaget")
    if suggested not in {choice.value for choice in form.keywords.choices}:
        suggested = None  # no keyword of this process: a page of no process of ours
    if suggested is not None and form.is_submitted() and \
            suggested not in (form.keywords.data or []):
        form.keywords.data = [*(form.keywords.data or []), suggested]
        form.keywords.raw_data = [*form.keywords.raw_data, str(suggested)]
    if form.validate_on_submit():
        try:
            moderation.set_tags(current_user, proposal, keyword_ids=form.keywords.data,
                                theme_ids=form.themes.data, sdg_numbers=form.sdg_goals.data,
                                revision=form.revision.data, now=utcnow(),
                                suggested=suggested)
        except moderation.StaleForm as error:
            add_domain_error(form, error)
            return _render_review(proposal, tag_form=_on_current(form, proposal),
                                  tags_changed=True)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            accepted = next((k.name for k in proposal.keywords if k.id == suggested), None)
            flash(_("The tags of %(reference)s are saved, with the suggested keyword "
                    "%(keyword)s.", reference=proposal.reference, keyword=accepted) if accepted
                  else
                  _("The tags of %(reference)s are saved.", reference=proposal.reference),
                  "success")
            return _back_to_review(proposal, request.form.get("then"))
    return _render_review(proposal, tag_form=form)


def _on_current(form, proposal):
    """A form refused as stale, made to save over what is stored now: the page shows what
    that is beside the moderator's own ticks, and saving again replaces it."""
    db.session.rollback()
    db.session.refresh(proposal)
    form.revision.data = str(proposal.revision)
    form.revision.raw_data = [form.revision.data]
    return form


def _all_tags(proposal):
    """Every tag of the process, archived included: the service says which may be used,
    so an archived one gets a clear message rather than 'not a valid choice'."""
    process = proposal.process
    return (taxonomy.keywords_of(process, archived=True),
            taxonomy.themes_of(process, archived=True), taxonomy.sdg_goals())


@bp.route("/forslag/<int:proposal_id>/svar", methods=["POST"])
@moderate
def answer(proposal_id):
    proposal = _sent(proposal_id)
    form = AnswerForm()
    if form.validate_on_submit():
        try:
            moderation.answer(current_user, proposal, status=form.answer_status.data,
                              text=form.answer_text.data, revision=form.revision.data,
                              now=utcnow())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            flash(_("The answer is saved."), "success")
            return _back_to_review(proposal)
    return _render_review(proposal, answer_form=form)


@bp.route("/forslag/<int:proposal_id>/anteckning", methods=["POST"])
@moderate
def add_note(proposal_id):
    proposal = _sent(proposal_id)
    form = NoteForm()
    if form.validate_on_submit():
        try:
            moderation.add_note(current_user, proposal, body=form.body.data, now=utcnow())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            flash(_("The note is saved."), "success")
            return _back_to_review(proposal)
    return _render_review(proposal, note_form=form)


@bp.route("/forslag/<int:proposal_id>/citat", methods=["POST"])
@moderate
def pick_quote(proposal_id):
    proposal = _sent(proposal_id)
    form = QuoteForm()
    form.set_choices(proposal.themes)
    if form.validate_on_submit():
        try:
            taxonomy.pick_quote(current_user, proposal, theme_id=form.theme_id.data,
                                text=form.text.data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            flash(_("The quote is saved for KSAU's summary."), "success")
            return _back_to_review(proposal)
    return _render_review(proposal, quote_form=form)


def _decide(proposal_id, decision, done_message):
    """Approve, restore, clear reports: a button with the revision it was pressed on."""
    proposal = _sent(proposal_id)
    form = RevisionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        decision(current_user, proposal, revision=form.revision.data, now=utcnow())
    except DomainError as error:
        flash(str(error.message), "error")
    else:
        flash(done_message, "success")
    return _back_to_review(proposal)


@bp.route("/forslag/<int:proposal_id>/godkann", methods=["POST"])
@moderate
def approve(proposal_id):
    return _decide(proposal_id, moderation.approve, _("The proposal is approved and published."))


@bp.route("/forslag/<int:proposal_id>/aterstall", methods=["POST"])
@moderate
def restore(proposal_id):
    return _decide(proposal_id, moderation.restore, _("The proposal is shown again."))


@bp.route("/forslag/<int:proposal_id>/avsluta-anmalningar", methods=["POST"])
@moderate
def clear_reports(proposal_id):
    return _decide(proposal_id, moderation.clear_reports, _("The reports are cleared."))


@bp.route("/forslag/<int:proposal_id>/dolj", methods=["GET", "POST"])
@moderate
def hide(proposal_id):
    proposal = _sent(proposal_id)
    reports = moderation.open_reports(proposal)
    form = HideForm(data={"revision": proposal.revision,
                          "reason": reports[0].reason.value if reports else None})
    if form.validate_on_submit():
        try:
            moderation.hide(current_user, proposal, reason=form.reason.data,
                            message=form.message.data, revision=form.revision.data,
                            now=utcnow())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            flash(_("The proposal is hidden and its author told why."), "success")
            return _back_to_review(proposal)
    return render_template("moderation/hide.html", form=form, proposal=proposal,
                           process=proposal.process, reports=reports, filters=_filters())


@bp.route("/forslag/<int:proposal_id>/sammanfoga", methods=["GET", "POST"])
@moderate
def merge(proposal_id):
    proposal = _sent(proposal_id)
    form = MergeForm(data={"revision": proposal.revision})
    if form.validate_on_submit():
        target = proposals.by_reference(form.target.data)
        try:
            moved, dropped = merging.merge(current_user, proposal, target,
                                           revision=form.revision.data, now=utcnow())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            flash(_("%(source)s is merged into %(target)s: %(moved)d supports moved, "
                    "%(dropped)d already counted there.", source=proposal.reference,
                    target=target.reference, moved=moved, dropped=dropped), "success")
            return _back_to_review(proposal)
    similar = _similar(proposal)
    # The example is a real reference: the likeliest one to keep, or another of the process.
    form.describe(similar[0].reference if similar else next(
        (reference for reference in proposals.example_references(proposal.process)
         if reference != proposal.reference), proposal.reference))
    return render_template("moderation/merge.html", form=form, proposal=proposal,
                           process=proposal.process, similar=similar, filters=_filters())


@bp.route("/forslag/<int:proposal_id>/angra-sammanslagning", methods=["POST"])
@moderate
def unmerge(proposal_id):
    """Take back a merge: from the merged proposal's page or from the one it went into."""
    proposal = _sent(proposal_id)
    form = RevisionForm()
    if not form.validate_on_submit():
        abort(400)
    record = merging.open_merge(proposal)
    # Pressed on the kept proposal's page: back to that page.
    kept = record.target if record and int_field("tillbaka") == record.target_id else None
    try:
        back, not_back = merging.unmerge(current_user, proposal, revision=form.revision.data,
                                         now=utcnow())
    except DomainError as error:
        flash(f"{proposal.reference}: {error.message}", "error")
    else:
        flash(_("%(reference)s is no longer merged: %(back)d supports are back on it.",
                reference=proposal.reference, back=back), "success")
        if not_back:
            flash(ngettext("%(num)d resident had since used that support on another "
                           "proposal, up to the limit, and did not get it back.",
                           "%(num)d residents had since used that support on another "
                           "proposal, up to the limit, and did not get it back.", not_back),
                  "info")
    return _back_to_review(kept or proposal)


def _similar(proposal):
    return insight_compare.similar_to(proposal, title_only=True)
