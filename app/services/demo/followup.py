"""The demo's earlier process: its dialogue is long over, its goals decided and published,
each with indicators (two from recorded Kolada answers), board goals and one approved
interim report. Residents see it beside today's process and can follow its goals up."""
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from app.extensions import db
from app.models import (Board, BoardGoal, BoardKind, Direction, Feature, FocusArea,
                        FollowUpPeriod, Goal, GoalAssessment, GoalStatus, Indicator,
                        IndicatorSource, IndicatorValue, PeriodKind, PeriodReading, Phase,
                        PhaseKind, Process, Proposal, ProposalStatus, Rating, SdgGoal, Theme)
from app.models.base import utcnow
from app.paths import DATA_DIR
from app.sanitize import clean_html, plain_text
from app.services.participation import proposals, search
from app.services.followup import kolada

EARLIER_SLUG = "mal-for-mandatperioden-2015-2018"
KOLADA_DIR = Path(DATA_DIR) / "kolada"
MUNICIPALITY = "1980"
BOARDS = (("Barn- och ungdomsnämnden", BoardKind.BOARD), ("Tekniska nämnden", BoardKind.BOARD),
          ("Socialnämnden", BoardKind.BOARD), ("Kultur- och fritidsnämnden", BoardKind.BOARD),
          ("Bostadsbolaget AB", BoardKind.COMPANY))
PROPOSALS = (
    ("Läxhjälp på biblioteket", "Gratis läxhjälp för alla elever två kvällar i veckan.", 0),
    ("Fler vuxna på skolgården", "Fler rastvakter gör att barnen känner sig trygga.", 0),
    ("Sommarjobb till alla unga", "Alla 16-åringar borde få erbjudande om sommarjobb.", 1),
    ("Trygga cykelvägar till jobbet", "Separera cykel och bil längs infarterna.", 1),
)
# (title, description, sdg numbers, proposals by index, rating, assessment text)
GOALS = (
    ("Alla barn och unga klarar skolan och mår bra",
     "Fler elever går ut grundskolan med godkända betyg, och fler känner sig trygga i skolan.",
     (4, 10), (0, 1), Rating.PARTLY,
     "Andelen behöriga till gymnasiet ökar, men skillnaderna mellan skolorna består."),
    ("Fler invånare har ett arbete att gå till",
     "Arbetslösheten minskar, särskilt bland unga och utrikes födda.",
     (8,), (2, 3), Rating.ACHIEVED,
     "Arbetslösheten har minskat i två år i följd och prognosen når målet."),
)


def load(today, resident):
    """Add the earlier process, unless it is there. `resident`: the demo resident, who
    wrote one of its proposals and asked to be told of the results."""
    if db.session.scalar(select(Process.id).where(Process.slug == EARLIER_SLUG)):
        return None
    now = utcnow()
    ago = now - timedelta(days=3 * 365)
    process = Process(slug=EARLIER_SLUG, title="Mål för mandatperioden 2015–2018",
                      description="Dialogen är avslutad och målen är beslutade. Här följer vi "
                                  "upp hur det går för varje mål.",
                      results_published_at=ago + timedelta(days=120))
    dialogue = Phase(body="Invånare", name="Dialog med invånare", kind=PhaseKind.DIALOGUE,
                     starts_at=ago, ends_at=ago + timedelta(days=31))
    dialogue.features = {Feature.SUBMIT, Feature.SUPPORT}
    decision = Phase(body="KF", name="Beslut om mål", kind=PhaseKind.DECISION,
                     starts_at=ago + timedelta(days=90), ends_at=ago + timedelta(days=91))
    process.phases.extend([dialogue, decision])
    process.focus_areas.extend([FocusArea(name="Utbildning", position=1),
                                FocusArea(name="Arbete", position=2)])
    theme = Theme(process=process, name="Barn och unga")
    db.session.add_all([process, theme])
    resident.notify_results = True
    made = _proposals(process, ago, resident)
    year = today.year
    db.session.add_all([Board(name=name, kind=kind) for name, kind in BOARDS
                        if not db.session.scalar(select(Board.id).where(Board.name == name))])
    boards = {b.name: b for b in db.session.scalars(select(Board))}
    period = FollowUpPeriod(process=process, kind=PeriodKind.INTERIM, year=year - 1,
                            approved_at=now - timedelta(days=60))
    db.session.add(period)
    for position, (title, text, sdgs, backing, rating, assessment) in enumerate(GOALS, 1):
        goal = Goal(process=process, title=title, description=text, position=position,
                    status=GoalStatus.DECIDED, decided_on=date(year - 3, 6, 24),
                    decided_by="KF 24/6")
        goal.sdg_goals = db.session.scalars(select(SdgGoal).where(
            SdgGoal.number.in_(sdgs))).all()
        goal.proposals = [made[i] for i in backing]
        goal.themes = [theme] if position == 1 else []
        db.session.add(goal)
        db.session.add(GoalAssessment(period=period, goal=goal, rating=rating, text=assessment))
        _indicators(goal, position, boards)
    db.session.flush()
    _kolada_from_recordings(now)
    for goal in process_goals(process):
        for indicator in goal.indicators:
            latest = indicator.values[-1].value if indicator.values else None
            db.session.add(PeriodReading(period=period, indicator=indicator, value=latest,
                                         forecast=latest))
    return process


def process_goals(process):
    return db.session.scalars(select(Goal).where(Goal.process_id == process.id)).all()


def _proposals(process, ago, resident):
    year = ago.year
    first = proposals.next_number(year)
    made = []
    for n, (title, text, area) in enumerate(PROPOSALS):
        body = clean_html(f"<p>{text}</p>")
        proposal = Proposal(process=process, author=resident, title=title, body=body,
                            body_text=plain_text(body), focus_area=process.focus_areas[area],
                            status=ProposalStatus.PUBLISHED, year=year, number=first + n,
                            published_at=ago + timedelta(days=n + 1),
                            created_at=ago + timedelta(days=n + 1), shuffle_key=n)
        db.session.add(proposal)
        db.session.flush()
        search.index(proposal)
        made.append(proposal)
    return made


def _indicators(goal, position, boards):
    """Each goal's indicators (one from Kolada), and two board goals with their own."""
    if position == 1:
        kolada_one = Indicator(name="Elever i åk 9 som är behöriga till gymnasiet", unit="%",
                               direction=Direction.HIGHER, baseline_value=86.0,
                               baseline_year=2019, target_value=92.0, target_year=2030,
                               source=IndicatorSource.KOLADA, kolada_kpi="N15419",
                               kolada_municipality=MUNICIPALITY)
        own = Indicator(name="Elever som känner sig trygga i skolan", unit="%",
                        direction=Direction.HIGHER, baseline_value=81, baseline_year=2019,
                        target_value=90, target_year=2030)
        own.values = [IndicatorValue(year=y, value=v, origin="manual")
                      for y, v in ((2020, 82), (2021, 83), (2022, 85), (2023, 84))]
        board_goals = (("Alla elever får stöd i tid", "Barn- och ungdomsnämnden"),
                       ("Trygga skolvägar", "Tekniska nämnden"))
    else:
        kolada_one = Indicator(name="Arbetslöshet 16–64 år", unit="%",
                               direction=Direction.LOWER, baseline_value=6.4,
                               baseline_year=2019, target_value=5.0, target_year=2030,
                               source=IndicatorSource.KOLADA, kolada_kpi="N00945",
                               kolada_municipality=MUNICIPALITY)
        own = None
        board_goals = (("Fler unga i feriearbete", "Kultur- och fritidsnämnden"),
                       ("Fler i egen försörjning", "Socialnämnden"))
    goal.indicators = [i for i in (kolada_one, own) if i is not None]
    for title, board in board_goals:
        board_goal = BoardGoal(goal=goal, board=boards[board], title=title)
        board_goal.indicators = [Indicator(
            slot=1, name=f"{title}: andel som når målet", unit="%",
            direction=Direction.HIGHER, baseline_value=60, baseline_year=2019,
            target_value=80, target_year=2030,
            values=[IndicatorValue(year=2022, value=66), IndicatorValue(year=2023, value=70)])]
        db.session.add(board_goal)


def _kolada_from_recordings(now):
    """The Kolada indicators' values from Kolada's answers recorded for the demo, through
    the same reading and storing as a fetch: the demo never goes to the network."""
    for indicator in db.session.scalars(select(Indicator).where(
            Indicator.source == IndicatorSource.KOLADA)):
        path = KOLADA_DIR / f"{indicator.kolada_kpi}_{indicator.kolada_municipality}.json"
        body = path.read_text(encoding="utf-8")
        series, _next = kolada.parse(body, indicator.kolada_kpi, indicator.kolada_municipality)
        kolada.store(indicator.kolada_kpi, indicator.kolada_municipality, series, body, now,
                     [indicator])
