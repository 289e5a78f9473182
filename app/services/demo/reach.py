"""The demo's reach: a plausible population for its districts, the example residents'
answers to the optional questions (young people and the countryside barely heard, as is
common), a question of the process's own, and one public visit planned to meet the young.
The demo resident has not answered, so logging in as them shows the invitation."""
import random
from datetime import timedelta

from sqlalchemy import func, select

from app.extensions import db
from app.i18n import to_local
from app.models import (AGE_BANDS, DECLINED, Channel, OutreachAction, ParticipantProfile,
                        PopulationFigure, ProfileAnswer, ProfileQuestion, User)
from app.models.base import utcnow
from app.services.reach import profiles

# People per age band in a district of a mid-sized municipality, before its own scale.
AGE_PROFILE = {"13-17": 6, "18-24": 9, "25-34": 14, "35-44": 13, "45-64": 25, "65-79": 16,
               "80-": 5}
DISTRICT_SIZE = {"Centrum": 180, "Norrby": 140, "Söderby": 120, "Västra landsbygden": 60}
# Who answered: the bands' weights among the example residents (the young barely heard).
HEARD = {"13-17": 0.5, "18-24": 2, "25-34": 8, "35-44": 10, "45-64": 20, "65-79": 12,
         "80-": 2, DECLINED: 2, None: 2}
DISTRICTS_HEARD = {"Centrum": 20, "Norrby": 12, "Söderby": 9, "Västra landsbygden": 1,
                   DECLINED: 2, None: 2}


def add_reach(process, districts, dialogue_start):
    rng = random.Random(1729)
    by_name = {district.name: district for district in districts}
    if not db.session.scalar(select(func.count()).select_from(PopulationFigure)):
        db.session.add_all(
            PopulationFigure(district_id=district.id, age_band=band,
                             count=DISTRICT_SIZE.get(district.name, 100) * share)
            for district in districts for band, share in AGE_PROFILE.items())
    question = ProfileQuestion(process_id=process.id, text="Jag arbetar i kommunen",
                               choices=["Ja", "Nej"], position=0)
    db.session.add(question)
    db.session.flush()
    today = to_local(utcnow()).date()
    days = min(30, max(0, (today - to_local(dialogue_start).date()).days))  # March only
    residents = db.session.scalars(select(User).where(
        User.email.like("demo-invanare-%@example.org")).order_by(User.id)).all()
    for n, resident in enumerate(residents):
        band = rng.choices(list(HEARD), weights=list(HEARD.values()))[0]
        where = rng.choices(list(DISTRICTS_HEARD), weights=list(DISTRICTS_HEARD.values()))[0]
        answered_on = to_local(dialogue_start).date() + timedelta(days=rng.randint(0, days))
        profile = ParticipantProfile(
            process_id=process.id, owner_key=profiles.owner_key(resident, process),
            channel=Channel.DIGITAL, week=profiles.week_of(answered_on), age_band=band,
            district_id=by_name[where].id if where in by_name else None,
            district_declined=where == DECLINED)
        profile.answers.append(ProfileAnswer(question_id=question.id, choice=rng.choice(
            ["Ja", "Nej", "Nej", "Nej", None])))
        db.session.add(profile)
    norrby = by_name.get("Norrby")
    db.session.add(OutreachAction(
        process_id=process.id, place="Fritidsgården i Norrby", held_on=today + timedelta(days=3),
        hours="15–18", group="Unga 13–17 år", age_band=AGE_BANDS[0],
        district_id=norrby.id if norrby else None, public=True,
        description="Personal från kommunen finns på plats med fika. Berätta vad som skulle "
                    "göra kommunen bättre för dig, eller skriv ditt förslag direkt."))
