"""Drafting the goals from the input (KSAU), the evidence behind each, and publishing the
results to residents ("Så användes förslagen"). Each function is one unit of work; every
change to a goal is in the audit log with its author, time, before and after."""
import logging

from flask import render_template, url_for
from flask_babel import force_locale
from sqlalchemy import exists, func, or_, select, union, update
from sqlalchemy.orm import aliased, selectinload

from app.extensions import db
from app.i18n import format_period
from app.i18n import lazy_gettext as _l
from app.mail import MailNotSent, send_mail
from app import jobs
from app.models import (PUBLIC_STATUSES, SENT_STATUSES, Goal, GoalComment, GoalStatus, Process,
                        Proposal, ProposalStatus, ResultsNotice, Support, User,
                        proposal_keywords, proposal_themes)
from app.permissions import Permission, require
from app.services import audit, locking
from app.services.people import tokens
from app.services.review import moderation
from app.services.errors import DomainError, raise_any

log = logging.getLogger(__name__)
TITLE_LENGTH = (5, 200)
FIELDS = ("title", "description", "status", "decided_on", "decided_by")


def goals_of(process, *, public=False):
    """The process's goals; `public`: only those residents may see (proposed or decided)."""
    query = select(Goal).where(Goal.process_id == process.id)
    if public:
        query = query.where(Goal.status.in_((GoalStatus.PROPOSED, GoalStatus.DECIDED)))
    return db.session.scalars(
        query.order_by(Goal.position, Goal.id)
        .options(selectinload(Goal.themes), selectinload(Goal.keywords),
                 selectinload(Goal.proposals).selectinload(Proposal.merged_into),
                 selectinload(Goal.sdg_goals))).all()


def title_problem(title):
    """Why `title` cannot be a goal's, or None."""
    title = " ".join((title or "").split())
    if not TITLE_LENGTH[0] <= len(title) <= TITLE_LENGTH[1]:
        return DomainError(_l("Write a title of %(low)d–%(high)d characters.",
                              low=TITLE_LENGTH[0], high=TITLE_LENGTH[1]), "title")
    return None


def _links(goal):
    return {"themes": [t.name for t in goal.themes], "keywords": [k.name for k in goal.keywords],
            "sdg_goals": [g.number for g in goal.sdg_goals],
            "proposals": [p.reference for p in goal.proposals]}


def save(actor, process, *, title, description, theme_ids=(), keyword_ids=(), sdg_numbers=(),
         proposal_ids=(), goal=None, revision=None):
    """Create or change a goal and what it is linked to."""
    require(actor, Permission.DRAFT_GOALS)
    title = " ".join((title or "").split())
    raise_any([title_problem(title)])
    # Read again, locked, one change at a time per process: the limit on goals, a goal
    # decided or the results published since the form was opened, and another member's
    # edit of the same goal all hold.
    locking.hold(process)
    if goal is not None:
        locking.hold(goal)
    if goal is not None and goal.status == GoalStatus.DECIDED:
        raise DomainError(_l("A decided goal is not changed."))
    if process.results_published_at is not None:
        raise DomainError(_l("The results are published: the goals residents were told "
                             "about are not changed. Their status can still be decided."))
    if goal is not None and revision is not None and int(revision) != goal.revision:
        raise DomainError(_l("Someone changed this goal while you had it open. Look at it "
                             "again and redo your change if it is still needed."))
    # The same check as a moderator's tags: of this process, and in use (or already there).
    keywords, themes, goals = moderation.resolve_tags(
        process, keyword_ids, theme_ids, sdg_numbers, proposal=goal)
    proposals = _proposals(process, proposal_ids, kept=goal.proposals if goal else ())
    if goal is None:
        existing = db.session.scalar(select(func.count()).select_from(Goal).where(
            Goal.process_id == process.id))
        if existing >= process.goals_limit:
            raise DomainError(_l("This process may have at most %(max)d goals.",
                                 max=process.goals_limit))
    before = {**audit.snapshot(goal, *FIELDS), **_links(goal)} if goal else None
    goal = goal or Goal(process_id=process.id, status=GoalStatus.DRAFT,
                        position=db.session.scalar(select(func.count()).select_from(Goal).where(
                            Goal.process_id == process.id)) + 1)
    goal.title, goal.description = title, (description or "").strip()
    goal.themes, goal.keywords, goal.sdg_goals, goal.proposals = (themes, keywords, goals,
                                                                  proposals)
    goal.revision = (goal.revision or 0) + 1
    db.session.add(goal)
    after = {**audit.snapshot(goal, *FIELDS), **_links(goal)}
    changed = audit.changes(before, after) if before else (None, after)
    if changed:
        audit.record(actor, "goal.update" if before else "goal.create", goal,
                     before=changed[0], after=changed[1])
    db.session.commit()
    return goal


def _proposals(process, ids, kept=()):
    """Proposals given as evidence: of this process, and published (a hidden one cannot
    be newly linked to back a goal in public). One linked before it was hidden or merged
    stays linked (`kept`): the goal's evidence page says what became of it, and the goal
    can still be saved."""
    ids = {int(i) for i in ids or ()}
    found = db.session.scalars(select(Proposal).where(Proposal.id.in_(ids))).all() if ids else []
    if len(found) != len(ids) or any(p.process_id != process.id for p in found):
        raise DomainError(_l("Choose proposals of this process."), "proposals")
    hidden = [p.reference for p in found if p.status not in PUBLIC_STATUSES and p not in kept]
    if hidden:
        raise DomainError(_l("Only published proposals can back a goal; not %(references)s.",
                             references=", ".join(hidden)), "proposals")
    return found


def set_status(actor, goal, *, status, decided_on=None, decided_by=""):
    """Draft -> proposed to KS -> decided (with the date and the body, e.g. "KF 24/6")."""
    require(actor, Permission.DRAFT_GOALS)
    try:
        status = GoalStatus(status)
    except ValueError:
        raise DomainError(_l("Choose one of the statuses."), "status")
    if status == GoalStatus.DECIDED and (decided_on is None or not (decided_by or "").strip()):
        raise DomainError(_l("Give the date and the body that decided, like KF 24/6."),
                          "decided_on" if decided_on is None else "decided_by")
    locking.hold(goal.process)
    locking.hold(goal)
    if goal.process.results_published_at is not None and status == GoalStatus.DRAFT:
        raise DomainError(_l("The results are published: a goal residents were told about "
                             "does not go back to draft."), "status")
    before = audit.snapshot(goal, *FIELDS)
    goal.status = status
    goal.decided_on = decided_on if status == GoalStatus.DECIDED else None
    goal.decided_by = (decided_by or "").strip() if status == GoalStatus.DECIDED else ""
    goal.revision += 1
    changed = audit.changes(before, audit.snapshot(goal, *FIELDS))
    if changed:
        audit.record(actor, "goal.status", goal, before=changed[0], after=changed[1])
    db.session.commit()


def comment(actor, goal, body):
    require(actor, Permission.DRAFT_GOALS)
    body = (body or "").strip()
    if not body:
        raise DomainError(_l("Write the comment."), "body")
    db.session.add(GoalComment(goal_id=goal.id, author_id=actor.id, body=body[:5000]))
    db.session.commit()


def evidence(goal, limit=50):
    """The input behind a goal: the proposals it links, and those of its themes and
    keywords, most supported first; and how much of the input it leaves out."""
    behind = _behind(goal)
    query = (select(Proposal).where(behind).order_by(
        (Proposal.supports_count + Proposal.paper_supports_count).desc(), Proposal.id))
    total = db.session.scalar(select(func.count()).select_from(Proposal).where(behind))
    supports = db.session.execute(select(
        func.coalesce(func.sum(Proposal.supports_count), 0),
        func.coalesce(func.sum(Proposal.paper_supports_count), 0)).where(behind)).one()
    everything = db.session.scalar(select(func.count()).select_from(Proposal).where(
        Proposal.process_id == goal.process_id, Proposal.status.in_(PUBLIC_STATUSES)))
    covered = db.session.scalar(select(func.count()).select_from(Proposal).where(
        _behind_any(goal.process_id)))
    return {"proposals": db.session.scalars(query.limit(limit)).all(), "total": total,
            "supports": int(supports[0]), "paper_supports": int(supports[1]),
            "input": everything, "left_out": everything - covered}


LEFT_OUT_PER_PAGE = 50


def left_out(process, page=1):
    """The published input behind no goal of the process yet, most supported first, a page
    at a time: what KSAU has not taken up."""
    from app.services.participation.listing import Page
    where = (Proposal.process_id == process.id) & Proposal.status.in_(PUBLIC_STATUSES) & \
        Proposal.id.not_in(_covered_ids(process.id))
    total = db.session.scalar(select(func.count()).select_from(Proposal).where(where))
    page = max(1, min(page, -(-total // LEFT_OUT_PER_PAGE) or 1))
    items = db.session.scalars(
        select(Proposal).where(where).order_by(
            (Proposal.supports_count + Proposal.paper_supports_count).desc(), Proposal.id)
        .offset((page - 1) * LEFT_OUT_PER_PAGE).limit(LEFT_OUT_PER_PAGE)
        .options(selectinload(Proposal.themes))).all()
    return Page(items=items, total=total, page=page, per_page=LEFT_OUT_PER_PAGE)


def evidence_count(goal):
    """How many published proposals stand behind a goal (as evidence() counts them)."""
    return db.session.scalar(select(func.count()).select_from(Proposal).where(_behind(goal)))


def _linked_ids(goal):
    """The proposals a goal links, a merged one as the proposal it was merged into (its
    supports are there now)."""
    return [p.merged_into_id if p.status == ProposalStatus.MERGED and p.merged_into_id
            else p.id for p in goal.proposals]


def linked_elsewhere(goal):
    """The goal's linked proposals that no longer stand on their own: (proposal, the one
    it was merged into or None when hidden or withdrawn), for its evidence page."""
    return [(p, p.merged_into if p.status == ProposalStatus.MERGED else None)
            for p in goal.proposals if p.status not in PUBLIC_STATUSES]


def _behind(goal):
    """The input a goal rests on: linked directly (a merged one through the proposal it
    was merged into), or through its themes or keywords."""
    return (Proposal.process_id == goal.process_id) & Proposal.status.in_(PUBLIC_STATUSES) & or_(
        Proposal.id.in_(_linked_ids(goal)),
        exists().where(proposal_themes.c.proposal_id == Proposal.id,
                       proposal_themes.c.theme_id.in_([t.id for t in goal.themes])),
        exists().where(proposal_keywords.c.proposal_id == Proposal.id,
                       proposal_keywords.c.keyword_id.in_([k.id for k in goal.keywords])))


def _behind_any(process_id):
    """The process's published input behind some goal."""
    return (Proposal.process_id == process_id) & Proposal.status.in_(PUBLIC_STATUSES) & \
        Proposal.id.in_(_covered_ids(process_id))


def _covered_ids(process_id):
    """The ids of the proposals behind some goal of the process, as one set (a union read
    through the link tables' indexes): linked (a merged one as the proposal it went into),
    or tagged with a goal's theme or keyword. Read once per query, not once per proposal:
    at 100,000 proposals, a correlated test per proposal took a second and more."""
    from app.models import goal_keywords, goal_proposals, goal_themes
    in_process = select(Goal.id).where(Goal.process_id == process_id)
    merged = aliased(Proposal)
    return union(
        select(goal_proposals.c.proposal_id).where(goal_proposals.c.goal_id.in_(in_process)),
        select(merged.merged_into_id).join(goal_proposals,
                                           goal_proposals.c.proposal_id == merged.id)
        .where(goal_proposals.c.goal_id.in_(in_process), merged.merged_into_id.is_not(None)),
        select(proposal_themes.c.proposal_id).where(proposal_themes.c.theme_id.in_(
            select(goal_themes.c.theme_id).where(goal_themes.c.goal_id.in_(in_process)))),
        select(proposal_keywords.c.proposal_id).where(proposal_keywords.c.keyword_id.in_(
            select(goal_keywords.c.keyword_id).where(goal_keywords.c.goal_id.in_(in_process)))))


def goals_for(proposal):
    """The goals a proposal fed into, once the results are published."""
    return fed_into([proposal])[proposal.id]


def fed_into(proposals):
    """The published goals each proposal fed into: {proposal id: [goals]}, by link, theme
    or keyword; a merged one through the proposal it went into, a hidden or unsent one
    none. Each process's goals are read once, however many proposals."""
    found, goals_by_process = {}, {}
    for proposal in proposals:
        standing = proposal.merged_into if proposal.status == ProposalStatus.MERGED \
            else proposal
        if standing is None or standing.status not in PUBLIC_STATUSES or \
                standing.process.results_published_at is None:
            found[proposal.id] = []
            continue
        if standing.process_id not in goals_by_process:
            goals_by_process[standing.process_id] = [
                (goal, set(_linked_ids(goal)), set(goal.themes), set(goal.keywords))
                for goal in goals_of(standing.process, public=True)]
        themes, keywords = set(standing.themes), set(standing.keywords)
        found[proposal.id] = [goal for goal, linked, goal_themes, goal_keywords
                              in goals_by_process[standing.process_id]
                              if standing.id in linked or themes & goal_themes
                              or keywords & goal_keywords]
    return found


def publish_blockers(process, now):
    """Why the results cannot be published at `now`, in words; empty when they can. The
    input must be complete (the dialogue phase over) and a goal proposed or decided."""
    reasons = []
    if process.results_published_at is not None:
        reasons.append(ALREADY_PUBLISHED)
    dialogue = process.dialogue_open_until(now)
    if dialogue is not None:
        period = format_period(dialogue.starts_at, dialogue.ends_at)
        reasons.append(_l("The dialogue phase (%(period)s) is not over: residents can still "
                          "send and support proposals. The results can be published once it "
                          "has ended.", period=period))
    if not goals_of(process, public=True):
        reasons.append(_l("No goal is proposed or decided yet: there are no results to "
                          "publish."))
    return reasons


ALREADY_PUBLISHED = _l("The results are already published; residents were told then.")


def publish_results(actor, process, now):
    """The results page opens, and each resident who took part and asked to be told gets
    one email, whatever the number of their proposals and supports. Only once, and only
    when the dialogue phase is over."""
    require(actor, Permission.MANAGE_PROCESSES)
    locking.hold(process)  # as goals are saved: a goal sent back to draft meanwhile is seen
    reasons = publish_blockers(process, now)
    if reasons:
        raise DomainError(reasons[0])
    published = db.session.execute(
        update(type(process)).where(type(process).id == process.id,
                                    type(process).results_published_at.is_(None))
        .values(results_published_at=now)).rowcount
    if not published:
        db.session.rollback()
        raise DomainError(ALREADY_PUBLISHED)
    audit.record(actor, "process.publish_results", process, process_id=process.id,
                 after={"results_published_at": now})
    db.session.commit()
    told = len(recipients(process))
    jobs.enqueue("results_emails", process_id=process.id)
    return told


def recipients(process):
    took_part = or_(
        exists().where(Proposal.author_id == User.id, Proposal.process_id == process.id,
                       Proposal.status.in_(SENT_STATUSES)),
        exists().where(Support.user_id == User.id, Support.process_id == process.id))
    return db.session.scalars(select(User).where(
        User.notify_results.is_(True), User.deleted_at.is_(None), User.active.is_(True),
        took_part).order_by(User.id)).all()


@jobs.task("results_emails")
def tell_residents(process_id):
    """One email to each resident who took part and asked to be told; safe to run again:
    a resident already told (ResultsNotice) is skipped, and one whose mail failed is tried
    when the job runs again."""
    process = db.session.get(Process, process_id)
    told = set(db.session.scalars(select(ResultsNotice.user_id).where(
        ResultsNotice.process_id == process_id)))
    mail_residents(process, told, _l("What became of the proposals: %(title)s",
                                     title=process.title), "mail/results.txt",
                   lambda user: ResultsNotice(process_id=process_id, user_id=user.id),
                   "results")


def mail_residents(process, told, subject, template, record, what, **context):
    """Email each resident of `process` who asked to be told (but those in `told`), in
    Swedish, with the results page and an unsubscribe link; `record(user)` is the row
    that says they were told, committed with each mail; `what` names the mails in the
    log. Mails that fail are counted and raised at the end, so a job that runs again
    tries just those."""
    failed = 0
    with force_locale("sv"):
        link = url_for("public.results", slug=process.slug, _external=True)
        for user in recipients(process):
            if user.id in told:
                continue
            token = tokens.make_token("unsubscribe", user=user.id)
            body = render_template(template, process=process, link=link, **context,
                                   unsubscribe=url_for("public.unsubscribe", token=token,
                                                       _external=True))
            try:
                send_mail(user.email, str(subject), body)
            except MailNotSent:
                log.warning("%s mail to user %s not sent", what, user.id)
                failed += 1
                continue
            db.session.add(record(user))
            db.session.commit()
    if failed:
        raise MailNotSent(f"{failed} {what} emails not sent; they are tried again")


def unsubscribe_link_works(token):
    """Whether a link to stop the results emails can be used (read, not acted on)."""
    try:
        tokens.read_token("unsubscribe", token)
    except tokens.InvalidToken:
        return False
    return True


def unsubscribe(token):
    """Stop the results emails, from the link in one, without logging in."""
    payload = tokens.read_token("unsubscribe", token)
    user = db.session.get(User, payload["user"])
    if user is not None:
        user.notify_results = False
        db.session.commit()
    return user
