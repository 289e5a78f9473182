"""The moderators' pages for the insight engine's hints: accepting a suggested keyword,
the queue of likely duplicate pairs with one-step merge, and emerging themes made into
keywords. The hints are computed by `flask insight refresh`; these views only read them
and call one service per decision."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf import FlaskForm

from app import jobs
from app.forms import add_domain_error
from app.lookups import get_or_404, int_arg, process_or_404
from app.models import JobStatus, Proposal
from app.models.base import utcnow
from app.moderation.forms import ExistingKeywordForm, GroupKeywordForm, RevisionForm
from app.redirects import safe_next
from app.moderation.views import _back_to_review, _filters, _sent, bp, moderate
from app.services.review import merging, taxonomy
from app.services.errors import DomainError
from app.services.insight import decisions, hints


@bp.route("/forslag/<int:proposal_id>/foreslaget-nyckelord/<int:keyword_id>", methods=["POST"])
@moderate
def accept_suggestion(proposal_id, keyword_id):
    proposal = _sent(proposal_id)
    form = RevisionForm()
    if not form.validate_on_submit():
        abort(400)
    from_queue = request.form.get("then") == "queue"
    try:
        keyword = decisions.accept_suggestion(current_user, proposal, keyword_id=keyword_id,
                                              revision=form.revision.data, now=utcnow(),
                                              read=not from_queue)
    except DomainError as error:  # named: in the queue, fifty rows are one click away
        flash(f"{proposal.reference}: {error.message}", "error")
    else:
        flash(_("%(reference)s is tagged with %(keyword)s.", reference=proposal.reference,
                keyword=keyword.name), "success")
    if from_queue:  # back to the proposal's row, where the keyboard left off
        return redirect(url_for(".queue_page", slug=proposal.process.slug,
                                **_filters().args(), _anchor=f"rad-{proposal.id}"))
    return _back_to_review(proposal)


def _merge(source, target_id):
    """Merge `source` into the proposal `target_id`; the flash says how it went."""
    target = get_or_404(Proposal, target_id)
    form = RevisionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        moved, dropped = merging.merge(current_user, source, target,
                                       revision=form.revision.data, now=utcnow())
    except DomainError as error:  # named: the duplicates page lists a hundred pairs
        message = str(error.message)
        flash(message if source.reference in message else
              f"{source.reference}, {target.reference}: {message}", "error")
    else:
        flash(_("%(source)s is merged into %(target)s: %(moved)d supports moved, "
                "%(dropped)d already counted there.", source=source.reference,
                target=target.reference, moved=moved, dropped=dropped), "success")


@bp.route("/forslag/<int:proposal_id>/sammanfoga-med/<int:target_id>", methods=["POST"])
@moderate
def merge_suggested(proposal_id, target_id):
    source = _sent(proposal_id)
    _merge(source, target_id)
    return _back_to_review(source)


@bp.route("/forslag/<int:proposal_id>/ta-in/<int:source_id>", methods=["POST"])
@moderate
def merge_into_this(proposal_id, source_id):
    """From a review page, the other way: a likely duplicate merged into this proposal,
    which is kept (it has more supports, say), and the page stays on it."""
    target = _sent(proposal_id)
    source = _sent(source_id)
    if source.process_id != target.process_id:
        abort(404)
    _merge(source, target.id)
    return _back_to_review(target)


@bp.route("/<slug>/dubbletter")
@moderate
def duplicates(slug):
    process = process_or_404(slug)
    return render_template("moderation/duplicates.html", process=process,
                           pairs=hints.duplicate_pairs(process), model=hints.model_info(process),
                           shown_at_most=hints.DUPLICATES_SHOWN, decision_form=RevisionForm,
                           decided=hints.decided_not_the_same(process),
                           decided_at_most=hints.DECIDED_SHOWN,
                           may_compute=hints.may_compute_now(process))


@bp.route("/<slug>/dubbletter/<int:proposal_id>/in-i/<int:target_id>", methods=["POST"])
@moderate
def merge_pair(slug, proposal_id, target_id):
    process = process_or_404(slug)
    source = _sent(proposal_id)
    if source.process_id != process.id:
        abort(404)
    _merge(source, target_id)
    return redirect(url_for(".duplicates", slug=process.slug))


@bp.route("/<slug>/dubbletter/<int:first_id>/inte-samma/<int:second_id>", methods=["POST"])
@moderate
def not_the_same(slug, first_id, second_id):
    """A likely pair is not a duplicate: it leaves the queue and is not suggested again."""
    process = process_or_404(slug)
    one, other = _sent(first_id), _sent(second_id)
    if process.id not in (one.process_id, other.process_id):
        abort(404)
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        decided = decisions.not_the_same(current_user, one, other, now=utcnow())
    except DomainError as error:
        flash(f"{one.reference}, {other.reference}: {error.message}", "error")
    else:
        flash(_("%(first)s and %(second)s are not the same: they will not be suggested as "
                "duplicates again. A mistake can be taken back under Likely duplicates.",
                first=one.reference, second=other.reference) if decided else
              # another moderator, a moment ago
              _("%(first)s and %(second)s were already set aside as not the same.",
                first=one.reference, second=other.reference), "success")
    back = request.form.get("next")
    return redirect(safe_next(back) if back else url_for(".duplicates", slug=process.slug))


@bp.route("/<slug>/dubbletter/<int:first_id>/inte-samma/<int:second_id>/angra",
          methods=["POST"])
@moderate
def undo_not_the_same(slug, first_id, second_id):
    """Take back a "not the same" clicked in error: the pair may be suggested again."""
    process = process_or_404(slug)
    one, other = get_or_404(Proposal, first_id), get_or_404(Proposal, second_id)
    if process.id != one.process_id or process.id != other.process_id:
        abort(404)
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        listed = decisions.undo_not_the_same(current_user, one, other)
    except DomainError as error:
        flash(str(error.message), "error")
        return redirect(url_for(".duplicates", slug=process.slug))
    names = {"first": one.reference, "second": other.reference}
    if listed is None:
        flash(_("%(first)s and %(second)s were not set aside: there was nothing to take "
                "back.", **names), "info")
    elif listed:
        flash(_("%(first)s and %(second)s are among the likely duplicates again.", **names),
              "success")
    else:
        flash(_("Taken back: %(first)s and %(second)s come back among the likely duplicates "
                "if the next computation finds them alike.", **names), "success")
    return redirect(url_for(".duplicates", slug=process.slug))


def _theme_form(emerging, themes, formdata=None):
    form = GroupKeywordForm(formdata=formdata, prefix=f"grupp{emerging.id}",
                            data={"name": emerging.name, "theme_id": 0,
                                  "computed": _computed(emerging)})
    form.set_choices(themes)
    return form


def _computed(emerging):
    return emerging.computed_at.isoformat()


@bp.route("/<slug>/insikter/rakna-om", methods=["POST"])
@moderate
def refresh_insight(slug):
    """Compute the suggestions, likely duplicates and emerging themes again, as a job."""
    process = process_or_404(slug)
    asked = FlaskForm().validate_on_submit()
    if asked and not hints.may_compute_now(process):
        flash(_("With this many proposals the computation takes minutes, too long for a page "
                "to wait: it runs on the server's schedule (flask insight refresh), or from "
                "this button once a job queue is set up (REDIS_URL)."), "error")
    elif asked:
        job = jobs.enqueue_once("insight_refresh", process_id=process.id)
        if job.status == JobStatus.FAILED:
            flash(_("They could not be computed. The administrators see why under "
                    "Administration, Jobs."), "error")
        elif job.status == JobStatus.DONE:
            flash(_("Computed again."), "success")
        else:
            flash(_("They are being computed again; it takes a few minutes with many "
                    "proposals. Reload the page later."), "info")
    back = request.form.get("next")
    return redirect(safe_next(back) if back else url_for(".emerging_themes", slug=process.slug))


@bp.route("/<slug>/nya-teman")
@moderate
def emerging_themes(slug):
    return _render_emerging(process_or_404(slug))


def _render_emerging(process, failed=None):
    """The groups, each with its two forms (a new keyword, an existing one); `failed` is
    (group id, form) of a refused one, shown in its place."""
    themes, keywords = taxonomy.themes_of(process), taxonomy.keywords_of(process)
    members = hints.emerging_members(process)
    groups = []
    for emerging in hints.emerging_themes(process):
        if not members[emerging.id][0]:
            continue
        forms = [_theme_form(emerging, themes), _existing_form(emerging, keywords)]
        if failed and failed[0] == emerging.id:
            forms[isinstance(failed[1], ExistingKeywordForm)] = failed[1]
        groups.append((emerging, *forms))
    return render_template("moderation/emerging_themes.html", process=process, groups=groups,
                           model=hints.model_info(process), members=members,
                           may_compute=hints.may_compute_now(process),
                           left_out=hints.left_out(process),
                           left_out_at_most=hints.LEFT_OUT_SHOWN)


@bp.route("/<slug>/nya-teman/<int:group_id>", methods=["POST"])
@moderate
def keyword_from_theme(slug, group_id):
    def decide(emerging, form):
        keyword, tagged = decisions.keyword_from_theme(
            current_user, emerging, name=form.name.data, meaning=form.meaning.data,
            theme_id=form.theme_id.data, now=utcnow())
        return ngettext("The keyword %(name)s is created and %(num)d proposal is tagged "
                        "with it.", "The keyword %(name)s is created and %(num)d proposals "
                        "are tagged with it.", tagged, name=keyword.name)
    return _settle_group(slug, group_id, lambda emerging, process: _theme_form(
        emerging, taxonomy.themes_of(process), formdata=request.form), decide)


@bp.route("/<slug>/nya-teman/<int:group_id>/befintligt", methods=["POST"])
@moderate
def theme_to_keyword(slug, group_id):
    def decide(emerging, form):
        keyword, tagged = decisions.theme_to_keyword(
            current_user, emerging, keyword_id=form.keyword_id.data, now=utcnow())
        return ngettext("%(num)d proposal is tagged with %(name)s.",
                        "%(num)d proposals are tagged with %(name)s.", tagged, name=keyword.name)
    return _settle_group(slug, group_id, lambda emerging, process: _existing_form(
        emerging, taxonomy.keywords_of(process), formdata=request.form), decide)


GROUP_PAGE = 50  # a group's proposals on one page of its own


@bp.route("/<slug>/nya-teman/<int:group_id>/forslag")
@moderate
def emerging_group(slug, group_id):
    """Every proposal of a group, a page at a time, each of which can be left out of it:
    the emerging themes page shows the first ten."""
    process = process_or_404(slug)
    emerging = decisions.emerging_or_none(process, group_id)
    if emerging is None:
        flash(_("The groups have been computed again since you opened the page, and this "
                "one is gone. Read the groups again."), "error")
        return redirect(url_for(".emerging_themes", slug=process.slug))
    page = int_arg("sida") or 1
    shown, count = hints.group_members(emerging, page, GROUP_PAGE)
    pages = max(1, -(-count // GROUP_PAGE))
    if page > pages:
        return redirect(url_for(".emerging_group", slug=process.slug, group_id=emerging.id,
                                sida=pages if pages > 1 else None))
    return render_template("moderation/emerging_group.html", process=process,
                           emerging=emerging, shown=shown, count=count, page=page,
                           pages=pages)


@bp.route("/<slug>/nya-teman/<int:group_id>/utan/<int:proposal_id>", methods=["POST"])
@moderate
def leave_out(slug, group_id, proposal_id):
    """A proposal that does not belong to a group is left out of it."""
    process = process_or_404(slug)
    emerging = decisions.emerging_or_none(process, group_id)
    proposal = _sent(proposal_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    back = request.form.get("next")
    back = safe_next(back) if back else url_for(".emerging_themes", slug=process.slug)
    if emerging is None:
        flash(_("The groups have been computed again since you opened the page, and this "
                "one is gone. Read the groups again."), "error")
        return redirect(url_for(".emerging_themes", slug=process.slug))
    try:
        left_out = decisions.leave_out(current_user, emerging, proposal, now=utcnow())
    except DomainError as error:
        flash(str(error.message), "error")
    else:
        flash(_("%(reference)s is left out of the emerging themes: no group's keyword will "
                "tag it. Tag it on its review page.", reference=proposal.reference) if left_out
              else _("%(reference)s was already left out of the emerging themes.",
                     reference=proposal.reference), "success")
    return redirect(back)


@bp.route("/<slug>/nya-teman/utan/<int:proposal_id>/angra", methods=["POST"])
@moderate
def take_back_left_out(slug, proposal_id):
    """A proposal left out by mistake may be grouped again."""
    process = process_or_404(slug)
    proposal = _sent(proposal_id)
    if proposal.process_id != process.id:
        abort(404)
    if not FlaskForm().validate_on_submit():
        abort(400)
    if decisions.take_back_left_out(current_user, process, proposal):
        flash(_("%(reference)s may be grouped in the emerging themes again.",
                reference=proposal.reference), "success")
    else:
        flash(_("%(reference)s was not left out: there was nothing to take back.",
                reference=proposal.reference), "info")
    return redirect(url_for(".emerging_themes", slug=process.slug))


def _settle_group(slug, group_id, make_form, decide):
    """An emerging theme's group tagged by one of its two forms: `decide(emerging, form)`
    does it and says what was done. A group already tagged (a double submit, another
    moderator) says with what, and is left as it is."""
    process = process_or_404(slug)
    emerging = decisions.emerging_or_none(process, group_id)
    back = redirect(url_for(".emerging_themes", slug=process.slug))
    if emerging is None:  # a refresh replaced the groups since the page was read
        flash(_("The groups have been computed again since you opened the page, and this "
                "one is gone. Read the groups again."), "error")
        return back
    if emerging.keyword_id is not None:
        flash(_("This group is already tagged with %(name)s.", name=emerging.keyword.name),
              "info")
        return back
    form = make_form(emerging, process)
    if form.is_submitted() and form.computed.data != _computed(emerging):
        # Another group under the same number (SQLite reuses a deleted row's id): what was
        # typed is kept, to be tagged onto this group only once it has been read.
        form.computed.data = _computed(emerging)
        form.form_errors.append(_("The groups have been computed again since you opened "
                                  "the page: this group is not the one you read. Read it, "
                                  "then decide again."))
        return _render_emerging(process, failed=(emerging.id, form))
    if form.validate_on_submit():
        try:
            done = decide(emerging, form)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            flash(done, "success")
            return back
    return _render_emerging(process, failed=(emerging.id, form))


def _existing_form(emerging, keywords, formdata=None):
    form = ExistingKeywordForm(formdata=formdata, prefix=f"befintligt{emerging.id}",
                               data={"keyword_id": 0, "computed": _computed(emerging)})
    form.set_choices(keywords)
    return form
