"""A change another request commits between what a page read and what its form sends is
seen, never overwritten: each test lets one request load what its view loads, has another
commit a change on a connection of its own, then runs the first request's service on what
it loaded. The rule holds and the first request is told why, in words. Where the rule is
a count, requests are also sent at the same moment (`at_once`)."""
import pytest
from sqlalchemy import func, select

from app import jobs
from app.extensions import db
from app.models import (Comment, CommentStatus, Feature, FollowUpPeriod, Goal, GoalStatus, Job,
                        JobStatus, Keyword, ModerationMode, PaperSupport, Phase, PhaseKind,
                        Place, Process, Proposal, ProposalStatus, Role, User)
from app.models.base import utcnow
from app.permissions import PermissionDenied
from app.services import goals
from app.services.discussion import comments
from app.services.errors import DomainError
from app.services.followup import periods
from app.services.participation import paper, proposals, supports
from app.services.people import users
from app.services.review import merging, moderation, taxonomy
from tests.support.concurrency import at_once, decided, meanwhile


def get(model, id_):
    return db.session.get(model, id_)


def _edit(proposal, author, title):
    return proposals.save_draft(proposal.process, author, title=title,
                                body="En helt annan text än den som någon har läst. " * 2,
                                focus_area_id=proposal.focus_area_id, district_id=None,
                                show_name=False, now=utcnow(), draft=proposal)


def test_an_author_cannot_change_a_proposal_someone_supported_meanwhile(
        app, make_process, make_proposal, make_user):
    process = make_process()
    author, backer = make_user(), make_user()
    sent = make_proposal(process, author=author, title="Fler bänkar längs ån")
    with app.test_request_context():
        proposal, user = get(Proposal, sent.id), get(User, author.id)
        assert proposal.can_edit(user, utcnow())  # the edit page opened
        meanwhile(app, lambda: supports.cast_support(get(User, backer.id),
                                                     get(Proposal, sent.id), utcnow()))
        with pytest.raises(DomainError, match="kan inte längre ändras"):
            _edit(proposal, user, "Något helt annat nu")
    with app.app_context():
        assert get(Proposal, sent.id).title == "Fler bänkar längs ån"


def test_an_authors_edit_never_undoes_a_moderators_hide(app, make_process, make_proposal,
                                                        make_user):
    process = make_process()
    with app.app_context():
        get(Process, process.id).moderation_mode = ModerationMode.BEFOREHAND
        db.session.commit()
    author, moderator = make_user(), make_user(role=Role.MODERATOR)
    sent = make_proposal(process, author=author)
    with app.app_context():
        get(Proposal, sent.id).status = ProposalStatus.PUBLISHED  # approved earlier
        db.session.commit()
    with app.test_request_context():
        proposal, user = get(Proposal, sent.id), get(User, author.id)
        assert proposal.can_edit(user, utcnow())

        def hide():
            target = get(Proposal, sent.id)
            moderation.hide(get(User, moderator.id), target, reason="offensive", message="",
                            revision=target.revision, now=utcnow())
        meanwhile(app, hide)
        with pytest.raises(DomainError, match="kan inte längre ändras"):
            _edit(proposal, user, "Ändrad titel efter att den doldes")
    with app.app_context():
        assert get(Proposal, sent.id).status == ProposalStatus.HIDDEN


def test_a_draft_sent_from_another_tab_is_not_discarded(app, make_process, make_proposal,
                                                        make_user):
    author = make_user()
    draft = make_proposal(make_process(), author=author, publish=False)
    with app.test_request_context():
        loaded = get(Proposal, draft.id)
        assert loaded.status == ProposalStatus.DRAFT  # the discard page's check
        meanwhile(app, lambda: proposals.publish(get(Proposal, draft.id), get(User, author.id),
                                                 utcnow()))
        with pytest.raises(DomainError, match="skickats under tiden"):
            proposals.discard_draft(loaded, get(User, author.id))
    with app.app_context():
        assert get(Proposal, draft.id).status == ProposalStatus.PUBLISHED


@pytest.fixture
def commented(app, make_process, make_proposal, make_user):
    """A pre-moderated process open for comments, and a comment waiting for approval."""
    process = make_process()
    with app.app_context():
        get(Process, process.id).moderation_mode = ModerationMode.BEFOREHAND
        phase = db.session.scalar(select(Phase).where(Phase.process_id == process.id,
                                                      Phase.kind == PhaseKind.DIALOGUE))
        phase.features = {Feature.SUBMIT, Feature.SUPPORT, Feature.COMMENT}
        db.session.commit()
    sent = make_proposal(process)
    author = make_user()
    with app.test_request_context():
        get(Proposal, sent.id).status = ProposalStatus.PUBLISHED
        db.session.commit()
        comment = comments.write(get(User, author.id), get(Proposal, sent.id),
                                 body="Bra idé, men dyr.", stance="for", now=utcnow())
        return {"comment": comment.id, "author": author.id, "proposal": sent.id}


def test_a_comment_its_author_deleted_meanwhile_is_not_approved(app, commented, make_user):
    moderator = make_user(role=Role.MODERATOR)
    with app.test_request_context():
        comment = get(Comment, commented["comment"])  # the moderator's queue
        assert comment.status == CommentStatus.PENDING
        meanwhile(app, lambda: comments.delete(get(User, commented["author"]),
                                               get(Comment, commented["comment"]), now=utcnow()))
        with pytest.raises(DomainError):
            comments.approve(get(User, moderator.id), comment, now=utcnow())
    with app.app_context():
        assert get(Comment, commented["comment"]).status == CommentStatus.DELETED


def test_two_moderators_picking_arguments_on_one_side_at_once_leave_one_picked(
        app, commented, make_user):
    """Picks at the same moment queue up on the proposal: one comment per side is
    picked, whichever came last."""
    with app.test_request_context():
        other = comments.write(make_and_get(make_user), get(Proposal, commented["proposal"]),
                               body="Det behövs verkligen.", stance="for", now=utcnow()).id
        for comment_id in (commented["comment"], other):
            get(Comment, comment_id).status = CommentStatus.PUBLISHED
        db.session.commit()
    moderators = [make_user(role=Role.MODERATOR) for _ in range(2)]
    picks = dict(zip((m.id for m in moderators), (commented["comment"], other)))
    for _round in range(3):
        def prepare(actor):
            comment = get(Comment, picks[actor.id])
            return lambda: comments.feature(actor, comment, now=utcnow())
        at_once(app, moderators, prepare)
        with app.app_context():
            assert db.session.scalar(select(func.count()).select_from(Comment).where(
                Comment.featured_at.is_not(None))) == 1


def make_and_get(make_user):
    return get(User, make_user().id)


def test_a_period_approved_meanwhile_is_not_changed(app, make_process, make_user):
    process = make_process()
    controller = make_user(role=Role.CONTROLLER)
    with app.test_request_context():
        get(Process, process.id).results_published_at = utcnow()  # what is followed up
        goal = Goal(process_id=process.id, title="Alla barn klarar skolan",
                    status=GoalStatus.PROPOSED)
        db.session.add(goal)
        db.session.commit()
        goal_id = goal.id
        period = periods.open_period(get(User, controller.id), get(Process, process.id),
                                     kind="interim", year=2026)
        periods.record(get(User, controller.id), period, readings={},
                       assessments={goal_id: ("partly", "På väg")})
        period_id = period.id
    with app.test_request_context():
        period = get(FollowUpPeriod, period_id)  # the period's form
        assert not period.is_approved
        meanwhile(app, lambda: periods.approve(get(User, controller.id),
                                               get(FollowUpPeriod, period_id), utcnow()))
        with pytest.raises(DomainError, match="godkänd och stängd"):
            periods.record(get(User, controller.id), period, readings={},
                           assessments={goal_id: ("not", "Ändrat efter godkännandet")})
    with app.app_context():
        assert get(FollowUpPeriod, period_id).assessments[0].text == "På väg"


def test_paper_supports_for_a_proposal_merged_meanwhile_are_refused(
        app, make_process, make_proposal, make_user):
    process = make_process()
    moderator = make_user(role=Role.MODERATOR)
    source = make_proposal(process, title="Fler bänkar vid ån nu")
    target = make_proposal(process, title="Bänkar längs hela ån")
    with app.app_context():
        place = Place(name="Biblioteket")
        db.session.add(place)
        db.session.commit()
        place_id = place.id
    with app.test_request_context():
        proposal = get(Proposal, source.id)  # the paper supports form
        assert proposal.is_public

        def merge():
            merged, kept = get(Proposal, source.id), get(Proposal, target.id)
            merging.merge(get(User, moderator.id), merged, kept, revision=merged.revision,
                          now=utcnow())
        meanwhile(app, merge)
        with pytest.raises(DomainError, match="publicerat förslag"):
            paper.record_supports(get(User, moderator.id), proposal, count=40,
                                  place_id=place_id, given_on=utcnow().date(), now=utcnow())
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(PaperSupport)) == 0
        assert get(Proposal, source.id).paper_supports_count == 0


def test_a_keyword_merged_as_a_proposal_is_tagged_never_stays_on_it(
        app, make_process, make_proposal, make_user):
    """One moderator merges a keyword into another while a second tags a proposal with it,
    at the same moment, five rounds: either the tag came first and the merge moved it, or
    the tagging is refused with words; no proposal keeps a merged keyword."""
    process = make_process()
    merger, tagger = make_user(role=Role.MODERATOR), make_user(role=Role.MODERATOR)
    for round_ in range(5):
        sent = make_proposal(process, title=f"Säkrare cykelvägar till skolan {round_}")
        with app.test_request_context():
            actor = get(User, merger.id)
            merged_away, kept = (taxonomy.save_keyword(actor, get(Process, process.id),
                                                       name=f"{name} {round_}", meaning="").id
                                 for name in ("Cykel", "Cykling"))

        def prepare(actor):
            if actor.id == merger.id:
                source, target = get(Keyword, merged_away), get(Keyword, kept)
                return lambda: taxonomy.merge_keywords(actor, source, target)
            proposal = get(Proposal, sent.id)
            taxonomy.keywords_of(proposal.process)  # the form's choices, read

            return lambda: decided(lambda: moderation.set_tags(
                actor, proposal, keyword_ids=[merged_away], theme_ids=[], sdg_numbers=[],
                revision=proposal.revision, now=utcnow()), "tagged")
        at_once(app, [merger, tagger], prepare)
        with app.app_context():
            assert get(Keyword, merged_away).merged_into_id == kept
            assert merged_away not in {k.id for k in get(Proposal, sent.id).keywords}


def test_a_goal_changed_by_another_member_meanwhile_keeps_their_change(
        app, make_process, make_user):
    process = make_process()
    first, second = make_user(role=Role.COMMITTEE), make_user(role=Role.COMMITTEE)
    with app.test_request_context():
        goal_id = goals.save(get(User, first.id), get(Process, process.id),
                             title="Alla barn klarar skolan", description="").id
    with app.test_request_context():
        goal = get(Goal, goal_id)  # both opened the same form
        opened_on = goal.revision
        meanwhile(app, lambda: goals.save(get(User, second.id), get(Process, process.id),
                                          title="Alla elever klarar skolan", description="",
                                          goal=get(Goal, goal_id), revision=opened_on))
        with pytest.raises(DomainError, match="ändrade målet medan"):
            goals.save(get(User, first.id), goal.process, title="Varje barn klarar skolan",
                       description="", goal=goal, revision=opened_on)
    with app.app_context():
        assert get(Goal, goal_id).title == "Alla elever klarar skolan"


def test_goals_created_at_once_stay_within_the_processs_limit(app, make_process, make_user):
    """Four members create a goal at the same moment with room for one, three rounds."""
    members = [make_user(role=Role.COMMITTEE) for _ in range(4)]
    process = make_process()
    with app.test_request_context():
        goals.save(get(User, members[0].id), get(Process, process.id),
                   title="Det första målet", description="")
    for room_for in (2, 3, 4):
        with app.app_context():
            get(Process, process.id).goals_limit = room_for
            db.session.commit()

        def prepare(actor):
            process_ = get(Process, process.id)

            return lambda: decided(lambda: goals.save(
                actor, process_, title=f"Ett mål av {actor.id}", description=""),
                "created", "refused")
        assert sorted(at_once(app, members, prepare)) == ["created"] + ["refused"] * 3
        with app.app_context():
            assert db.session.scalar(select(func.count()).select_from(Goal).where(
                Goal.process_id == process.id)) == room_for


def test_two_administrators_taking_each_others_role_leave_one(app, make_user):
    first, second = make_user(role=Role.ADMIN), make_user(role=Role.ADMIN)
    with app.test_request_context():
        actor, target = get(User, first.id), get(User, second.id)  # the user page
        meanwhile(app, lambda: users.set_role(get(User, second.id), get(User, first.id),
                                              role="moderator", active=True))
        with pytest.raises(PermissionDenied):
            users.set_role(actor, target, role="moderator", active=True)
    with app.app_context():
        assert db.session.scalars(select(User.id).where(User.role == Role.ADMIN)).all() == [
            second.id]


def test_a_failed_job_retried_twice_runs_once(app, monkeypatch):
    ran = []
    monkeypatch.setitem(jobs.TASKS, "noted", lambda: ran.append(1))
    with app.test_request_context():
        job = Job(name="noted", arguments="{}", status=JobStatus.FAILED, attempts=1)
        db.session.add(job)
        db.session.commit()
        job_id = job.id
    with app.test_request_context():
        job = get(Job, job_id)  # the jobs page, open in two tabs
        assert job.can_retry
        meanwhile(app, lambda: jobs.retry(get(Job, job_id)))
        assert jobs.retry(job) is False
    with app.app_context():
        assert ran == [1] and get(Job, job_id).status == JobStatus.DONE


def test_a_comment_on_a_proposal_hidden_meanwhile_is_refused(app, commented, make_user):
    resident, moderator = make_user(), make_user(role=Role.MODERATOR)
    with app.test_request_context():
        proposal = get(Proposal, commented["proposal"])  # the proposal's page
        assert proposal.status == ProposalStatus.PUBLISHED

        def hide():
            target = get(Proposal, commented["proposal"])
            moderation.hide(get(User, moderator.id), target, reason="offensive", message="",
                            revision=target.revision, now=utcnow())
        meanwhile(app, hide)
        with pytest.raises(DomainError):
            comments.write(get(User, resident.id), proposal, body="Håller med.",
                           stance="for", now=utcnow())
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Comment)) == 1


def test_helpful_marks_sent_at_once_are_each_counted(app, commented, make_user):
    """Six residents mark one comment at the same moment: six marks, a count of six, and
    no request waiting on another for ever (PostgreSQL would end one with a deadlock)."""
    with app.app_context():
        get(Comment, commented["comment"]).status = CommentStatus.PUBLISHED
        db.session.commit()
    residents = [make_user() for _ in range(6)]

    def prepare(actor):
        comment = get(Comment, commented["comment"])
        return lambda: comments.mark_helpful(actor, comment, now=utcnow())
    assert len(at_once(app, residents, prepare)) == 6
    with app.app_context():
        assert get(Comment, commented["comment"]).helpful_count == 6


def test_paper_supports_removed_twice_at_once_are_taken_away_once(
        app, make_process, make_proposal, make_user):
    process = make_process()
    moderators = [make_user(role=Role.MODERATOR) for _ in range(2)]
    sent = make_proposal(process)
    with app.test_request_context():
        place = Place(name="Biblioteket")
        db.session.add(place)
        db.session.commit()
        for count in (40, 5):
            paper.record_supports(get(User, moderators[0].id), get(Proposal, sent.id),
                                  count=count, place_id=place.id, given_on=utcnow().date(),
                                  now=utcnow())
        entry_id = db.session.scalar(select(PaperSupport.id).where(PaperSupport.count == 40))

    def prepare(actor):
        entry = get(PaperSupport, entry_id)

        return lambda: decided(lambda: paper.remove_supports(actor, entry), "removed",
                               "already")
    assert sorted(at_once(app, moderators, prepare)) == ["already", "removed"]
    with app.app_context():
        assert get(Proposal, sent.id).paper_supports_count == 5


def test_a_draft_discarded_twice_is_discarded_without_an_error(app, make_process,
                                                               make_proposal, make_user):
    author = make_user()
    draft = make_proposal(make_process(), author=author, publish=False)
    with app.test_request_context():
        loaded = get(Proposal, draft.id)
        meanwhile(app, lambda: proposals.discard_draft(get(Proposal, draft.id),
                                                       get(User, author.id)))
        proposals.discard_draft(loaded, get(User, author.id))  # no error: it is done
    with app.app_context():
        assert get(Proposal, draft.id) is None


def test_a_theme_merged_while_its_proposals_are_tagged_never_ends_in_a_server_error(
        app, make_process, make_proposal, make_user):
    """Tagging takes the keywords (shared) before its proposal; a theme merge now takes
    the theme's keywords before any proposal too: on PostgreSQL the two waited on each
    other until one was ended as a deadlock."""
    from app.models import Theme
    process = make_process()
    merger, tagger = make_user(role=Role.MODERATOR), make_user(role=Role.MODERATOR)
    for round_ in range(4):
        sent = make_proposal(process, title=f"Trygga cykelvägar till skolan {round_}")
        with app.test_request_context():
            old, new = (Theme(process_id=process.id, name=f"{name} {round_}")
                        for name in ("Cykel", "Resor"))
            keyword = Keyword(process_id=process.id, name=f"Cykelväg {round_}", theme=old)
            db.session.add_all([old, new, keyword])
            proposal = get(Proposal, sent.id)
            proposal.themes = [old]
            db.session.commit()
            old_id, new_id, keyword_id = old.id, new.id, keyword.id

        def prepare(actor):
            if actor.id == merger.id:
                source, target = get(Theme, old_id), get(Theme, new_id)

                def merge():
                    taxonomy.merge_themes(actor, source, target)
                    return "merged"
                return merge
            proposal = get(Proposal, sent.id)

            return lambda: decided(lambda: moderation.set_tags(
                actor, proposal, keyword_ids=[keyword_id], theme_ids=[], sdg_numbers=[],
                revision=proposal.revision, now=utcnow()), "tagged", "refused")
        outcomes = at_once(app, [merger, tagger], prepare)
        assert len(outcomes) == 2 and "merged" in outcomes
        with app.app_context():
            assert get(Keyword, keyword_id).theme_id == new_id


def test_a_lock_taken_and_let_go_changes_no_content(app, make_process, make_proposal,
                                                    make_user):
    """A decision refused after its lock (a comment on a proposal hidden meanwhile) leaves
    the proposal as it was, its last change too, and the content version: pages kept for
    that version stay valid."""
    from app.services import content_version, locking
    sent = make_proposal(make_process())
    with app.test_request_context():
        before = (content_version.current(), get(Proposal, sent.id).updated_at)
        locking.hold(get(Proposal, sent.id))
        locking.lock(Proposal, Proposal.id == sent.id, shared=True)
        db.session.commit()
    with app.test_request_context():
        assert (content_version.current(), get(Proposal, sent.id).updated_at) == before
