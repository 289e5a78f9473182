"""A moderator works through the queue: tags three proposals with the keyboard alone (the
first after a colleague's tags landed meanwhile, shown beside what was ticked), hides one
by a rule (its author sees why on Mina sidor), merges two duplicates (their supports add
up, nobody counted twice), and finds each step in the audit log."""
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.models import Keyword, Proposal, Role, Theme, User
from app.models.base import utcnow
from app.services.participation import supports
from app.services.review import moderation
from tests.browser.test_admin_journey import log_in_with_the_keyboard

MAX_TABS = 200


def tab_to(page, name):
    """Press Tab until the element whose accessible name is `name` has the focus, as a
    keyboard user would."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate("""() => {
            const el = document.activeElement;
            if (el.labels && el.labels.length) return el.labels[0].textContent.trim();
            return el.textContent.trim();
        }""")
        if focused == name:
            return
    raise AssertionError(f"{name!r} cannot be reached with Tab")


def test_moderator_tags_hides_and_merges_with_each_step_in_the_audit_log(
        app, visitor, make_user, make_process, make_proposal):
    process = make_process(focus_areas=("Hållbar miljö och klimat", "Trygghet"))
    with app.app_context():
        theme = Theme(process_id=process.id, name="Hållbara resor")
        db.session.add_all([theme,
                            Keyword(process_id=process.id, name="Cykel", theme=theme,
                                    meaning="Säkra cykelvägar."),
                            Keyword(process_id=process.id, name="Belysning", theme=theme,
                                    meaning="Upplysta vägar.")])
        db.session.commit()
    author = make_user(email="forfattare@example.org", display_name="Frida")
    titles = ("Cykelbana längs hela skolvägen", "Bättre belysning på cykelvägen",
              "Belysning längs cykelvägarna", "Köp min båt, bästa pris i stan")
    first, duplicate, kept, advert = (make_proposal(process, title=title,
                                                    author=author if n == 3 else None)
                                      for n, title in enumerate(titles))
    both, one, other = make_user(), make_user(), make_user()
    with app.app_context():
        for user, proposal in ((both, duplicate), (one, duplicate), (both, kept),
                               (other, kept)):
            supports.cast_support(db.session.get(User, user.id),
                                  db.session.get(Proposal, proposal.id), utcnow())

    moderator = make_user(role=Role.MODERATOR, display_name="Maja Moderator")
    page = log_in_with_the_keyboard(visitor, moderator.email)
    page.get_by_role("link", name="Moderering", exact=True).click()
    visitor.audit()
    expect(page.get_by_role("link", name="Nya (4)")).to_be_visible()
    page.get_by_role("link", name=f"{first.reference} {first.title}").click()
    visitor.audit()

    # Another moderator tags the first proposal while this page is open: saving shows
    # what is saved now, beside what was ticked, and saving again puts it in place.
    with app.app_context():
        colleague = db.session.get(User, make_user(role=Role.MODERATOR).id)
        opened = db.session.get(Proposal, first.id)
        lighting = db.session.scalar(select(Keyword.id).where(Keyword.name == "Belysning"))
        moderation.set_tags(colleague, opened, keyword_ids=[lighting], theme_ids=[],
                            sdg_numbers=[], revision=opened.revision, now=utcnow())
    page.get_by_label("Cykel").check()
    page.get_by_role("button", name="Spara och öppna nästa").click()
    visitor.audit()
    notice = page.locator("#tags-now")
    expect(notice).to_contain_text("Sparat nu: Belysning; teman: Hållbara resor.")
    expect(page.get_by_label("Cykel")).to_be_checked()
    page.get_by_label("Belysning").uncheck()

    # Three proposals tagged with the keyboard: Tab to a keyword, Space, Tab to the button,
    # Enter; each save opens the next proposal in the queue. (The first is ticked already.)
    for proposal, keyword in ((first, "Cykel"), (duplicate, "Belysning"), (kept, "Belysning")):
        expect(page.get_by_role("heading", level=1)).to_contain_text(proposal.title)
        if proposal is not first:
            tab_to(page, keyword)
            page.keyboard.press("Space")
        tab_to(page, "Spara och öppna nästa")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        visitor.audit()
        expect(page.get_by_text(f"Taggarna för {proposal.reference} är sparade")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text(advert.title)

    # The advert breaks a rule.
    page.get_by_role("link", name="Dölj enligt en regel").first.click()
    visitor.audit()
    page.get_by_label("Det är reklam eller kommersiellt").check()
    page.get_by_label("Meddelande till förslagsställaren (frivilligt)").fill(
        "Annonser hör inte hemma i dialogen; skriv gärna ett förslag om båtlivet.")
    page.get_by_role("button", name="Dölj förslaget").click()
    visitor.audit()
    expect(page.get_by_text("Förslaget är dolt")).to_be_visible()

    # The two lighting proposals say the same: merge the duplicate into the one kept.
    visitor.visit(f"/moderera/forslag/{duplicate.id}")
    page.get_by_role("link", name="Slå ihop med ett annat förslag").click()
    visitor.audit()
    page.get_by_label("Förslagsnummer för förslaget som ska finnas kvar").fill(kept.reference)
    page.get_by_role("button", name="Slå ihop", exact=True).click()
    visitor.audit()
    expect(page.get_by_text("1 stöd flyttades och 1 fanns redan")).to_be_visible()
    visitor.visit(f"/forslag/{kept.id}")
    expect(page.get_by_text("3 invånare stöder förslaget.")).to_be_visible()  # both, one, other
    visitor.visit(f"/forslag/{duplicate.id}")
    expect(page.get_by_text(f"Sammanslaget med {kept.reference}")).to_be_visible()

    page.get_by_role("link", name="Moderering", exact=True).click()
    visitor.audit()
    page.get_by_role("link", name="Granskningslogg").first.click()
    visitor.audit()
    log = page.locator("table.audit-table tbody")
    expect(log.get_by_text("Taggade ett förslag")).to_have_count(4)  # one by the colleague
    expect(log.get_by_text("Dolde ett förslag")).to_have_count(1)
    expect(log.get_by_text("Slog ihop ett förslag")).to_have_count(1)
    expect(log.get_by_text("Maja Moderator")).to_have_count(5)

    # The author sees what happened, and why, on Mina sidor.
    page.get_by_role("button", name="Logga ut", exact=True).click()
    visitor.audit()
    page = log_in_with_the_keyboard(visitor, author.email)
    page.get_by_role("link", name="Mina sidor").click()
    visitor.audit()
    mine = page.locator(".my-proposal", has_text=advert.title)
    expect(mine.get_by_text("Dolt av en moderator")).to_be_visible()
    expect(mine.get_by_text("Det är reklam eller kommersiellt")).to_be_visible()
    expect(mine.get_by_text("skriv gärna ett förslag om båtlivet")).to_be_visible()
    with app.app_context():
        assert db.session.scalar(select(Proposal.supports_count).where(
            Proposal.id == kept.id)) == 3
