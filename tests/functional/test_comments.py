"""Comments on proposals: for, against or neutral, one level of answers, changed by their
author for a short while, deleted leaving a note in their place, marked helpful once,
sorted; every bad input refused with a message and nothing half done."""
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from app.extensions import db
from app.models import (Comment, CommentStatus, Feature, HelpfulMark, Phase, PhaseKind, Proposal,
                        ProposalStatus, Role, User)
from app.models.base import utcnow
from app.services.discussion import comments
from tests.conftest import AuthActions, submit
from tests.support.queries import page_queries


@pytest.fixture
def open_comments(app):
    """Switch comments on in a process's dialogue phase."""
    def switch_on(process):
        with app.app_context():
            phase = db.session.scalar(select(Phase).where(Phase.process_id == process.id,
                                                          Phase.kind == PhaseKind.DIALOGUE))
            phase.features = {Feature.SUBMIT, Feature.SUPPORT, Feature.COMMENT}
            db.session.commit()
        return process
    return switch_on


@pytest.fixture
def process(make_process, open_comments):
    return open_comments(make_process())


@pytest.fixture
def proposal(process, make_proposal):
    return make_proposal(process)


def as_resident(app, make_user, **fields):
    client = app.test_client()
    user = make_user(role=Role.RESIDENT, **fields)
    assert AuthActions(client).login(user.email).status_code == 302
    return client, user


def write(client, proposal, body="Jag håller med, bänkar behövs.", stance="for",
          parent=None, **more):
    url = (f"/kommentarer/{parent}/svara" if parent else f"/forslag/{proposal.id}/kommentera")
    return submit(client, url, {"body": body, "stance": stance, **more})


def stored(app, **where):
    with app.app_context():
        query = select(Comment).order_by(Comment.id)
        for name, value in where.items():
            query = query.where(getattr(Comment, name) == value)
        found = db.session.scalars(query).all()
        for comment in found:
            db.session.expunge(comment)
        return found


def page(client, proposal, query=""):
    response = client.get(f"/forslag/{proposal.id}{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_two_residents_discuss_for_against_and_an_answer(app, make_user, proposal):
    first, _ = as_resident(app, make_user, display_name="Anna")
    second, _ = as_resident(app, make_user, display_name="Bertil")
    response = write(first, proposal, body="Bra idé.\n\nSe https://example.org/bankar")
    assert response.status_code == 302 and response.location.endswith("#kommentar-1")
    [comment] = stored(app)
    assert comment.stance == "for" and comment.status == CommentStatus.PUBLISHED
    assert '<a href="https://example.org/bankar" rel="nofollow noopener">' in comment.body
    assert comment.body.count("<p>") == 2
    assert write(second, proposal, body="Det kostar för mycket.", stance="against"
                 ).status_code == 302
    assert write(second, proposal, body="Var ska de stå?", stance="neutral",
                 parent=comment.id).status_code == 302
    html = page(first, proposal)
    assert "Diskussion" in html and "Anna" in html and "Bertil" in html
    assert "För förslaget" in html and "Emot förslaget" in html
    assert 'class="comments comments--answers"' in html and "Var ska de stå?" in html
    [answer] = stored(app, parent_id=comment.id)
    assert answer.author_id != comment.author_id


def test_the_form_page_and_the_link_to_it(client, app, make_user, proposal):
    assert "Logga in för att kommentera" in page(client, proposal)
    resident, _ = as_resident(app, make_user)
    assert f'href="/forslag/{proposal.id}/kommentera"' in page(resident, proposal)
    html = resident.get(f"/forslag/{proposal.id}/kommentera").get_data(as_text=True)
    assert "Skriv en kommentar" in html and 'name="as_municipality"' not in html


@pytest.mark.parametrize("body, message", [
    ("   ", "Skriv kommentaren."),
    ("x" * 2001, "Högst 2000 tecken."),
    (" ".join(f"https://spam.example.org/{n}" for n in range(4)), "högst 3 länkar"),
])
def test_empty_oversize_and_link_spam_comments_are_refused(app, make_user, proposal, body,
                                                           message):
    resident, _ = as_resident(app, make_user)
    response = write(resident, proposal, body=body)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and message in html.replace("\u00a0", "")
    assert not stored(app)


def test_a_stance_must_be_chosen(app, make_user, proposal):
    resident, _ = as_resident(app, make_user)
    html = write(resident, proposal, stance="maybe", body="Mitt ord").get_data(as_text=True)
    assert "Mitt ord" in html and not stored(app)


@pytest.mark.parametrize("status", [ProposalStatus.HIDDEN, ProposalStatus.WITHDRAWN,
                                    ProposalStatus.MERGED])
def test_no_comments_on_hidden_withdrawn_or_merged_proposals(app, make_user, proposal, status):
    resident, _ = as_resident(app, make_user)
    with app.app_context():
        db.session.execute(update(Proposal).values(status=status))
        db.session.commit()
    form = resident.get(f"/forslag/{proposal.id}/kommentera").get_data(as_text=True)
    assert "Bara publicerade förslag kan diskuteras" in form
    html = write(resident, proposal).get_data(as_text=True)
    assert "Bara publicerade förslag kan diskuteras" in html and not stored(app)


def test_no_comments_when_the_phase_has_them_off(app, make_user, make_process, make_proposal):
    proposal = make_proposal(make_process())  # comments not switched on
    resident, _ = as_resident(app, make_user)
    assert f"/forslag/{proposal.id}/kommentera" not in page(resident, proposal)
    html = write(resident, proposal).get_data(as_text=True)
    assert "Kommentarer är inte öppna i den här fasen" in html and not stored(app)


def test_unconfirmed_residents_cannot_comment(app, make_user, proposal):
    resident, user = as_resident(app, make_user)
    with app.app_context():
        db.session.execute(update(User).where(User.id == user.id).values(email_verified_at=None))
        db.session.commit()
    assert "Bekräfta din e-postadress för att kommentera" in page(resident, proposal)
    html = write(resident, proposal).get_data(as_text=True)
    assert "Bekräfta din e-postadress" in html and not stored(app)


def test_answers_cannot_be_answered(app, make_user, proposal):
    resident, _ = as_resident(app, make_user)
    write(resident, proposal)
    write(resident, proposal, parent=1, stance="neutral")
    [answer] = stored(app, parent_id=1)
    assert f"/kommentarer/{answer.id}/svara" not in page(resident, proposal)
    html = write(resident, proposal, parent=answer.id).get_data(as_text=True)
    assert "Svar kan inte besvaras" in html and len(stored(app)) == 2


def test_authors_change_their_comment_for_a_short_while(app, make_user, proposal):
    resident, _ = as_resident(app, make_user)
    write(resident, proposal)
    assert "/kommentarer/1/redigera" in page(resident, proposal)
    assert submit(resident, "/kommentarer/1/redigera",
                  {"body": "Nu tycker jag annat.", "stance": "against"}).status_code == 302
    [comment] = stored(app)
    assert comment.body == "<p>Nu tycker jag annat.</p>" and comment.stance == "against"
    assert "(ändrad)" in page(resident, proposal)
    token_page = "/kommentarer/1/redigera"
    with app.app_context():
        db.session.execute(update(Comment).values(created_at=utcnow() - timedelta(minutes=16)))
        db.session.commit()
    assert "/kommentarer/1/redigera" not in page(resident, proposal)
    response = resident.get(token_page, follow_redirects=True)
    assert "kan ändras i 15 minuter" in response.get_data(as_text=True)
    with app.app_context():
        with pytest.raises(comments.DomainError):
            comments.edit(db.session.get(User, comment.author_id),
                          db.session.get(Comment, 1), body="Igen", stance="for", now=utcnow())
    assert stored(app)[0].body_text == "Nu tycker jag annat."


def test_another_residents_comment_cannot_be_changed_or_deleted(app, make_user, proposal):
    author, _ = as_resident(app, make_user)
    other, _ = as_resident(app, make_user)
    write(author, proposal, body="Mitt eget ord.")
    html = page(other, proposal)
    assert "/kommentarer/1/redigera" not in html and "/kommentarer/1/ta-bort" not in html
    for url in ("/kommentarer/1/redigera", "/kommentarer/1/ta-bort"):
        response = other.get(url, follow_redirects=True)
        assert "Bara den som skrev en kommentar" in response.get_data(as_text=True)
        response = submit(other, url, {"body": "Kapad", "stance": "for"},
                          form_page=f"/forslag/{proposal.id}", follow_redirects=True)
        assert "Bara den som skrev en kommentar" in response.get_data(as_text=True)
    [comment] = stored(app)
    assert comment.body_text == "Mitt eget ord." and comment.status == CommentStatus.PUBLISHED


def test_a_deleted_comment_leaves_a_note_and_its_answers(app, make_user, proposal):
    author, _ = as_resident(app, make_user)
    other, _ = as_resident(app, make_user)
    write(author, proposal, body="Snart borta.")
    write(other, proposal, body="Ett svar som står kvar.", parent=1, stance="neutral")
    assert submit(author, "/kommentarer/1/ta-bort", {}).status_code == 302
    html = page(other, proposal)
    assert "Kommentaren är borttagen av skribenten." in html
    assert "Snart borta." not in html and "Ett svar som står kvar." in html
    assert stored(app, id=1)[0].body_text == "Snart borta."  # kept: a public record


def test_helpful_once_per_resident_and_never_ones_own(app, make_user, proposal):
    author, _ = as_resident(app, make_user)
    reader, _ = as_resident(app, make_user)
    write(author, proposal)
    assert "/kommentarer/1/hjalpsam" not in page(author, proposal)
    html = submit(author, "/kommentarer/1/hjalpsam", {}, form_page=f"/forslag/{proposal.id}",
                  follow_redirects=True).get_data(as_text=True)
    assert "Du kan inte markera din egen kommentar" in html
    for _ in range(2):
        html = submit(reader, "/kommentarer/1/hjalpsam", {},
                      form_page=f"/forslag/{proposal.id}",
                      follow_redirects=True).get_data(as_text=True)
    assert "Du har redan markerat" in html and "Du tyckte att den var hjälpsam." in html
    assert stored(app)[0].helpful_count == 1


def test_the_database_keeps_one_helpful_mark_when_two_arrive_at_once(app, make_user,
                                                                     proposal):
    author, reader = make_user(), make_user()
    with app.app_context():
        comment = comments.write(db.session.get(User, author.id),
                                 db.session.get(Proposal, proposal.id), body="Ett argument",
                                 stance="for", now=utcnow())
        comment_id = comment.id
    start, outcomes = threading.Barrier(2), []

    def click():
        with app.app_context():
            user, target = db.session.get(User, reader.id), db.session.get(Comment, comment_id)
            start.wait()
            try:
                comments.mark_helpful(user, target, now=utcnow())
                outcomes.append("marked")
            except comments.AlreadyMarked:
                outcomes.append("already")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["already", "marked"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(HelpfulMark)) == 1
        assert db.session.get(Comment, comment_id).helpful_count == 1


def test_sorted_oldest_newest_and_most_helpful(app, make_user, proposal):
    resident, _ = as_resident(app, make_user)
    for word in ("Första", "Andra", "Tredje"):
        write(resident, proposal, body=f"{word} kommentaren")
    with app.app_context():
        db.session.execute(update(Comment).where(Comment.id == 2).values(helpful_count=5))
        db.session.commit()

    def order(query):
        html = page(resident, proposal, query)
        html = html[html.index('<ol class="comments">'):]  # the list, not the arguments above
        return sorted(("Första", "Andra", "Tredje"), key=lambda w: html.index(f"{w} kommentaren"))
    assert order("") == ["Första", "Andra", "Tredje"]
    assert order("?kommentarer=nyast") == ["Tredje", "Andra", "Första"]
    assert order("?kommentarer=mest-hjalpsamma") == ["Andra", "Första", "Tredje"]


def test_comments_are_rate_limited_per_account(app, make_user, proposal):
    app.config["RATELIMIT_COMMENT"] = "2 per hour"
    first, _ = as_resident(app, make_user)
    second, _ = as_resident(app, make_user)
    assert [write(first, proposal).status_code for _ in range(3)] == [302, 302, 429]
    assert write(second, proposal).status_code == 302


def test_a_page_with_many_comments_runs_a_fixed_number_of_queries(app, client, make_user,
                                                                  proposal):
    def queries(url):
        return page_queries(app, client, url)

    def add(count):
        with app.app_context():
            users = [make_user() for _ in range(3)]
            for n in range(count):
                parent = Comment(proposal_id=proposal.id, process_id=proposal.process_id,
                                 author_id=users[n % 3].id, body="<p>Ja</p>", body_text="Ja",
                                 stance="for")
                db.session.add(parent)
                db.session.flush()
                db.session.add(Comment(proposal_id=proposal.id, process_id=proposal.process_id,
                                       author_id=users[(n + 1) % 3].id, parent_id=parent.id,
                                       body="<p>Nej</p>", body_text="Nej", stance="against"))
            db.session.commit()

    add(2)
    few = queries(f"/forslag/{proposal.id}")
    add(250)
    assert queries(f"/forslag/{proposal.id}") == few
    html = client.get(f"/forslag/{proposal.id}?kommentarsida=6").get_data(as_text=True)
    assert "Sida 6 av 6" in html


def test_the_demo_has_discussions_with_answers_and_a_hidden_comment(app, client):
    from app.services import demo
    with app.app_context():
        demo.load_demo("testing")
        first = db.session.scalar(select(Proposal).order_by(Proposal.number).limit(1))
        discussed = db.session.scalar(select(func.count(func.distinct(Comment.proposal_id))))
        marks = db.session.scalar(select(func.count()).select_from(HelpfulMark))
        assert marks == db.session.scalar(select(func.sum(Comment.helpful_count)))
    assert discussed >= 3
    html = page(client, first)
    assert "För förslaget" in html and "Emot förslaget" in html and "Officiellt" in html
    assert 'class="comments comments--answers"' in html
    second = stored(app, status=CommentStatus.HIDDEN)[0]
    html = client.get(f"/forslag/{second.proposal_id}").get_data(as_text=True)
    assert "Den bryter mot regeln: Det pekar ut eller identifierar en person." in html
    assert "Kalle P" not in html


def test_ksau_reads_the_arguments_for_and_against_per_theme_and_proposal(
        app, client, make_user, proposal, login_as):
    from app.models import Theme
    from app.services.reporting import summary
    with app.app_context():
        theme = Theme(process_id=proposal.process_id, name="Trygghet")
        db.session.add(theme)
        db.session.get(Proposal, proposal.id).themes = [theme]
        db.session.commit()
        target = db.session.get(Proposal, proposal.id)
        for stance, text, helpful in (("for", "Ljus ger trygghet", 1),
                                      ("for", "Fler går ut på kvällen", 4),
                                      ("against", "Det kostar för mycket", 2),
                                      ("neutral", "Vilka vägar gäller det?", 9)):
            comment = comments.write(db.session.get(User, make_user().id), target, body=text,
                                     stance=stance, now=utcnow())
            comment.helpful_count = helpful
        hidden = comments.write(db.session.get(User, make_user().id), target,
                                body="Dolt argument", stance="against", now=utcnow())
        hidden.status, hidden.helpful_count = CommentStatus.HIDDEN, 50
        db.session.commit()
        found = summary.summarise(target.process).arguments[theme.id]
        assert (found.for_count, found.against_count) == (2, 1)
        assert found.best_for.body_text == "Fler går ut på kvällen"
        assert found.best_against.body_text == "Det kostar för mycket"
        slug = target.process.slug
    login_as(Role.COMMITTEE)
    html = client.get(f"/ksau/{slug}/").get_data(as_text=True)
    assert "Argument i diskussionen" in html and "2 kommentarer för" in html
    assert "1 kommentar emot" in html and "Fler går ut på kvällen" in html
    assert "Dolt argument" not in html and "kommentarer: 2 för, 1 emot" in html
    packet = client.get(f"/ksau/{slug}/underlag").get_data(as_text=True)
    assert "Fler går ut på kvällen" in packet


def test_open_data_has_the_published_comments_without_who_wrote_them(app, client, make_user,
                                                                     proposal):
    import json
    author = make_user(display_name="Anna Andersson")
    with app.app_context():
        target = db.session.get(Proposal, proposal.id)
        first = comments.write(db.session.get(User, author.id), target, body="Bra förslag",
                               stance="for", now=utcnow())
        comments.write(db.session.get(User, make_user().id), target, body="Svar", now=utcnow(),
                       stance="neutral", parent=first)
        deleted = comments.write(db.session.get(User, author.id), target, body="Ångrar mig",
                                 stance="against", now=utcnow())
        comments.delete(db.session.get(User, author.id), deleted, now=utcnow())
        slug = target.process.slug
    data = json.loads(client.get(f"/process/{slug}/oppna-data.json").data)
    assert [(c["stance"], c["text"], c["answer_to"]) for c in data["comments"]] == [
        ("for", "Bra förslag", None), ("neutral", "Svar", 1)]
    flat = json.dumps(data, ensure_ascii=False)
    assert "Anna" not in flat and "@example.org" not in flat and "Ångrar" not in flat


def test_my_data_has_my_comments_and_deleting_the_account_keeps_them_unnamed(
        app, make_user, proposal):
    from app.services.people import accounts
    resident, user = as_resident(app, make_user, display_name="Anna")
    write(resident, proposal, body="Mitt argument.")
    other, _ = as_resident(app, make_user)
    write(other, proposal, body="Ett annat argument.", stance="against")
    submit(resident, "/kommentarer/2/hjalpsam", {}, form_page=f"/forslag/{proposal.id}")
    submit(resident, "/kommentarer/2/anmal", {"reason": "off_topic"})
    data = resident.get("/mina-sidor/mina-uppgifter.json").get_json()
    assert [c["text"] for c in data["comments"]] == ["Mitt argument."]
    assert data["helpful_marks"][0]["comment"] == 2
    assert data["comment_reports"][0]["reason"] == "off_topic"
    with app.app_context():
        accounts.delete_account(db.session.get(User, user.id), password="correct-horse-battery")
        assert db.session.scalar(select(HelpfulMark.user_id)) is None
    html = page(other, proposal)
    assert "Mitt argument." in html and "Anna" not in html


def test_the_spreadsheets_count_each_proposals_comments_for_and_against(
        app, client, make_user, proposal, login_as):
    import csv
    import io
    with app.app_context():
        target = db.session.get(Proposal, proposal.id)
        for stance in ("for", "for", "against", "neutral"):
            comments.write(db.session.get(User, make_user().id), target, body="Ett ord",
                           stance=stance, now=utcnow())
        slug = target.process.slug
    login_as(Role.COMMITTEE)
    rows = list(csv.DictReader(io.StringIO(client.get(f"/ksau/{slug}/forslag.csv")
                                           .data.decode("utf-8-sig")), delimiter=";"))
    assert (rows[0]["Kommentarer för"], rows[0]["Kommentarer emot"]) == ("2", "1")


def test_a_comment_sent_twice_is_one_comment(app, make_user, proposal):
    """A double click, or the page sent again: the same words from the same resident a
    moment later are the same comment, also when the requests arrive at once. Other
    words, or the same words under another comment, are another comment."""
    from tests.support.concurrency import at_once
    client, resident = as_resident(app, make_user)
    assert write(client, proposal).status_code == 302
    assert write(client, proposal).status_code == 302
    assert len(stored(app)) == 1

    def prepare(actor):
        target = db.session.get(Proposal, proposal.id)
        return lambda: comments.write(actor, target, body="Samma ord, två klick.",
                                      stance="for", now=utcnow()).id
    assert len(set(at_once(app, [resident] * 3, prepare))) == 1
    write(client, proposal, body="Något annat att säga om bänkarna.")
    write(client, proposal, parent=1)
    assert len(stored(app)) == 4


def test_only_a_confirmed_account_can_report(app, make_user, proposal):
    """Reports hide things after a few of them, and unconfirmed addresses cost nothing to
    make: such an account is asked to confirm first, and its report is not counted."""
    writer, _ = as_resident(app, make_user)
    write(writer, proposal)
    unconfirmed, someone = as_resident(app, make_user)
    with app.app_context():
        db.session.get(User, someone.id).email_verified_at = None
        db.session.commit()
    for url, form_page in ((f"/forslag/{proposal.id}/anmal", None),
                           ("/kommentarer/1/anmal", None)):
        assert "Bekräfta din e-postadress först" in unconfirmed.get(url).get_data(as_text=True)
        response = submit(unconfirmed, url, {"reason": "illegal"}, form_page=form_page)
        assert "Bekräfta din e-postadress först" in response.get_data(as_text=True)
    with app.app_context():
        from app.models import CommentReport, Report
        assert db.session.scalar(select(func.count()).select_from(Report)) == 0
        assert db.session.scalar(select(func.count()).select_from(CommentReport)) == 0
