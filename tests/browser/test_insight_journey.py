"""A moderator works with the insight engine's hints: accepts a suggested keyword with
the keyboard alone and another in the queue's list, merges a suggested duplicate from the
queue of likely pairs, and makes a keyword of an emerging theme; then finds the
suggestion's tag in the audit log. The same acceptance works without JavaScript."""
import re

from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.models import Keyword, Process, Proposal, ProposalStatus, Role, Theme
from app.models.base import utcnow
from app.services.insight import store
from tests.browser.test_admin_journey import log_in_with_the_keyboard
from tests.browser.test_moderation_journey import tab_to
from tests.browser.test_proposal_journey import write_a_draft

PROPOSALS = (
    ("Bygg ut dagis i Björkdalen", "Vi har stått i kö i åtta månader för en dagisplats."),
    ("Bygg en cykelbana mellan Norrby och centrum",
     "Idag cyklar vi på landsvägen. En egen cykelbana hela vägen in till stan skulle få "
     "fler att cykla."),
    ("Cykelväg från Norrby in till stan",
     "Gör en riktig cykelväg hela vägen in till stan så att fler kan cykla."),
    ("Laga hålen i cykelbanan vid Norrby",
     "Cykelbanan vid Norrby är full av gropar och rötter. Den behöver läggas om."),
    ("Hundrastgård i Stadsparken", "Hundar behöver en inhägnad hundrastgård."),
    ("Fler hundrastgårdar", "Det finns för få hundrastgårdar för alla hundar."),
    ("Inhägnad för hundar vid ån", "Bygg en hundrastgård där hundar får springa lösa."),
)


def prepared(app, make_process, make_proposal):
    process = make_process(focus_areas=("Hållbar miljö och klimat", "Trygg uppväxt"))
    with app.app_context():
        traffic, children = (Theme(process_id=process.id, name="Trafik och resor"),
                             Theme(process_id=process.id, name="Barn och utbildning"))
        db.session.add_all([traffic, children, Keyword(
            process_id=process.id, name="Cykling", theme=traffic,
            meaning="Sammanhängande och säkra cykelbanor och cykelparkering."), Keyword(
            process_id=process.id, name="Förskola", theme=children,
            meaning="Platser i förskolan och barngruppernas storlek.")])
        db.session.commit()
    made = [make_proposal(process, title=title, body=body) for title, body in PROPOSALS]
    with app.app_context():
        store.refresh(db.session.get(Process, process.id), now=utcnow())
    return process, made


def test_moderator_accepts_a_suggestion_merges_a_duplicate_and_makes_a_keyword_of_a_theme(
        app, visitor, make_user, make_process, make_proposal):
    process, (daycare, bike, same, repair, *_dogs) = prepared(app, make_process, make_proposal)
    moderator = make_user(role=Role.MODERATOR, display_name="Maja Moderator")
    page = log_in_with_the_keyboard(visitor, moderator.email)

    # A suggested keyword, accepted with the keyboard alone; a keyword ticked in the tag
    # form meanwhile is saved with it, not lost.
    visitor.visit(f"/moderera/forslag/{daycare.id}")
    suggestions = page.locator("section", has=page.get_by_role(
        "heading", name="Föreslagna nyckelord"))
    expect(suggestions.get_by_text("dagis")).to_be_visible()  # why it is suggested
    tags = page.locator("#tag-form")
    tags.get_by_label("Cykling").check()
    page.locator("h1").click()  # the keyboard starts again from the top
    tab_to(page, "Lägg till Förskola")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visitor.audit()
    expect(page.get_by_text(f"Taggarna för {daycare.reference} är sparade, med det föreslagna "
                            "nyckelordet Förskola.")).to_be_visible()
    expect(tags.get_by_label("Förskola")).to_be_checked()
    expect(tags.get_by_label("Cykling")).to_be_checked()
    page.screenshot(path=visitor.screenshot_path("review-with-suggestions"), full_page=True)

    # The likely duplicates: the same request in other words is there, the same place with
    # another request is not.
    page.get_by_role("link", name="Alla troliga dubbletter").click()
    visitor.audit()
    expect(page.get_by_role("link", name=f"{same.reference} {same.title}")).to_be_visible()
    expect(page.get_by_text(repair.title)).to_have_count(0)
    page.screenshot(path=visitor.screenshot_path("duplicates"), full_page=True)
    page.get_by_role("button", name=f"Behåll {bike.reference}, slå ihop {same.reference} dit"
                     ).click()
    visitor.audit()
    expect(page.get_by_text(f"{same.reference} har slagits ihop med {bike.reference}")) \
        .to_be_visible()
    # The merged proposal's own review page leads to the one it went into.
    visitor.visit(f"/moderera/forslag/{same.id}")
    visitor.audit()
    page.get_by_role("link", name=f"Granska {bike.reference}").click()
    visitor.audit()
    # Residents reading the kept proposal find the one merged into it.
    visitor.visit(f"/forslag/{bike.id}")
    visitor.audit()
    merged_here = page.locator("section", has=page.get_by_role(
        "heading", name="Sammanslagna med det här förslaget"))
    expect(merged_here.get_by_role("link", name=f"{same.reference} {same.title}")) \
        .to_be_visible()

    # The queue lists each proposal's suggestions too; one is accepted from there.
    visitor.visit(f"/moderera/{process.slug}/?ko=alla")
    row = page.get_by_role("row", name=bike.title)
    expect(row.get_by_text("cykelbana").first).to_be_visible()  # why
    page.screenshot(path=visitor.screenshot_path("queue-with-suggestions"), full_page=True)
    row.get_by_role("button", name="Lägg till Cykling").click()
    visitor.audit()
    expect(page.get_by_text(f"{bike.reference} är taggat med Cykling")).to_be_visible()
    expect(page.get_by_role("row", name=bike.title).get_by_role(
        "button", name="Lägg till Cykling")).to_have_count(0)

    # An emerging theme becomes a keyword, and its proposals are tagged with it.
    page.get_by_role("link", name="Nya teman", exact=True).click()
    visitor.audit()
    page.screenshot(path=visitor.screenshot_path("emerging-themes"), full_page=True)
    group = page.locator("section.panel", has_text="Hundrastgård i Stadsparken")
    group.get_by_label("Nyckelord", exact=True).fill("Hundar i staden")
    group.get_by_role("button", name="Skapa nyckelordet och tagga gruppen").click()
    visitor.audit()
    expect(page.get_by_text("Nyckelordet Hundar i staden är skapat")).to_be_visible()

    page.get_by_role("link", name="Granskningslogg").first.click()
    visitor.audit()
    log = page.locator("table.audit-table tbody")
    expect(log.get_by_text("Taggade ett förslag utifrån ett förslag på nyckelord").first) \
        .to_be_visible()
    with app.app_context():
        assert db.session.get(Proposal, same.id).status == ProposalStatus.MERGED
        dogs = db.session.scalar(select(Keyword).where(Keyword.name == "Hundar i staden"))
        assert db.session.get(Proposal, _dogs[0].id).keywords == [dogs]


def test_a_suggestion_is_accepted_without_javascript(
        app, visitor_without_js, make_user, make_process, make_proposal):
    _process, (daycare, *_rest) = prepared(app, make_process, make_proposal)
    moderator = make_user(role=Role.MODERATOR)
    page = log_in_with_the_keyboard(visitor_without_js, moderator.email)
    visitor_without_js.visit(f"/moderera/forslag/{daycare.id}")
    page.get_by_role("button", name="Lägg till Förskola").click()
    visitor_without_js.audit()
    expect(page.get_by_text(f"Taggarna för {daycare.reference} är sparade, med det föreslagna "
                            "nyckelordet Förskola.")).to_be_visible()


def test_enter_in_the_tag_form_saves_what_is_ticked_and_adds_no_suggestion(
        app, visitor, make_user, make_process, make_proposal):
    """The suggestions' buttons belong to the tag form and come first in the page: Enter
    must still save only the ticked keywords and open the next proposal, as the page says."""
    process, (daycare, *_rest) = prepared(app, make_process, make_proposal)
    moderator = make_user(role=Role.MODERATOR)
    page = log_in_with_the_keyboard(visitor, moderator.email)
    visitor.visit(f"/moderera/forslag/{daycare.id}?ko=nya")
    expect(page.get_by_role("button", name="Lägg till Förskola")).to_be_visible()
    visitor.audit()  # the form's default button, out of sight, is out of the way too
    page.get_by_role("checkbox", name="Cykling").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    expect(page.get_by_text(f"Taggarna för {daycare.reference} är sparade.")).to_be_visible()
    assert not page.url.split("?")[0].endswith(f"/forslag/{daycare.id}")  # the next one
    visitor.audit()
    with app.app_context():
        tags = [k.name for k in db.session.get(Proposal, daycare.id).keywords]
    assert tags == ["Cykling"]


def test_moderator_takes_back_a_merge_made_by_mistake(
        app, visitor, make_user, make_process, make_proposal):
    """A likely pair merged from the review page by mistake: the kept proposal lists it as
    merged into it, and the merge is taken back there with the keyboard; both proposals
    are again as they were."""
    _process, (_daycare, bike, _same, repair, *_rest) = prepared(app, make_process,
                                                                 make_proposal)
    resident = make_user()
    with app.app_context():
        from app.models import User
        from app.services.participation import supports
        supports.cast_support(db.session.get(User, resident.id),
                              db.session.get(Proposal, repair.id), utcnow())
    moderator = make_user(role=Role.MODERATOR, display_name="Maja Moderator")
    page = log_in_with_the_keyboard(visitor, moderator.email)
    visitor.visit(f"/moderera/forslag/{repair.id}/sammanfoga")
    page.get_by_label("Förslagsnummer för förslaget som ska finnas kvar").fill(bike.reference)
    page.get_by_role("button", name="Slå ihop", exact=True).click()
    expect(page.get_by_text(f"{repair.reference} har slagits ihop med {bike.reference}")) \
        .to_be_visible()
    expect(page.get_by_role("heading", name="Ångra sammanslagningen")).to_be_visible()
    visitor.audit()
    page.screenshot(path=visitor.screenshot_path("merged"), full_page=True)
    visitor.visit(f"/moderera/forslag/{bike.id}")
    merged_here = page.locator("section", has=page.get_by_role(
        "heading", name="Sammanslagna med det här förslaget"))
    expect(merged_here.get_by_text("Maja Moderator")).to_be_visible()
    visitor.audit()
    page.screenshot(path=visitor.screenshot_path("merged-here"), full_page=True)
    page.locator("h1").click()
    tab_to(page, f"Ångra sammanslagningen: {repair.reference}")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visitor.audit()
    expect(page.get_by_text(f"{repair.reference} är inte längre sammanslaget: 1 stöd är "
                            "tillbaka på det.")).to_be_visible()
    expect(page.get_by_role("heading", name="Taggar")).to_be_visible()  # a proposal again
    with app.app_context():
        restored = db.session.get(Proposal, repair.id)
        assert (restored.status, restored.supports_count) == (ProposalStatus.PUBLISHED, 1)
        assert db.session.get(Proposal, bike.id).supports_count == 0


def test_moderator_decides_with_the_keyboard_that_a_likely_pair_is_not_the_same(
        app, visitor, make_user, make_process, make_proposal):
    process, (_daycare, bike, same, *_rest) = prepared(app, make_process, make_proposal)
    # Sent since the fit: no likely pair of its own yet, but similar proposals to merge
    # into, listed on its review page below the likely duplicates.
    late = make_proposal(process, title="Cykelväg hela vägen till stan från Norrby",
                         body="Jag vill cykla till jobbet i stan utan att åka på landsvägen.")
    moderator = make_user(role=Role.MODERATOR)
    page = log_in_with_the_keyboard(visitor, moderator.email)
    visitor.visit(f"/moderera/forslag/{late.id}")
    visitor.audit()
    similar = page.locator("section", has=page.get_by_role(
        "heading", name="Andra liknande förslag"))
    expect(similar.get_by_role("button", name=re.compile("Slå ihop det här förslaget med"))
           .first).to_be_visible()
    page.screenshot(path=visitor.screenshot_path("review-other-similar"), full_page=True)
    visitor.visit(f"/moderera/{process.slug}/dubbletter")
    visitor.audit()
    expect(page.get_by_role("link", name=f"{same.reference} {same.title}")).to_be_visible()
    tab_to(page, f"Inte samma förslag: {bike.reference}, {same.reference}")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visitor.audit()
    expect(page.get_by_text(f"{bike.reference} och {same.reference} är inte samma förslag")) \
        .to_be_visible()
    likely = page.locator("ol.pair-list")
    expect(likely.get_by_role("link", name=f"{same.reference} {same.title}")).to_have_count(0)
    page.screenshot(path=visitor.screenshot_path("duplicates-not-the-same"), full_page=True)
    # A wrong click is taken back from the list of pairs set aside, and the pair is back.
    set_aside = page.locator("section", has=page.get_by_role(
        "heading", name="Satta åt sidan som inte samma"))
    expect(set_aside.get_by_role("link", name=f"{same.reference} {same.title}")) \
        .to_be_visible()
    tab_to(page, f"Ångra: {bike.reference}, {same.reference}")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visitor.audit()
    expect(page.get_by_text("finns bland de troliga dubbletterna igen")).to_be_visible()
    expect(likely.get_by_role("link", name=f"{same.reference} {same.title}")).to_be_visible()
    page.get_by_role("link", name="Granskningslogg").first.click()
    visitor.audit()
    log = page.locator("table.audit-table tbody")
    expect(log.get_by_text("Avgjorde att två förslag inte är dubbletter")).to_be_visible()
    expect(log.get_by_text("Ångrade att två förslag inte är dubbletter")).to_be_visible()


def test_moderator_tags_an_emerging_theme_with_a_keyword_the_process_has(
        app, visitor, make_user, make_process, make_proposal):
    process, (*_others, dog) = prepared(app, make_process, make_proposal)
    page = log_in_with_the_keyboard(visitor, make_user(role=Role.MODERATOR).email)
    visitor.visit(f"/moderera/{process.slug}/nya-teman")
    visitor.audit()
    group = page.locator("section.panel", has_text="Hundrastgård i Stadsparken")
    # One proposal does not belong: it is left out, and the keyword will not tag it.
    odd = group.locator(".group-members > li", has_text="Fler hundrastgårdar")
    odd_title = "Fler hundrastgårdar"
    odd.get_by_role("button", name=re.compile("Lämna utanför")).click()
    visitor.audit()
    expect(page.get_by_text("lämnas utanför de nya temana")).to_be_visible()
    group = page.locator("section.panel", has_text="Hundrastgård i Stadsparken")
    expect(group.get_by_text(odd_title)).to_have_count(0)
    # The group's own page lists all its proposals (here no more than the first ones).
    group_id = group.get_attribute("aria-labelledby").removeprefix("group-")
    visitor.visit(f"/moderera/{process.slug}/nya-teman/{group_id}/forslag")
    visitor.audit()
    expect(page.get_by_text("2 förslag utan nyckelord")).to_be_visible()
    visitor.visit(f"/moderera/{process.slug}/nya-teman")
    group = page.locator("section.panel", has_text="Hundrastgård i Stadsparken")
    group.get_by_label("Eller tagga gruppen med ett befintligt nyckelord").select_option(
        label="Cykling")
    group.get_by_role("button", name="Tagga gruppen", exact=True).click()
    visitor.audit()
    expect(page.get_by_text("förslag är taggade med Cykling.")).to_be_visible()
    expect(page.get_by_text("Hundrastgård i Stadsparken")).to_have_count(0)  # settled
    with app.app_context():
        assert [k.name for k in db.session.get(Proposal, dog.id).keywords] == ["Cykling"]
        left_out = db.session.scalar(select(Proposal).where(Proposal.title == odd_title))
        assert left_out.keywords == []


def test_a_resident_is_shown_the_proposal_likely_the_same_and_supports_it_instead(
        app, visitor, make_user, make_process, make_proposal):
    _process, (_daycare, bike, same, *_rest) = prepared(app, make_process, make_proposal)
    resident = make_user(role=Role.RESIDENT)
    page = log_in_with_the_keyboard(visitor, resident.email)
    write_a_draft(page, visitor, "Cykelbana från Norrby ända in till centrum",
                  "Jag vill kunna cykla från Norrby in till stan på en egen cykelbana, inte "
                  "på landsvägen.")
    likely = page.locator("li.proposal-card", has_text="Kan vara samma som ditt")
    expect(likely.first).to_be_visible()
    expect(likely.get_by_role("link", name=bike.title)).to_be_visible()
    page.screenshot(path=visitor.screenshot_path("compare-likely-the-same"), full_page=True)
    # Supported from the compare step itself, with the keyboard; the draft waits.
    tab_to(page, f"Stöd det i stället: {bike.title}")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visitor.audit()
    expect(page.get_by_text("Du stöder förslaget.", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Finns din idé redan?")).to_be_visible()
    supported = page.locator("li.proposal-card", has=page.get_by_role("link", name=bike.title))
    expect(supported.get_by_text("Du stöder det här förslaget.")).to_be_visible()
    page.screenshot(path=visitor.screenshot_path("compare-supported"), full_page=True)
    supported.get_by_role("link", name=bike.title).click()
    visitor.audit()
    expect(page.get_by_text("1 invånare stöder förslaget.")).to_be_visible()


def test_moderator_tags_every_proposal_a_keyword_is_suggested_first_for(
        app, visitor_without_js, make_user, make_process, make_proposal):
    """The queue filtered by a suggestion, every row ticked by one link, tagged in one
    step: without JavaScript."""
    process, (_daycare, bike, same, repair, *_dogs) = prepared(app, make_process,
                                                               make_proposal)
    page = log_in_with_the_keyboard(visitor_without_js, make_user(role=Role.MODERATOR).email)
    visitor_without_js.visit(f"/moderera/{process.slug}/?ko=alla")
    page.get_by_label("Föreslaget först").select_option(label="Cykling")
    page.get_by_role("button", name="Visa").click()
    visitor_without_js.audit()
    rows = page.locator("table.queue-table tbody tr")
    expect(rows.first).to_be_visible()
    count = rows.count()
    page.get_by_role("link", name=re.compile(r"Välj (alla \d+ rader|raden) på den här sidan")) \
        .click()
    visitor_without_js.audit()
    expect(page.locator('input[name="proposals"]:checked')).to_have_count(count)
    page.get_by_label("Med de valda förslagen").select_option(label="Cykling")
    page.get_by_role("button", name="Utför").click()
    visitor_without_js.audit()
    expect(page.get_by_text(f"Klart för {count} förslag.")).to_be_visible()
    with app.app_context():
        cycling = db.session.scalar(select(Keyword).where(Keyword.name == "Cykling"))
        assert db.session.get(Proposal, bike.id).keywords == [cycling]
        assert db.session.get(Proposal, same.id).keywords == [cycling]
