"""Proposals: the public list and page, writing one (draft, compare, preview, send),
editing and withdrawing it, and supporting others'."""
import hashlib
import time
from dataclasses import astuple, replace

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date, gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from app.extensions import configured_limit, db, limiter
from app.forms import add_domain_error
from app.http_cache import cacheable
from app.models import Feature, Proposal, ProposalStatus
from app.models.base import utcnow
from app.permissions import Permission, login_required, public
from app.proposals.forms import ProposalForm, ReportForm, WithdrawForm
from app.reach.views import should_ask
from app.redirects import safe_next
from app.services import goals, processes
from app.services.discussion import comments, digests
from app.services.participation import cards, listing, proposals, supports
from app.services.people import personal_data
from app.services.review import merging, taxonomy
from app.services.errors import DomainError
from app.services.insight import compare as insight_compare
from app.services.insight import spelling

from app import fragments, labels, url_words
from app.i18n import get_locale
from app.i18n import lazy_gettext as _l
from app.lookups import date_arg, int_arg, not_understood, process_or_404, word_arg

bp = Blueprint("proposals", __name__)


def _proposal(proposal_id):
    """A proposal the current user may see: every sent proposal is a public record (hidden
    and merged ones included); a pending one only its author and the moderators see, and a
    draft only its author."""
    proposal = db.session.get(Proposal, proposal_id) or abort(404)
    if proposal.status in (ProposalStatus.DRAFT, ProposalStatus.PENDING) and not (
            _is_author(proposal) or (proposal.status == ProposalStatus.PENDING
                                     and _is_moderator())):
        abort(404)
    return proposal


def _is_author(proposal):
    return proposal.author_id is not None and proposal.author_id == getattr(current_user, "id",
                                                                            None)


def _is_moderator():
    return current_user.is_authenticated and current_user.can(Permission.MODERATE)


def _own(proposal_id):
    proposal = _proposal(proposal_id)
    if proposal.author_id != current_user.id:
        abort(403)
    return proposal


SHUFFLE_EVERY = 600  # seconds: how long one random order is dealt to everyone arriving


def _shuffle_seed():
    """Where the random order starts: new every ten minutes, so no proposal stays first,
    and carried in the address (`blandning`) as the visitor turns the pages, so the order
    stays put for them. Nothing is kept about the visitor, and everyone arriving in the
    same ten minutes gets the same page, which a cache can keep."""
    given = int_arg("blandning")
    if given is not None:
        return given
    bucket = int(time.time() // SHUFFLE_EVERY)
    digest = hashlib.blake2b(str(bucket).encode(), digest_size=4).digest()
    return int.from_bytes(digest, "big") % (2**31 - 1) + 1


@bp.route("/process/<slug>/forslag")
@public
@cacheable
def index(slug):
    process = process_or_404(slug)
    show_counts = _show_counts(process)
    filters, ignored = _read_filters(show_counts)
    seed = _shuffle_seed()
    filter_panel = fragments.rendered(
        "proposals/_filters.html", (process.id, show_counts, astuple(replace(filters, page=1))),
        lambda: dict(process=process, filters=filters, show_counts=show_counts,
                     **_filter_choices(process, filters)))
    page_args = _page_args(filters, seed)
    page = listing.browse(process, filters, seed)
    meant = spelling.meant(filters.q, process) if filters.q.strip() and not page.total \
        else None
    return render_template("proposals/index.html", process=process, filters=filters,
                           page=page, page_args=page_args,
                           filter_panel=filter_panel, ignored=ignored, now=utcnow(),
                           show_counts=show_counts,
                           named_district=_named_district(filters, page_args),
                           meant=meant and (meant, dict(page_args, q=meant)))


def _named_district(filters, page_args):
    """A district the search names, with the list's address filtered by it instead:
    (district, the search's other words, the address's arguments). None if it names none."""
    if not filters.q.strip() or filters.district is not None:
        return None
    named = listing.district_named(filters.q, processes.districts())
    if named is None:
        return None
    district, rest = named
    args = {key: value for key, value in page_args.items() if key not in ("q", "sida")}
    args["omrade"] = district.id
    if rest:
        args["q"] = rest
    return district, rest, args


def _page_args(filters, seed):
    """The address's arguments for the other pages: the same filters, and in the random
    order the same shuffle."""
    args = {key: value for key, value in request.args.items() if key not in ("sida",)}
    if filters.sort == "random" and not filters.q.strip():
        args["blandning"] = seed
    return args


def _read_filters(show_counts):
    """The list's filters from the address, and the arguments it could not read."""
    sort = word_arg("ordning", url_words.SORTS)
    if sort == "supports" and not show_counts:
        sort = None  # while counts are hidden, ordering by them would reveal them
    filters = listing.Filters(
        q=request.args.get("q", "")[:200], focus_area=int_arg("fokusomrade"),
        district=int_arg("omrade"), status=word_arg("status", url_words.STATUSES),
        keyword=int_arg("nyckelord"), theme=int_arg("tema"), goal=int_arg("mal"),
        channel=word_arg("kanal", url_words.CHANNELS), day=date_arg("dag"),
        untagged=request.args.get("utan_nyckelord") == "1",
        sort=sort or "random", page=int_arg("sida") or 1)
    return filters, not_understood({
        "fokusomrade": filters.focus_area, "omrade": filters.district,
        "status": filters.status, "nyckelord": filters.keyword, "tema": filters.theme,
        "mal": filters.goal, "kanal": filters.channel, "dag": filters.day, "ordning": sort})


def _filter_choices(process, filters):
    """What the filter form offers, and the filters in force in words."""
    districts, keywords, themes = (processes.districts(), taxonomy.keywords_of(process),
                                   taxonomy.themes_of(process))
    goal_choices = [(g.number, f"{g.number}. {g.name(get_locale())}")
                    for g in taxonomy.sdg_goals()]
    chosen = _chosen(filters, {
        "focus_area": {a.id: a.name for a in process.focus_areas},
        "district": {d.id: d.name for d in districts},
        "keyword": {k.id: k.name for k in keywords}, "theme": {t.id: t.name for t in themes},
        "goal": dict(goal_choices), "channel": labels.CHANNELS,
        "status": labels.PROPOSAL_STATUSES})
    return {"districts": districts, "keywords": keywords, "themes": themes,
            "goal_choices": goal_choices, "chosen": chosen}


FILTER_NAMES = {"focus_area": _l("Focus area"), "district": _l("District"),
                "keyword": _l("Keyword"), "theme": _l("Strategy theme"),
                "goal": _l("Agenda 2030 goal"), "channel": _l("Channel"), "status": _l("Status")}


# Filters whose values are the municipality's own names, in Swedish whatever the page's
# language; the others' are the portal's words, translated.
CONTENT_FILTERS = {"focus_area", "district", "keyword", "theme"}


def _chosen(filters, names):
    """The filters in force, in words, for the line above the list: [(what, which, whether
    `which` is content)]. `names`: for each filter, the names of its values."""
    chosen = [(_("Search"), filters.q.strip(), False)]
    chosen += [(FILTER_NAMES[field], names[field].get(getattr(filters, field),
                                                      getattr(filters, field)),
                field in CONTENT_FILTERS)
               for field in FILTER_NAMES if getattr(filters, field) is not None]
    chosen.append((_("Came in"), filters.day and format_date(filters.day, "long"), False))
    chosen.append((_("Keywords"), filters.untagged and _("not yet tagged"), False))
    return [(what, which, content) for what, which, content in chosen if which]


def _show_counts(process):
    return not process.hide_support_counts or not process.is_open_for(Feature.SUPPORT, utcnow())


@bp.route("/forslag/<int:proposal_id>")
@public
@cacheable
def show(proposal_id):
    proposal = _proposal(proposal_id)
    now = utcnow()
    supported = supports.has_supported(current_user, proposal)
    # A hidden proposal's words are shown only to its author and the moderators.
    concealed = proposal.is_hidden and not (_is_author(proposal) or _is_moderator())
    return render_template(
        "proposals/show.html", proposal=proposal, process=proposal.process, now=now,
        supported=supported,
        ask_about_you=should_ask(current_user, proposal.process,
                                 supported or _is_author(proposal)),
        supports_left=(supports.supports_left(current_user, proposal.process)
                       if current_user.is_authenticated else None),
        support_open=proposal.process.is_open_for(Feature.SUPPORT, now),
        show_counts=_show_counts(proposal.process),
        concealed=concealed,
        similar=proposals.similar_for_page(proposal) if proposal.is_public else [],
        # A merged proposal's goals are those of the proposal it went into; hidden, none.
        goals=goals.goals_for(proposal),
        merged_here=merging.merged_into(proposal) if proposal.is_public else [],
        **_discussion(proposal, now))


def _discussion(proposal, now):
    """The comments on a sent proposal's page, in the order the address asks for."""
    if not proposal.is_sent or proposal.status == ProposalStatus.PENDING:
        return {"discussion": None}
    sort = word_arg("kommentarer", url_words.COMMENT_SORTS) or "oldest"
    return {"discussion": comments.thread(proposal, current_user, sort=sort,
                                          page=int_arg("kommentarsida") or 1),
            "arguments": comments.arguments_by_proposal([proposal.id]).get(proposal.id),
            "following": digests.follows(current_user, proposal),
            "comment_sort": sort, "comments_open": comments.is_open(proposal, now),
            "edit_window": comments.edit_window()}


@bp.route("/process/<slug>/forslag/nytt", methods=["GET", "POST"])
@login_required
def new(slug):
    return _write(process_or_404(slug), None)


@bp.route("/forslag/<int:proposal_id>/redigera", methods=["GET", "POST"])
@login_required
def edit(proposal_id):
    proposal = _own(proposal_id)
    if not proposal.can_edit(current_user, utcnow()):
        flash(_("This proposal can no longer be changed."), "error")
        return redirect(url_for(".show", proposal_id=proposal.id))
    return _write(proposal.process, proposal)


def _write(process, proposal):
    form = ProposalForm(obj=proposal)
    form.set_choices(process, processes.districts())
    if form.validate_on_submit():
        try:
            proposal = proposals.save_draft(
                process, current_user, draft=proposal, title=form.title.data,
                body=form.body.data, focus_area_id=form.focus_area_id.data,
                district_id=form.district_id.data, show_name=form.show_name.data,
                now=utcnow())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            if proposal.status == ProposalStatus.DRAFT:
                return redirect(url_for(".compare", proposal_id=proposal.id))
            flash(_("Your changes are saved."), "success")
            return redirect(url_for(".show", proposal_id=proposal.id))
    elif form.is_submitted():  # stopped by the form's own checks: the rest shown too
        # (a field the form refused, too long to be worth cleaning, is not read again)
        for problem in proposals.content_problems(
                process, title="" if form.title.errors else form.title.data,
                body="" if form.body.errors else form.body.data,
                focus_area_id=form.focus_area_id.data, district_id=form.district_id.data):
            if not getattr(form, problem.field).errors:
                add_domain_error(form, problem)
    return render_template("proposals/form.html", form=form, process=process,
                           proposal=proposal, open=process.is_open_for(Feature.SUBMIT, utcnow()))


@bp.route("/forslag/<int:proposal_id>/liknande")
@login_required
def compare(proposal_id):
    proposal = _own(proposal_id)
    if proposal.status != ProposalStatus.DRAFT:
        return redirect(url_for(".show", proposal_id=proposal.id))
    found = insight_compare.ranked(proposal)
    process, ids = proposal.process, [f.proposal.id for f in found]
    return render_template("proposals/compare.html", proposal=proposal,
                           similar=cards.cards(ids), likely={f.proposal.id for f in found
                                                             if f.likely},
                           show_counts=_show_counts(process),
                           may_support=process.is_open_for(Feature.SUPPORT, utcnow()),
                           supported=supports.supported_among(current_user, ids),
                           own=proposals.written_by(current_user, ids),
                           supports_left=supports.supports_left(current_user, process))


@bp.route("/forslag/<int:proposal_id>/granska")
@login_required
def preview(proposal_id):
    proposal = _own(proposal_id)
    if proposal.status != ProposalStatus.DRAFT:
        return redirect(url_for(".show", proposal_id=proposal.id))
    return render_template("proposals/preview.html", proposal=proposal,
                           process=proposal.process, personal=personal_data.find(
                               f"{proposal.title}\n{proposal.body_text}"))


@bp.route("/forslag/<int:proposal_id>/skicka", methods=["POST"])
@login_required
@limiter.limit(configured_limit("RATELIMIT_SUBMIT"))
def publish(proposal_id):
    proposal = _own(proposal_id)
    try:
        proposals.publish(proposal, current_user, utcnow())
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for(".preview", proposal_id=proposal.id))
    if proposal.status == ProposalStatus.PENDING:
        flash(_("Thank you! Your proposal %(ref)s is sent. A moderator reviews it before it is "
                "shown to others.", ref=proposal.reference), "success")
    else:
        flash(_("Thank you! Your proposal %(ref)s is published.", ref=proposal.reference),
              "success")
    return redirect(url_for(".show", proposal_id=proposal.id))


@bp.route("/forslag/<int:proposal_id>/kasta", methods=["GET", "POST"])
@login_required
def discard(proposal_id):
    """What deleting the draft means, and the button that does it."""
    proposal = _own(proposal_id)
    if proposal.status != ProposalStatus.DRAFT:
        return redirect(url_for(".show", proposal_id=proposal.id))
    process = proposal.process
    form = FlaskForm()
    if form.validate_on_submit():
        try:
            proposals.discard_draft(proposal, current_user)
        except DomainError as error:
            flash(error.message, "error")
            return redirect(url_for(".show", proposal_id=proposal_id))
        flash(_("The draft is deleted."), "success")
        return redirect(url_for(".index", slug=process.slug))
    return render_template("proposals/discard.html", proposal=proposal, form=form)


@bp.route("/forslag/<int:proposal_id>/dra-tillbaka", methods=["GET", "POST"])
@login_required
def withdraw(proposal_id):
    proposal = _own(proposal_id)
    if not proposal.can_withdraw(current_user, utcnow()):
        flash(_("This proposal cannot be withdrawn now."), "error")
        return redirect(url_for(".show", proposal_id=proposal.id))
    form = WithdrawForm()
    if form.validate_on_submit():
        try:
            proposals.withdraw(proposal, current_user, reason=form.reason.data,
                               note=form.note.data, now=utcnow())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            flash(_("Your proposal is withdrawn. It stays visible, marked as withdrawn."),
                  "success")
            return redirect(url_for(".show", proposal_id=proposal.id))
    return render_template("proposals/withdraw.html", form=form, proposal=proposal)


@bp.route("/forslag/<int:proposal_id>/anmal", methods=["GET", "POST"])
@login_required
@limiter.limit(configured_limit("RATELIMIT_REPORT"), methods=["POST"])
def report(proposal_id):
    proposal = _proposal(proposal_id)
    if not proposal.is_public:
        abort(404)  # nothing to report on a hidden, merged or unsent proposal
    form = ReportForm()
    if form.validate_on_submit():
        try:
            proposals.report(proposal, current_user, reason=form.reason.data,
                             note=form.note.data)
        except proposals.AlreadyReported as error:
            flash(error.message, "info")
            return redirect(url_for(".show", proposal_id=proposal.id))
        except DomainError as error:
            add_domain_error(form, error)
        else:
            flash(_("Thank you. The moderators will look at the proposal."), "success")
            return redirect(url_for(".show", proposal_id=proposal.id))
    return render_template("proposals/report.html", form=form, proposal=proposal)


@bp.route("/forslag/<int:proposal_id>/stod", methods=["POST"])
@login_required
@limiter.limit(configured_limit("RATELIMIT_SUPPORT"))
def support(proposal_id):
    proposal = _proposal(proposal_id)
    try:
        supports.cast_support(current_user, proposal, utcnow())
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(_("You support the proposal."), "success")
    back = request.form.get("next")  # the compare step, where a draft waits
    return redirect(safe_next(back) if back else url_for(".show", proposal_id=proposal_id))


@bp.route("/forslag/<int:proposal_id>/stod/ta-tillbaka", methods=["POST"])
@login_required
def withdraw_support(proposal_id):
    proposal = _proposal(proposal_id)
    try:
        removed = supports.withdraw_support(current_user, proposal, utcnow())
    except DomainError as error:
        flash(error.message, "error")
    else:
        if removed:
            flash(_("You no longer support the proposal."), "success")
    back = request.form.get("next")
    return redirect(safe_next(back) if back else url_for(".show", proposal_id=proposal_id))
