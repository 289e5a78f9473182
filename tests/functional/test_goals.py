"""KSAU drafts goals linked to their evidence; the results page and the proposal pages show
the trace; residents who asked are told once."""
import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Goal, Keyword, Process, Proposal, ProposalStatus, Role, Theme, User
from app.models.base import utcnow
from app.services.participation import supports
from tests.conftest import submit


@pytest.fixture
def process(make_process):
    return make_process()


@pytest.fixture
def evidence(app, process, make_proposal, make_user):
    """Two themes; three proposals in the first, one hidden; authors and a supporter who
    asked to be told, and one author who did not."""
    told = make_user(email="vill-veta@example.org")
    silent = make_user(email="tyst@example.org")
    supporter = make_user(email="stodjare@example.org")
    made = [make_proposal(process, title=t, author=a) for t, a in (
        ("Cykelvägar till skolorna", told), ("Belysning längs cykelvägen", told),
        ("Säkra övergångsställen", silent), ("Ett förslag som dolts", silent))]
    with app.app_context():
        city = Theme(process_id=process.id, name="Hållbara resor")
        safety = Theme(process_id=process.id, name="Trygghet")
        bike = Keyword(process_id=process.id, name="Cykel", theme=city)
        db.session.add_all([city, safety, bike])
        p = [db.session.get(Proposal, m.id) for m in made]
        supports.cast_support(db.session.get(User, supporter.id), p[2], utcnow())
        for proposal in p[:2]:
            proposal.themes, proposal.keywords = [city], [bike]
        p[2].themes = [safety]
        p[3].status = ProposalStatus.HIDDEN
        for user in (told, supporter):
            db.session.get(User, user.id).notify_results = True
        db.session.commit()
        return {"themes": (city.id, safety.id), "refs": [m.reference for m in made],
                "ids": [m.id for m in made]}


def goal_fields(evidence, **overrides):
    city, safety = evidence["themes"]
    return {"title": "Trygga och hållbara resor för alla", "description": "Till 2030.",
            "themes": [city, safety], "proposals": ", ".join(evidence["refs"][:3]),
            **overrides}


def test_committee_drafts_a_goal_linked_to_themes_and_proposals(app, client, login_as,
                                                                process, evidence):
    login_as(Role.COMMITTEE)
    response = submit(client, f"/ksau/{process.slug}/mal", goal_fields(evidence))
    assert response.status_code == 302
    with app.app_context():
        goal = db.session.scalars(select(Goal)).one()
        assert ([t.name for t in goal.themes], [p.reference for p in goal.proposals]) == \
            (["Hållbara resor", "Trygghet"], evidence["refs"][:3])
        goal_id = goal.id
    page = client.get(f"/ksau/mal/{goal_id}").get_data(as_text=True)
    assert "Skrev ett utkast till ett mål" in page  # the history
    underlag = client.get(f"/ksau/mal/{goal_id}/underlag").get_data(as_text=True)
    assert re.search(r"<dt>Förslag bakom målet</dt><dd>3</dd>", underlag)


def test_a_goal_cannot_link_a_hidden_proposal_a_foreign_theme_or_exceed_the_limit(
        app, client, login_as, process, evidence, make_process):
    login_as(Role.COMMITTEE)
    hidden = submit(client, f"/ksau/{process.slug}/mal",
                    goal_fields(evidence, proposals=evidence["refs"][3])).get_data(as_text=True)
    assert "Bara publicerade förslag" in hidden and "Trygga och hållbara resor" in hidden
    unknown = submit(client, f"/ksau/{process.slug}/mal",
                     goal_fields(evidence, proposals="1999-0001")).get_data(as_text=True)
    assert "1999-0001" in unknown
    # Junk, and numbers no column holds, are unknown references too, said beside the field
    # with what was typed kept.
    junk = f"{evidence['refs'][0]}, 2026-\u00b2, 99999999999999999999-1, 2026-99999999999"
    refused = submit(client, f"/ksau/{process.slug}/mal",
                     goal_fields(evidence, proposals=junk)).get_data(as_text=True)
    assert ("Inget förslag har förslagsnumret 2026-\u00b2, 99999999999999999999-1, "
            "2026-99999999999.") in refused and junk in refused
    both = submit(client, f"/ksau/{process.slug}/mal", goal_fields(
        evidence, title="Kort", proposals="1999-0001")).get_data(as_text=True)
    assert 'id="title-error"' in both and 'id="proposals-error"' in both  # at once
    with app.app_context():
        other = make_process(dialogue_open=False)
        foreign = Theme(process_id=other.id, name="Främmande tema")
        db.session.add(foreign)
        db.session.commit()
        foreign_id = foreign.id
    wrong = submit(client, f"/ksau/{process.slug}/mal",
                   goal_fields(evidence, themes=[foreign_id])).get_data(as_text=True)
    assert "giltigt val" in wrong
    with app.app_context():
        db.session.get(Process, process.id).goals_limit = 1
        db.session.commit()
    assert submit(client, f"/ksau/{process.slug}/mal", goal_fields(evidence)).status_code == 302
    too_many = submit(client, f"/ksau/{process.slug}/mal",
                      goal_fields(evidence, title="Ett mål till"))
    assert "högst 1 mål" in too_many.get_data(as_text=True)
    with app.app_context():
        assert len(db.session.scalars(select(Goal)).all()) == 1


def merge_one_hide_one(app, process, evidence, make_proposal, make_user):
    """Of the goal's linked proposals, a moderator merges the first into a new one and hides
    the second. Returns the kept proposal, the goal's id and the kept one's reference."""
    from app.services.review import merging, moderation
    kept = make_proposal(process, title="Trygga cykelvägar i hela kommunen")
    with app.test_request_context():
        actor = db.session.get(User, make_user(role=Role.MODERATOR).id)
        merged, hidden = (db.session.get(Proposal, i) for i in evidence["ids"][:2])
        merging.merge(actor, merged, db.session.get(Proposal, kept.id),
                      revision=merged.revision, now=utcnow())
        moderation.hide(actor, hidden, reason="offensive", message="",
                        revision=hidden.revision, now=utcnow())
        return kept, db.session.scalar(select(Goal.id)), \
            db.session.get(Proposal, kept.id).reference


def test_a_linked_proposal_hidden_or_merged_since_is_said_and_the_goal_still_saves(
        app, client, login_as, process, evidence, make_proposal, make_user):
    """The goal links three proposals; one is merged into a fourth and one hidden: its
    evidence page says so, counts the merged one through the proposal it went into (its
    supports are there), and the goal can be saved again without unlinking them. The
    refusal of a newly linked hidden proposal is said at its field."""
    login_as(Role.COMMITTEE)
    assert submit(client, f"/ksau/{process.slug}/mal", goal_fields(evidence)).status_code == 302
    kept, goal_id, kept_ref = merge_one_hide_one(app, process, evidence, make_proposal,
                                                 make_user)
    page = client.get(f"/ksau/mal/{goal_id}/underlag").get_data(as_text=True)
    assert f"sammanslaget med {kept_ref}, och räknas genom det" in page
    assert f"{evidence['refs'][1]}" in page and "så det räknas inte" in page
    assert f"{kept_ref} Trygga cykelvägar i hela kommunen" in page
    saved = submit(client, f"/ksau/mal/{goal_id}", goal_fields(
        evidence, title="Trygga och hållbara resor för alla, ändrat"),
        form_page=f"/ksau/mal/{goal_id}")
    assert saved.status_code == 302, saved.get_data(as_text=True)[:3000]
    refused = submit(client, f"/ksau/{process.slug}/mal", goal_fields(
        evidence, title="Ett annat mål", proposals=evidence["refs"][3])).get_data(as_text=True)
    assert 'id="proposals-error"' in refused


def test_ksau_sees_the_input_behind_no_goal_yet_most_supported_first(
        app, client, login_as, process, evidence, make_proposal):
    """Linked from the goals and from each goal's evidence: the published proposals no goal
    takes up (by link, theme or keyword), most supported first; hidden ones are not input."""
    login_as(Role.COMMITTEE)
    assert submit(client, f"/ksau/{process.slug}/mal", goal_fields(
        evidence, themes=[evidence["themes"][0]], proposals="")).status_code == 302
    left = make_proposal(process, title="Fler bänkar längs ån")
    goals_page = client.get(f"/ksau/{process.slug}/mal").get_data(as_text=True)
    assert f'href="/ksau/{process.slug}/utan-mal"' in goals_page
    with app.app_context():
        goal_id = db.session.scalar(select(Goal.id))
    evidence_page = client.get(f"/ksau/mal/{goal_id}/underlag").get_data(as_text=True)
    assert f'href="/ksau/{process.slug}/utan-mal"' in evidence_page
    html = client.get(f"/ksau/{process.slug}/utan-mal").get_data(as_text=True)
    rows = re.findall(r'<th scope="row"><a href="/forslag/\d+">([^<]+)</a>', html)
    # The third proposal (theme Trygghet, one support) first, then the new one; the two
    # under the goal's theme and the hidden one are not there.
    assert rows == [f"{evidence['refs'][2]} Säkra övergångsställen",
                    f"{read_ref(app, left)} Fler bänkar längs ån"]
    assert "2 förslag" in html


def read_ref(app, proposal):
    with app.app_context():
        return db.session.get(Proposal, proposal.id).reference


def test_residents_and_moderators_cannot_edit_goals(client, auth, make_user, process):
    for role in (Role.RESIDENT, Role.MODERATOR):
        auth.login(make_user(role=role).email)
        assert client.get(f"/ksau/{process.slug}/mal").status_code == 403
        auth.logout()


def test_a_decided_goal_needs_its_date_and_body(app, client, login_as, process, evidence):
    login_as(Role.COMMITTEE)
    submit(client, f"/ksau/{process.slug}/mal", goal_fields(evidence))
    with app.app_context():
        goal_id = db.session.scalar(select(Goal.id))
    page = f"/ksau/mal/{goal_id}"
    assert "Målet har inget mått ännu" in client.get(page).get_data(as_text=True)
    refused = submit(client, f"{page}/status", {"status": "decided"}, form_page=page)
    assert "Ange datum och organ" in refused.get_data(as_text=True)
    assert 'id="decided_on-error"' in refused.get_data(as_text=True)  # the date is missing
    no_body = submit(client, f"{page}/status", {"status": "decided", "decided_on": "2019-06-24"},
                     form_page=page).get_data(as_text=True)
    assert 'id="decided_by-error"' in no_body and 'id="decided_on-error"' not in no_body
    assert submit(client, f"{page}/status", {"status": "decided", "decided_on": "2019-06-24",
                                             "decided_by": "KF 24/6"},
                  form_page=page).status_code == 302
    with app.app_context():
        goal = db.session.get(Goal, goal_id)
        assert (goal.status, goal.decided_by) == ("decided", "KF 24/6")


def test_publishing_results_shows_the_trace_and_tells_each_resident_once(
        app, client, auth, make_user, login_as, process, evidence, outbox, end_dialogue):
    login_as(Role.COMMITTEE)
    submit(client, f"/ksau/{process.slug}/mal", goal_fields(evidence))
    submit(client, f"/ksau/{process.slug}/mal",
           goal_fields(evidence, title="Ett utkast som inte ska synas"))
    with app.app_context():
        goal_id = db.session.scalar(select(Goal.id).order_by(Goal.id))
    submit(client, f"/ksau/mal/{goal_id}/status", {"status": "proposed"},
           form_page=f"/ksau/mal/{goal_id}")
    auth.logout()
    assert "inte publicerat än" in client.get(f"/process/{process.slug}/resultat").get_data(
        as_text=True)
    auth.login(make_user(role=Role.ADMIN).email)
    with app.app_context():
        process_id = process.id
    admin_page = f"/admin/processer/{process_id}"
    end_dialogue(process)
    confirmation = f"{admin_page}/publicera-resultat"
    assert submit(client, confirmation, {"confirm": "y"}).status_code == 302
    results = client.get(f"/process/{process.slug}/resultat").get_data(as_text=True)
    assert "Trygga och hållbara resor för alla" in results
    assert "Cykelvägar till skolorna" in results and "Säkra övergångsställen" in results
    assert "Ett utkast som inte ska synas" not in results  # drafts stay KSAU's
    for proposal_id in evidence["ids"][:3]:
        assert "Trygga och hållbara resor för alla" in client.get(
            f"/forslag/{proposal_id}").get_data(as_text=True)
    # One email to each resident who took part and asked: the author of two proposals
    # gets one, the supporter one, the author who did not ask none.
    assert [m["To"] for m in outbox.messages()] == ["vill-veta@example.org",
                                                    "stodjare@example.org"]
    again = submit(client, f"{admin_page}/publicera-resultat", {}, form_page=admin_page,
                   follow_redirects=True).get_data(as_text=True)
    assert "redan publicerat" in again and len(outbox.messages()) == 2
    import json
    data = json.loads(client.get(f"/process/{process.slug}/oppna-data.json").data)
    assert data["goals"][0]["proposals"] == evidence["refs"][:3]
    # The email's link stops the emails, without logging in.
    auth.logout()
    link = outbox.link("stodjare@example.org", "/avregistrera/")
    # Cut short by an email program: said at once, with what to do instead.
    broken = client.get(link[:-6])
    assert broken.status_code == 400 and "Ändra dina uppgifter" in broken.get_data(as_text=True)
    assert submit(client, link, {}).status_code == 200
    with app.app_context():
        assert db.session.scalar(select(User.notify_results).where(
            User.email == "stodjare@example.org")) is False
    # The author finds on Mina sidor which goal each proposal fed into.
    auth.login("vill-veta@example.org")
    mine = client.get("/mina-sidor/").get_data(as_text=True)
    assert mine.count("Mål som det bidrog till") == 2
    assert re.search(rf'href="/process/{process.slug}/resultat#goal-\d+"[^>]*>Trygga och '
                     'hållbara resor för alla</a>', mine)


def test_results_need_a_proposed_goal_and_are_not_rewritten_afterwards(
        app, client, auth, make_user, login_as, process, evidence, end_dialogue):
    login_as(Role.COMMITTEE)
    submit(client, f"/ksau/{process.slug}/mal", goal_fields(evidence))
    auth.logout()
    auth.login(make_user(role=Role.ADMIN).email)
    admin_page = f"/admin/processer/{process.id}"
    end_dialogue(process)
    refused = submit(client, f"{admin_page}/publicera-resultat", {"confirm": "y"},
                     form_page=admin_page, follow_redirects=True).get_data(as_text=True)
    assert "Inget mål är föreslaget" in refused
    with app.app_context():
        goal = db.session.scalars(select(Goal)).one()
        goal.status = "proposed"
        db.session.commit()
        goal_id = goal.id
    submit(client, f"{admin_page}/publicera-resultat", {"confirm": "y"})
    page = f"/ksau/mal/{goal_id}"
    changed = submit(client, page, goal_fields(evidence, title="Ett nytt mål i efterhand",
                                               revision="2")).get_data(as_text=True)
    assert "Resultatet är publicerat" in changed
    with app.app_context():
        assert db.session.get(Goal, goal_id).title == "Trygga och hållbara resor för alla"


def test_results_wait_for_the_dialogue_to_end_and_are_confirmed_before_they_go_out(
        app, client, auth, make_user, login_as, process, evidence, outbox, end_dialogue):
    login_as(Role.COMMITTEE)
    submit(client, f"/ksau/{process.slug}/mal", goal_fields(evidence))
    submit(client, f"/ksau/{process.slug}/mal", goal_fields(evidence, title="Ett utkast kvar"))
    with app.app_context():
        goal_id = db.session.scalar(select(Goal.id).order_by(Goal.id))
    submit(client, f"/ksau/mal/{goal_id}/status", {"status": "proposed"},
           form_page=f"/ksau/mal/{goal_id}")
    auth.logout()
    auth.login(make_user(role=Role.ADMIN).email)
    admin_page = f"/admin/processer/{process.id}"
    confirmation = f"{admin_page}/publicera-resultat"

    # Mid-dialogue: the administrator is told why, and is offered no button.
    html = client.get(admin_page).get_data(as_text=True)
    assert "Resultatet kan inte publiceras än" in html and "Dialogfasen (" in html
    assert confirmation not in html
    assert client.get(confirmation).headers["Location"] == admin_page
    refused = submit(client, confirmation, {"confirm": "y"}, form_page=admin_page)
    assert refused.headers["Location"] == admin_page
    with app.app_context():
        assert db.session.get(Process, process.id).results_published_at is None
    assert outbox.messages() == []
    assert "Så användes förslagen" not in client.get("/").get_data(as_text=True)

    # Once it is over: a page says what will happen, and a box must be ticked.
    end_dialogue(process)
    assert confirmation in client.get(admin_page).get_data(as_text=True)
    page = client.get(confirmation).get_data(as_text=True)
    assert "Trygga och hållbara resor för alla" in page
    # The proposed goal has no indicator: it could never get one once published.
    warning = page.split('id="without-indicators"')[1].split("</div>")[0]
    assert "inget mått ännu" in warning and "Trygga och hållbara resor för alla" in warning
    assert "Ett utkast kvar" not in warning  # a draft is not shown to residents
    assert re.search(r"Visas inte, fortfarande ett utkast: <strong[^>]*>Ett utkast kvar", page)
    assert "2 invånare som deltog och bad om det får ett mejl var" in page
    assert "går inte att ångra" in page
    unticked = submit(client, confirmation, {}).get_data(as_text=True)
    assert "Kryssa i rutan för att gå vidare." in unticked
    with app.app_context():
        assert db.session.get(Process, process.id).results_published_at is None
    assert submit(client, confirmation, {"confirm": "y"}).status_code == 302
    assert len(outbox.messages()) == 2
    assert "Så användes förslagen" in client.get("/").get_data(as_text=True)

    # KSAU is no longer offered forms it may not use.
    auth.logout()
    login_as(Role.COMMITTEE)
    goals_page = client.get(f"/ksau/{process.slug}/mal").get_data(as_text=True)
    assert "Resultatet är publicerat" in goals_page and "Spara utkastet" not in goals_page
    goal_page = client.get(f"/ksau/mal/{goal_id}").get_data(as_text=True)
    assert 'name="title"' not in goal_page and 'value="draft"' not in goal_page
    assert 'value="decided"' in goal_page  # deciding is still possible


def test_published_results_follow_a_linked_proposal_merged_since(
        app, client, auth, login_as, make_user, process, evidence, make_proposal,
        end_dialogue):
    """KSAU linked three proposals; one was merged into a fourth since and one hidden. The
    results page and the open data show the fourth in the merged one's place (as KSAU's
    evidence counts it), the merged one's page names the goal, and the hidden one is out."""
    import json
    login_as(Role.COMMITTEE)
    submit(client, f"/ksau/{process.slug}/mal", goal_fields(evidence))
    kept, goal_id, kept_ref = merge_one_hide_one(app, process, evidence, make_proposal,
                                                 make_user)
    submit(client, f"/ksau/mal/{goal_id}/status", {"status": "proposed"},
           form_page=f"/ksau/mal/{goal_id}")
    auth.logout()
    auth.login(make_user(role=Role.ADMIN).email)
    end_dialogue(process)
    assert submit(client, f"/admin/processer/{process.id}/publicera-resultat",
                  {"confirm": "y"}).status_code == 302
    auth.logout()
    results = client.get(f"/process/{process.slug}/resultat").get_data(as_text=True)
    shaped = results[results.index("Trygga och hållbara resor för alla"):]
    assert f"Trygga cykelvägar i hela kommunen</a> ({kept_ref})" in shaped
    assert f"({evidence['refs'][2]})" in shaped
    assert f"({evidence['refs'][0]})" not in shaped and f"({evidence['refs'][1]})" not in shaped
    data = json.loads(client.get(f"/process/{process.slug}/oppna-data.json").data)
    assert data["goals"][0]["proposals"] == [evidence["refs"][2], kept_ref]
    merged_page = client.get(f"/forslag/{evidence['ids'][0]}").get_data(as_text=True)
    assert (f"Genom {kept_ref}, som det slogs ihop med, bidrog förslaget till de här målen"
            in merged_page and "Trygga och hållbara resor för alla" in merged_page)
    assert "Trygga och hållbara resor för alla" in client.get(
        f"/forslag/{kept.id}").get_data(as_text=True)
