"""KSAU drafts a goal from two themes and three proposals and proposes it; an administrator
publishes the results; the results page and each proposal page show the goal; each
resident who asked gets exactly one email."""
from playwright.sync_api import expect

from app.extensions import db
from app.models import Proposal, Role, Theme, User
from app.models.base import utcnow
from app.services.participation import supports
from tests.browser.test_admin_journey import log_in_with_the_keyboard


def test_a_goal_from_themes_and_proposals_reaches_the_results_page(
        app, visitor, make_user, make_process, make_proposal, outbox, end_dialogue):
    process = make_process()
    authors = [make_user(email=f"forfattare{n}@example.org") for n in range(3)]
    made = [make_proposal(process, title=title, author=author) for title, author in zip(
        ("Cykelvägar till alla skolor", "Belysning längs cykelvägen",
         "Trygga övergångsställen vid skolan"), authors)]
    backer = make_user(email="stodjare@example.org")
    with app.app_context():
        resor, trygghet = (Theme(process_id=process.id, name="Hållbara resor"),
                           Theme(process_id=process.id, name="Trygghet"))
        db.session.add_all([resor, trygghet])
        for proposal in made:
            db.session.get(Proposal, proposal.id).themes = [resor]
        for user in (*authors[:2], backer):  # the third author did not ask to be told
            db.session.get(User, user.id).notify_results = True
        db.session.commit()
        supports.cast_support(db.session.get(User, backer.id),
                              db.session.get(Proposal, made[0].id), utcnow())

    member = make_user(role=Role.COMMITTEE)
    page = log_in_with_the_keyboard(visitor, member.email)
    # The goals page is found from the menu, not typed.
    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Sammanställning").click()
    visitor.audit()
    page.get_by_role("navigation", name="KSAU:s arbetsyta").get_by_role(
        "link", name="Mål för mandatperioden").click()
    visitor.audit()
    expect(page.get_by_role("heading", name="Mål för mandatperioden")).to_be_visible()
    page.get_by_label("Mål", exact=True).fill("Trygga och hållbara vägar till skolan")
    page.get_by_label("Hållbara resor").check()
    page.get_by_label("Trygghet", exact=True).check()
    page.get_by_label("Förslag som underlag (frivilligt)").fill(
        ", ".join(p.reference for p in made))
    page.get_by_role("button", name="Spara utkastet").click()
    visitor.audit()
    expect(page.get_by_text("Målet är sparat som utkast.")).to_be_visible()
    page.get_by_label("Föreslaget till kommunstyrelsen (KS)").check()
    page.get_by_role("button", name="Spara statusen").click()
    visitor.audit()
    page.get_by_role("link", name="Underlaget bakom målet").first.click()
    visitor.audit()
    expect(page.get_by_role("link", name=f"{made[0].reference} {made[0].title}")).to_be_visible()
    page.get_by_role("button", name="Logga ut", exact=True).click()
    visitor.audit()

    admin = make_user(role=Role.ADMIN)
    page = log_in_with_the_keyboard(visitor, admin.email)
    visitor.visit(f"/admin/processer/{process.id}")
    # Mid-dialogue the administrator is told why there is nothing to press.
    expect(page.get_by_text("Resultatet kan inte publiceras än:")).to_be_visible()
    expect(page.get_by_role("link", name="Publicera resultatet …")).to_have_count(0)
    end_dialogue(process)
    page.reload()
    visitor.audit()
    page.get_by_role("link", name="Publicera resultatet …").click()
    visitor.audit()
    expect(page.get_by_text("3 invånare som deltog och bad om det får ett mejl var")) \
        .to_be_visible()
    page.get_by_role("button", name="Publicera resultatet").click()
    visitor.audit()
    expect(page.get_by_text("Kryssa i rutan för att gå vidare.").first).to_be_visible()
    assert outbox.messages() == []
    page.get_by_label("Jag har läst vad som kommer att hända").check()
    page.get_by_role("button", name="Publicera resultatet").click()
    visitor.audit()
    expect(page.get_by_text("Resultatet är publicerat; mejlen till 3 invånare är på väg")
           ).to_be_visible()

    visitor.visit(f"/process/{process.slug}/resultat")
    goal = page.get_by_role("region", name="Trygga och hållbara vägar till skolan")
    expect(goal.get_by_text("Föreslaget till kommunstyrelsen (KS)")).to_be_visible()
    for proposal in made:
        expect(goal.get_by_role("link", name=proposal.title)).to_be_visible()
    for proposal in made:
        visitor.visit(f"/forslag/{proposal.id}")
        expect(page.get_by_role("link", name="Trygga och hållbara vägar till skolan")) \
            .to_be_visible()
    assert sorted(m["To"] for m in outbox.messages()) == [
        "forfattare0@example.org", "forfattare1@example.org", "stodjare@example.org"]
