"""KSAU sees the quality check turn from advice to all clear as a draft gains an indicator;
an administrator adds a board goal; a controller records and approves a follow-up period;
a resident reads the goal's progress page, whose charts and tables agree."""
import re

from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.models import Goal, GoalStatus, Indicator, Process, Proposal, Role, SdgGoal
from app.models.base import utcnow
from tests.browser.test_admin_journey import log_in_with_the_keyboard


def _log_out(page, visitor):
    page.get_by_role("button", name="Logga ut", exact=True).click()
    visitor.audit()


def test_a_goal_is_followed_up_from_draft_to_the_progress_page(
        app, visitor, make_user, make_process, make_proposal, end_dialogue):
    process = make_process()
    proposal = make_proposal(process, title="Läxhjälp på biblioteket")
    with app.app_context():
        goal = Goal(process_id=process.id, title="Alla elever klarar skolan och mår bra",
                    position=1)
        goal.proposals = [db.session.get(Proposal, proposal.id)]
        goal.sdg_goals = [db.session.get(SdgGoal, 4)]
        db.session.add(goal)
        db.session.add_all(Goal(process_id=process.id, title=f"Ett annat mål nummer {n}",
                                position=n) for n in range(2, 5))
        db.session.commit()
        goal_id = goal.id

    member = make_user(role=Role.COMMITTEE)
    page = log_in_with_the_keyboard(visitor, member.email)
    visitor.visit(f"/ksau/{process.slug}/mal")
    expect(page.get_by_text("Kvalitetskontroll: 1 råd").first).to_be_visible()
    page.get_by_role("link", name="Alla elever klarar skolan och mår bra").click()
    visitor.audit()
    quality = page.get_by_role("region", name="Kvalitetskontroll")
    expect(quality.get_by_text("Inget mått med utgångsvärde och målvärde ännu.")).to_be_visible()
    expect(quality.get_by_text("Allt klart")).to_have_count(0)
    page.get_by_label("Mått", exact=True).fill("Elever som känner sig trygga i skolan")
    page.get_by_label("Enhet").fill("%")
    page.get_by_label("Utgångsvärde").fill("81")
    page.get_by_label("Utgångsår").fill("2030")
    page.get_by_label("Målvärde").fill("90")
    page.get_by_label("Målår").fill("2022")
    page.get_by_role("button", name="Lägg till måttet").click()
    visitor.audit()
    expect(page.get_by_text("Målåret (2022) är före utgångsåret (2030)").first).to_be_visible()
    page.get_by_label("Utgångsår").fill("2022")
    page.get_by_label("Målår").fill("2030")
    page.get_by_role("button", name="Lägg till måttet").click()
    visitor.audit()
    quality = page.get_by_role("region", name="Kvalitetskontroll")
    expect(quality.get_by_text("Allt klart: målet uppfyller varje punkt i planen.")) \
        .to_be_visible()
    page.screenshot(path=visitor.screenshot_path("followup-quality"), full_page=True)
    _log_out(page, visitor)

    end_dialogue(process)
    with app.app_context():  # decided and published, as the goals journey shows
        for goal in db.session.scalars(select(Goal).where(Goal.process_id == process.id)):
            goal.status, goal.decided_by = GoalStatus.DECIDED, "KF 24/6"
            goal.decided_on = utcnow().date()
        other = db.session.scalar(select(Goal).where(Goal.process_id == process.id,
                                                     Goal.id != goal_id).limit(1))
        other.indicators.append(Indicator(  # fetched from Kolada: the page offers it now
            name="Behöriga till gymnasiet", unit="%", direction="higher", baseline_value=86,
            baseline_year=2019, target_value=92, target_year=2030, source="kolada",
            kolada_kpi="N15419", kolada_municipality="1980"))
        db.session.get(Process, process.id).results_published_at = utcnow()
        db.session.commit()

    admin = make_user(role=Role.ADMIN)
    page = log_in_with_the_keyboard(visitor, admin.email)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Administration").click()
    visitor.audit()
    page.get_by_role("link", name="Nämnder, bolag och deras mål").click()
    visitor.audit()
    page.get_by_label("Namn").fill("Barn- och ungdomsnämnden")
    page.get_by_role("button", name="Lägg till", exact=True).click()
    visitor.audit()
    page.get_by_role("link", name=re.compile("Nämndmål: Mål för mandatperioden")).click()
    visitor.audit()
    page.get_by_label("Övergripande mål det tjänar").select_option(
        label="Alla elever klarar skolan och mår bra")
    page.get_by_label("Nämndmål", exact=True).fill("Alla elever får stöd i tid")
    page.get_by_label("Mått", exact=True).fill("Elever med stöd inom en månad")
    page.get_by_label("Enhet").fill("%")
    page.get_by_label("Utgångsvärde").fill("60")
    page.get_by_label("Utgångsår").fill("2022")
    page.get_by_label("Målvärde").fill("80")
    page.get_by_label("Målår").fill("2030")
    page.get_by_role("button", name="Lägg till nämndmålet").click()
    visitor.audit()
    expect(page.get_by_text("Nämndmålet är tillagt.")).to_be_visible()
    expect(page.get_by_text("Ansvarig: Barn- och ungdomsnämnden")).to_be_visible()
    _log_out(page, visitor)

    controller = make_user(role=Role.CONTROLLER)
    page = log_in_with_the_keyboard(visitor, controller.email)
    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Uppföljning").click()
    visitor.audit()
    page.get_by_role("link", name=re.compile("Mål för mandatperioden")).click()
    visitor.audit()
    expect(page.get_by_role("button", name="Hämta dem från Kolada nu")).to_be_visible()
    with app.app_context():
        own = db.session.scalar(select(Indicator.id).where(Indicator.goal_id == goal_id))
    page.get_by_label("Mått", exact=True).select_option(
        label=f"{own}. Elever som känner sig trygga i skolan (%)")
    page.get_by_label("År", exact=True).nth(1).fill("2024")
    page.get_by_label("Värde", exact=True).fill("83,5")
    page.get_by_role("button", name="Spara värdet").click()
    visitor.audit()
    page.get_by_label("Delårsrapport").check()
    page.get_by_label("År", exact=True).first.fill("2026")
    page.get_by_role("button", name="Öppna perioden").click()
    visitor.audit()
    expect(page.get_by_role("heading", name="Delårsrapport 2026")).to_be_visible()
    page.locator(f"#value-{own}").fill("84,5")
    page.locator(f"#forecast-{own}").fill("85")
    page.locator(f"#text-{goal_id}").fill("Tryggheten ökar, men inte på alla skolor.")
    # A text without how the goal is going is kept and said at the rating, not dropped.
    page.get_by_role("button", name="Spara perioden").click()
    visitor.audit()
    expect(page.locator(f"#rating-{goal_id}-error")).to_contain_text("Välj hur det går")
    expect(page.locator(f"#text-{goal_id}")).to_have_value(
        "Tryggheten ökar, men inte på alla skolor.")
    for goal_section in page.locator("section.panel").all():
        goal_section.get_by_label("Delvis uppnått").check()
    page.get_by_role("button", name="Spara perioden").click()
    visitor.audit()
    page.get_by_role("button", name="Godkänn och publicera perioden").click()
    visitor.audit()
    expect(page.get_by_text("Perioden är godkänd och publicerad")).to_be_visible()
    _log_out(page, visitor)

    page = visitor.visit(f"/process/{process.slug}/resultat")
    page.get_by_role("link", name=re.compile(
        "Så går det för målet.*Alla elever klarar skolan")).click()
    visitor.audit()
    expect(page.get_by_role("heading", name="Delårsrapport 2026")).to_be_visible()
    expect(page.get_by_text("Tryggheten ökar, men inte på alla skolor.")).to_be_visible()
    expect(page.get_by_text("Alla elever får stöd i tid")).to_be_visible()
    expect(page.get_by_role("link", name="Läxhjälp på biblioteket")).to_be_visible()
    chart = page.locator("svg .chart__value").all_text_contents()
    table = page.get_by_role("table", name=re.compile("per år")).locator(
        "tbody td").all_inner_texts()
    assert chart == ["83,5"]  # the chart's numbers as the table writes them
    assert table == chart
    page.screenshot(path=visitor.screenshot_path("followup-progress"), full_page=True)
    assert not visitor.unaudited()


def test_an_administrator_corrects_a_board_goal_and_removes_one_added_by_mistake(
        app, visitor, make_user, make_process):
    from app.models import Board, BoardGoal
    process = make_process()
    with app.app_context():
        goal = Goal(process_id=process.id, title="Alla elever klarar skolan", position=1,
                    status=GoalStatus.DECIDED, decided_by="KF 24/6",
                    decided_on=utcnow().date())
        board = Board(name="Barn- och ungdomsnämnden")
        db.session.add_all([goal, board, Board(name="Kultur- och fritidsnämnden")])
        db.session.flush()
        for title in ("Alla elever får stöd i tid", "Ett nämndmål av misstag"):
            board_goal = BoardGoal(goal_id=goal.id, board_id=board.id, title=title)
            board_goal.indicators = [Indicator(
                slot=1, name="Elever med stöd i tid", unit="%", direction="higher",
                baseline_value=60, baseline_year=2022, target_value=80, target_year=2030)]
            db.session.add(board_goal)
        db.session.commit()

    page = log_in_with_the_keyboard(visitor, make_user(role=Role.ADMIN).email)
    visitor.visit(f"/admin/namnder/{process.slug}/")
    page.get_by_role("link", name="Ändra eller ta bort ”Alla elever får stöd i tid”").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visitor.audit()
    title = page.get_by_label("Nämndmål", exact=True)
    title.focus()
    page.keyboard.press("Control+a")
    page.keyboard.type("Alla elever får stöd när de behöver det")
    page.get_by_label("Ansvarig nämnd eller bolag").select_option(
        label="Kultur- och fritidsnämnden")
    with page.expect_navigation():
        title.press("Enter")
    visitor.audit()
    expect(page.get_by_text("Nämndmålet är sparat.")).to_be_visible()
    expect(page.get_by_role("heading", name="Alla elever får stöd när de behöver det")) \
        .to_be_visible()
    expect(page.get_by_text("Ansvarig: Kultur- och fritidsnämnden")).to_be_visible()

    page.get_by_role("link", name="Ändra eller ta bort ”Ett nämndmål av misstag”").click()
    visitor.audit()
    remove = page.get_by_role("button", name="Ta bort nämndmålet Ett nämndmål av misstag")
    remove.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    visitor.audit()
    expect(page.get_by_text("Nämndmålet ”Ett nämndmål av misstag” är borttaget.")) \
        .to_be_visible()
    expect(page.get_by_role("heading", name="Ett nämndmål av misstag")).to_have_count(0)
    page.screenshot(path=visitor.screenshot_path("board-goal-corrected"), full_page=True)
