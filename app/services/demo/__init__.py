"""The demo process from the municipality's plan (Dnr KS 2019/017), with one account per role.

Only for development and demonstrations: load_demo() refuses to run in production.
"""
import random
from collections import Counter
import secrets
from datetime import date, datetime, timedelta

from flask_babel import force_locale, format_date
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from app.extensions import db
from app.i18n import format_period, from_local, to_local
from app.models import (AnswerStatus, Channel, District, Feature, FocusArea, Goal, Keyword,
                        OpenSpaceEvent,
                        OpenSpaceSession, PaperSupport, Phase, PhaseKind, Place, Process,
                        Proposal, ProposalStatus, Quote, Report, ReportReason, Role, SdgGoal,
                        Support, TextVersion, Theme, User)
from app.models.base import utcnow
from app.sanitize import clean_html, plain_text
from app.services import processes
from app.services.demo import (comments as demo_comments, followup as demo_followup,
                               proposals as demo_proposals, reach as demo_reach,
                               taxonomy as demo_taxonomy)
from app.services.participation import proposals, search
from app.services.people import personal_data, users
from app.services.errors import DomainError

DEMO_SLUG = "mal-for-mandatperioden-2019-2022"
DEMO_PASSWORD = "demo-dialog-2019"
DEMO_ACCOUNTS = (
    (Role.RESIDENT, "invanare@example.org", "Ingrid Invånare"),
    (Role.MODERATOR, "moderator@example.org", "Maja Moderator"),
    (Role.COMMITTEE, "ksau@example.org", "Kerstin Ledamot"),
    (Role.ADMIN, "admin@example.org", "Adam Administratör"),
    (Role.CONTROLLER, "controller@example.org", "Cecilia Controller"),
)

# {dialogue} and {ksau} are the dialogue phase's dates and the day KSAU formulates the
# goals, as the demo's timetable has them (moved or not): the text never contradicts it.
DESCRIPTION = (
    "Kommunfullmäktige ska besluta om 4–5 övergripande mål för mandatperioden, färre och "
    "tydligare än tidigare, med fokus på effekt för invånarna och en tydlig koppling till "
    "Agenda 2030. Målen ska hålla i två mandatperioder.\n\n"
    "Under dialogen, {dialogue}, vill vi höra dina idéer. Lämna förslag här på webben, på en "
    "av våra fysiska platser eller på en Open Space-workshop, och stöd andras förslag. "
    "Förslagen sammanfattas i nyckelord och strategiteman som kommunstyrelsens arbetsutskott "
    "(KSAU) använder när de formulerar målen den {ksau}."
)
KSAU_FORMULATES = "Formulera förslag till 4–5 mål"

RESULTS = {Feature.RESULTS}

# (body, name, kind, start, end, features, description); local Stockholm wall-clock times.
# Whole-day phases end at midnight after their last day. {budget_year} in a description is
# the year after the phase's (as moved), {budget_yy} its last two digits: SPB20 in 2019.
SEED_PHASES = (
    ("KSAU", "Dialog om plan och process", PhaseKind.DECISION,
     datetime(2019, 1, 16), datetime(2019, 1, 17), set(),
     "Arbetsutskottet för en dialog om plan och process för nya mål för mandatperioden."),
    ("KS, KF", "Godkännande av plan och process", PhaseKind.DECISION,
     datetime(2019, 2, 6), datetime(2019, 2, 26), set(),
     "Kommunstyrelsen och därefter kommunfullmäktige godkänner plan och process."),
    ("Extra KS", "Dialogworkshop om 4–5 fokusområden", PhaseKind.DECISION,
     datetime(2019, 2, 21, 13, 0), datetime(2019, 2, 21, 16, 30), set(),
     "Workshop för att lyfta politiskt viktiga delar att ha med i de nya övergripande målen."),
    ("Invånare", "Dialog med invånare", PhaseKind.DIALOGUE,
     datetime(2019, 3, 1), datetime(2019, 4, 1),
     {Feature.SUBMIT, Feature.SUPPORT, Feature.COMMENT},
     "Lämna förslag digitalt, på fysiska platser eller på 1–2 Open Space-workshoppar, och "
     "stöd andras förslag. Resultatet summeras till nyckelord och deras innebörd samt "
     "strategier och program."),
    ("Kommunledningskontoret", "Sammanställning av förslagen", PhaseKind.REVIEW,
     datetime(2019, 4, 1), datetime(2019, 4, 10), {Feature.REVIEW},
     "Moderatorerna går igenom och taggar förslagen och skriver sammanställningen."),
    ("KSAU", KSAU_FORMULATES, PhaseKind.DECISION,
     datetime(2019, 4, 10), datetime(2019, 4, 11), {Feature.REVIEW},
     "Arbetsutskottet formulerar förslag till 4–5 mål med hjälp av det summerade materialet "
     "från invånarna."),
    ("KS", "Godkännande av förslag till mål", PhaseKind.DECISION,
     datetime(2019, 5, 8), datetime(2019, 5, 9), set(),
     "Kommunstyrelsen godkänner förslaget till mål, med möjlighet till ändring."),
    ("KSAU, KS, KF", "Slutligt beslut om mål", PhaseKind.DECISION,
     datetime(2019, 5, 22), datetime(2019, 6, 25), RESULTS,
     "Slutligt beslut om målen i samband med SPB{budget_yy}, i KSAU, KS och till sist KF."),
    ("KSAU", "Dialog om strategiskt utvecklingsprogram", PhaseKind.INFORMATION,
     datetime(2019, 8, 28), datetime(2019, 9, 6), RESULTS,
     "Dialog om strategiskt utvecklingsprogram och hållbarhetsprogram i KSAU och på en "
     "strategisk utvecklingsdag."),
    ("KS, KF", "Beslut om strategiskt utvecklingsprogram", PhaseKind.DECISION,
     datetime(2019, 9, 11), datetime(2019, 10, 1), RESULTS,
     "Kommunstyrelsen och därefter kommunfullmäktige beslutar om programmet."),
    ("KF", "Beslut om programbudget", PhaseKind.DECISION,
     datetime(2019, 11, 25), datetime(2019, 11, 26), RESULTS,
     "Kommunfullmäktige beslutar om programbudget inklusive nämndmål {budget_year}."),
)

FOCUS_AREAS = (
    ("Trygghet och gemenskap",
     "En kommun där alla känner sig trygga och delaktiga, i bostadsområdet och i föreningslivet."),
    ("Hållbar miljö och klimat",
     "Minskad klimatpåverkan, ren natur och hållbara resor i vardagen."),
    ("Utbildning och arbete",
     "Goda förutsättningar att lära, växa och försörja sig, från förskola till arbetsliv."),
    ("Hälsa och livskvalitet",
     "Ett gott liv i alla åldrar: omsorg, kultur, idrott och fritid."),
    ("Attraktiv kommun att bo och verka i",
     "Bostäder, service och företagande som gör att fler vill bo, verka och stanna här."),
)

REAL_DIALOGUE_START = date(2019, 3, 1)


class DemoRefused(Exception):
    pass


def shift_for(today, real_dates):
    """Days to move the seed's timetable so its dialogue phase started a week ago."""
    if real_dates:
        return timedelta(0)
    return timedelta(days=(today - REAL_DIALOGUE_START).days - 7)


def load_demo(app_env, *, real_dates=False, today=None):
    """Load the demo process and accounts. Returns the process, or None if it already exists."""
    if app_env == "production":
        raise DemoRefused("The demo loader does not run in production.")
    if db.session.scalar(select(Process.id).where(Process.slug == DEMO_SLUG)) is not None:
        return None
    shift = shift_for(today or to_local(utcnow()).date(), real_dates)
    process = Process(slug=DEMO_SLUG, title="Mål för mandatperioden 2019–2022", support_limit=10)
    for body, name, kind, start, end, features, description in SEED_PHASES:
        budget_year = (start + shift).year + 1
        phase = Phase(body=body, name=name, kind=kind,
                      description=description.format(budget_year=budget_year,
                                                     budget_yy=f"{budget_year % 100:02d}"),
                      starts_at=from_local(start + shift), ends_at=from_local(end + shift))
        if kind == PhaseKind.DIALOGUE:
            _refuse_overlap(phase)
        phase.features = features
        process.phases.append(phase)
    dates = _dates_in_text(process.phases)
    process.description = DESCRIPTION.format(**dates)
    for position, (name, description) in enumerate(FOCUS_AREAS, start=1):
        process.focus_areas.append(FocusArea(name=name, description=description,
                                             position=position))
    db.session.add(process)
    for role, email, name in DEMO_ACCOUNTS:
        if users.find_by_email(email) is None:
            users.build_user(email=email, password=DEMO_PASSWORD, role=role, display_name=name,
                             verified=True)
    districts = _districts()
    dialogue_start = from_local(datetime(2019, 3, 1) + shift)
    _add_proposals(process, dialogue_start=dialogue_start, districts=districts)
    db.session.flush()
    demo_reach.add_reach(process, districts, dialogue_start)
    db.session.commit()
    demo_followup.load(today or to_local(utcnow()).date(), users.find_by_email(
        DEMO_ACCOUNTS[0][1]))
    db.session.commit()
    from app.services.insight import store as insight
    insight.refresh(process, now=utcnow())  # suggestions, duplicates and themes to try
    return process


def _dates_in_text(phases):
    """The dates the demo's texts name, in Swedish, from its phases as moved."""
    dialogue = next(p for p in phases if p.kind == PhaseKind.DIALOGUE)
    ksau = next(p for p in phases if p.name == KSAU_FORMULATES)
    with force_locale("sv"):
        return {"dialogue": format_period(dialogue.starts_at, dialogue.ends_at),
                "ksau": format_date(to_local(ksau.starts_at), "long")}


def _districts():
    """The demo's districts, unless the municipality has set up its own."""
    existing = processes.districts()
    if existing:
        return existing
    made = [District(name=name, position=n) for n, name in enumerate(demo_taxonomy.DISTRICTS, 1)]
    db.session.add_all(made)
    return made


def _add_proposals(process, dialogue_start, districts):
    """The example proposals, sent over the dialogue's first days, by residents who also
    support each other's: a few proposals gather many supports, most a handful. The demo
    resident wrote the first (and follows its answer on My pages) and supports a few."""
    rng = random.Random(2019)
    where = random.Random(2030)  # districts drawn apart, so the rest stays as it was
    now = utcnow()
    password_hash = generate_password_hash(secrets.token_urlsafe(16))
    residents = [User(email=f"demo-invanare-{n}@example.org", password_hash=password_hash,
                      display_name=rng.choice(RESIDENT_NAMES), role=Role.RESIDENT, active=True,
                      email_verified_at=now, privacy_accepted_at=now)
                 for n in range(1, 61)]
    db.session.add_all(residents)
    sent = min(now, dialogue_start + timedelta(days=6))
    year = to_local(sent).year
    first_number = proposals.next_number(year)
    used = Counter()  # supports per resident, within the process's limit
    sent_proposals = []
    demo_resident = users.find_by_email(DEMO_ACCOUNTS[0][1])
    for n, (area, title, text, show_name) in enumerate(demo_proposals.PROPOSALS):
        published = dialogue_start + (sent - dialogue_start) * rng.random()
        body = clean_html(text)
        proposal = Proposal(
            process=process, author=demo_resident if n == 0 else residents[n % len(residents)],
            district=where.choice([*districts, None]),
            focus_area=process.focus_areas[area], title=title, body=body,
            body_text=plain_text(body), personal_data=personal_data.kinds(f"{title}\n{text}"),
            show_name=show_name, status=ProposalStatus.PUBLISHED,
            year=year, number=first_number + n, published_at=published, created_at=published,
            shuffle_key=rng.randrange(2**31 - 1))
        free = [r for r in residents if r is not proposal.author
                and used[r.email] < process.support_limit]
        supporters = rng.sample(free, k=min(len(free), int(40 * rng.random() ** 2)))
        proposal.supports_count = len(supporters)
        db.session.add(proposal)
        for resident in supporters:
            used[resident.email] += 1
            db.session.add(Support(proposal=proposal, process=process, user=resident,
                                   slot=used[resident.email], created_at=published))
        db.session.flush()
        search.index(proposal)
        sent_proposals.append(proposal)
    for n in demo_taxonomy.SUPPORTED_BY_THE_DEMO_RESIDENT:
        sent_proposals[n].supports_count += 1
        db.session.add(Support(proposal=sent_proposals[n], process=process, user=demo_resident,
                               created_at=sent_proposals[n].published_at + timedelta(hours=2)))
    _moderate(process, sent_proposals, residents)
    _other_channels(process, dialogue_start, rng,
                    {district.name: district for district in districts})


def _other_channels(process, dialogue_start, rng, districts):
    """Two places, one Open Space with its sessions, and the proposals and paper supports
    that came from them: waiting for the moderators to tag. What was handed in at a place
    concerns the place's district."""
    places = [Place(name=name, address=address, opening_hours=hours, accessibility=access,
                    position=n)
              for n, (name, address, hours, access, _district) in
              enumerate(demo_taxonomy.PLACES, 1)]
    day = to_local(dialogue_start).date()
    title, theme, facilitator, participants = demo_taxonomy.OPEN_SPACE
    event = OpenSpaceEvent(process=process, title=title, theme=theme, facilitator=facilitator,
                           participants=participants, held_on=day + timedelta(days=3),
                           place=places[0])
    db.session.add_all([*places, event])
    entries = []
    for topic, convener, count, summary, advice, written in demo_taxonomy.SESSIONS:
        session = OpenSpaceSession(topic=topic, convener=convener, participants=count,
                                   summary=summary, recommendations=advice)
        event.sessions.append(session)
        entries += [(Channel.OPEN_SPACE, None, session, None, title_, text, area,
                     rng.randint(4, 14), event.held_on) for title_, text, area in written]
    entries += [(Channel.PLACE, places[place], None,
                 districts.get(demo_taxonomy.PLACES[place][4]), title_, text, area, supports,
                 day + timedelta(days=2 + n))
                for n, (place, title_, text, area, supports)
                in enumerate(demo_taxonomy.PAPER_PROPOSALS)]
    for channel, place, session, district, title_, text, area, supports, received in entries:
        body = clean_html(f"<p>{text}</p>")
        published = from_local(datetime.combine(received, datetime.min.time())
                               + timedelta(hours=15))
        year = to_local(published).year  # referenced as if entered that afternoon
        proposal = Proposal(
            process=process, author=None, channel=channel, place=place, session=session,
            district=district, received_on=received, focus_area=process.focus_areas[area],
            title=title_, body=body, body_text=plain_text(body), status=ProposalStatus.PUBLISHED,
            year=year, number=proposals.next_number(year), published_at=published,
            created_at=published, shuffle_key=rng.randrange(2**31 - 1),
            paper_supports_count=supports)
        proposal.paper_supports.append(PaperSupport(
            count=supports, place=place, session=session, given_on=received))
        db.session.add(proposal)
        db.session.flush()
        search.index(proposal)


def _moderate(process, sent, residents):
    """The moderators' work so far: themes and keywords, most proposals tagged and
    answered, the last few left to do, and one proposal reported twice."""
    themes = [Theme(process=process, name=name, description=description,
                    sdg_goals=[db.session.get(SdgGoal, n) for n in goals])
              for name, description, goals in demo_taxonomy.THEMES]
    keywords = {name: Keyword(process=process, name=name, meaning=meaning, theme=themes[theme])
                for name, meaning, theme in demo_taxonomy.KEYWORDS}
    db.session.add_all([*themes, *keywords.values()])
    for n, names in demo_taxonomy.TAGS.items():
        proposal = sent[n]
        proposal.keywords = [keywords[name] for name in names]
        proposal.keyword_count = len(names)
        proposal.themes = list({k.theme.name: k.theme for k in proposal.keywords}.values())
        # The moderators tagged the goals of the proposal's themes, and a few more.
        goals = {g.number for t in proposal.themes for g in t.sdg_goals}
        goals |= set(demo_taxonomy.GOALS.get(n, ()))
        proposal.sdg_goals = [db.session.get(SdgGoal, g) for g in sorted(goals)]
        proposal.reviewed_at = proposal.published_at + timedelta(days=1)
    dates = _dates_in_text(process.phases)
    for n, (status, text) in demo_taxonomy.ANSWERS.items():
        sent[n].answer_status, sent[n].answer_text = AnswerStatus(status), text.format(**dates)
        sent[n].answered_at = sent[n].published_at + timedelta(days=2)
    moderator = users.find_by_email(DEMO_ACCOUNTS[1][1])
    for index, text in demo_taxonomy.SYNTHESES.items():
        themes[index].synthesis = text
    db.session.flush()
    db.session.add_all(TextVersion(target_type="theme", target_id=themes[index].id, body=text,
                                   author_id=moderator.id, author_name=moderator.display_name)
                       for index, text in demo_taxonomy.SYNTHESES.items())
    db.session.add_all(Quote(theme=themes[theme], proposal=sent[proposal], text=text,
                             picked_by_id=moderator.id)
                       for proposal, theme, text in demo_taxonomy.QUOTES)
    # KSAU has begun: two goals drafted from the themes, with proposals as evidence.
    db.session.add_all(Goal(process=process, title=title, description=description,
                            position=n, themes=[themes[t] for t in theme_indexes],
                            proposals=[sent[p] for p in proposal_indexes])
                       for n, (title, description, theme_indexes, proposal_indexes)
                       in enumerate(demo_taxonomy.GOALS_DRAFTED, start=1))
    reported = sent[35]
    db.session.add_all(Report(proposal_id=reported.id, user=resident,
                              reason=ReportReason.INDIVIDUAL_CASE,
                              note="Gäller nog ett enskilt bygglovsärende.")
                       for resident in residents[-2:])
    demo_comments.add(process, sent, residents, moderator)


RESIDENT_NAMES = ("Anna", "Erik", "Fatima", "Johan", "Leila", "Mikael", "Sara", "Ahmed",
                  "Karin", "Oskar", "Elin", "Yusuf", None, None, None)


def _refuse_overlap(dialogue):
    try:
        processes.refuse_overlapping_dialogue(None, dialogue.starts_at, dialogue.ends_at)
    except DomainError as error:
        raise DemoRefused(f"The demo's dialogue phase would overlap another: {error}")
