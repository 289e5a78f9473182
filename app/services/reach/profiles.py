"""The optional questions about participants and their answers.

The answers are stored without the account: a row carries only `owner_key`, a keyed hash
(HMAC with the application's secret) of the account and the process. With it the portal
asks a resident once per process and deletes the answers with the account; without the
secret the table links to no one, and no page or export reads a single row.
"""
import datetime as dt
import hashlib
import hmac

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.i18n import lazy_gettext as _l
from app.models import (AGE_BANDS, DECLINED, Channel, District, ParticipantProfile, Process,
                        ProfileAnswer, ProfileQuestion)
from app.permissions import Permission, require
from app.services import audit, processes
from app.services.errors import DomainError, commit_or_raise

CHOICES_MIN, CHOICES_MAX = 2, 8
BAD_CHOICES = _l("Give two to eight choices, one per line, each at most 120 characters.")
ALREADY_ANSWERED = _l("You have already answered these questions.")
UNKNOWN_ANSWER = _l("Choose one of the answers given.")


def owner_key(user, process):
    secret = current_app.config["SECRET_KEY"].encode()
    message = f"participant-profile:{user.id}:{process.id}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def questions_of(process):
    """The administrator's own questions for the process, in order."""
    return db.session.scalars(select(ProfileQuestion).where(
        ProfileQuestion.process_id == process.id)
        .order_by(ProfileQuestion.position, ProfileQuestion.id)).all()


def has_answered(user, process):
    """Whether the resident was asked in this process already (answers or not)."""
    return db.session.scalar(select(ParticipantProfile.id).where(
        ParticipantProfile.process_id == process.id,
        ParticipantProfile.owner_key == owner_key(user, process))) is not None


def unasked_process(user, now):
    """The featured process, if the person has not yet been asked the questions in it."""
    process = processes.featured_process(now)
    return process if process is not None and not has_answered(user, process) else None


def week_of(day):
    return day - dt.timedelta(days=day.weekday())


def _profile(process, *, channel, day, age_band, district, answers):
    """A new profile from the answers as given: None (not answered), DECLINED or a value.
    `district` is a District id, DECLINED or None; `answers` maps question ids to a choice,
    DECLINED or None."""
    if age_band not in (None, DECLINED, *AGE_BANDS):
        raise DomainError(UNKNOWN_ANSWER, "age_band")
    district_id = None
    if district not in (None, DECLINED):
        district_id = db.session.scalar(select(District.id).where(District.id == district))
        if district_id is None:
            raise DomainError(UNKNOWN_ANSWER, "district")
    profile = ParticipantProfile(process_id=process.id, channel=channel, week=week_of(day),
                                 age_band=age_band, district_id=district_id,
                                 district_declined=district == DECLINED)
    for question in questions_of(process):
        choice = answers.get(question.id)
        if choice is None:
            continue
        if choice != DECLINED and choice not in question.choices:
            raise DomainError(UNKNOWN_ANSWER, f"question_{question.id}")
        profile.answers.append(ProfileAnswer(question_id=question.id,
                                             choice=None if choice == DECLINED else choice))
    return profile


DECLINE_WORDS = {"vill inte svara", "vill ej svara", "avstar", "prefer not to say", DECLINED}


def read_age(text):
    """An age band as written in a file ("18-24", "18–24", "80+"), DECLINED, None for an
    empty cell, or ValueError."""
    text = " ".join(text.replace("–", "-").replace("å", "a").casefold().split())
    if not text:
        return None
    if text in DECLINE_WORDS:
        return DECLINED
    text = text.replace(" ", "").replace("+", "-").replace("ar", "")
    if text not in AGE_BANDS:
        raise ValueError(text)
    return text


def read_district(text, districts):
    """A district id from its name ({compared name: id}), DECLINED, None, or ValueError."""
    key = " ".join(text.replace("å", "a").casefold().split())
    if not key:
        return None
    if key in DECLINE_WORDS:
        return DECLINED
    return districts[key]


def read_choice(text, question):
    """An answer to `question` as written in a file: one of its choices (case aside),
    DECLINED, None for an empty cell, or ValueError."""
    key = " ".join(text.replace("å", "a").casefold().split())
    if not key:
        return None
    if key in DECLINE_WORDS:
        return DECLINED
    for choice in question.choices:
        if " ".join(choice.replace("å", "a").casefold().split()) == key:
            return choice
    raise ValueError(text)


def answer(user, process, *, day, age_band=None, district=None, answers=None):
    """The resident's answers, once per process; a second time is refused, also when two
    requests race (the unique key decides)."""
    profile = _profile(process, channel=Channel.DIGITAL, day=day, age_band=age_band,
                       district=district, answers=answers or {})
    profile.owner_key = owner_key(user, process)
    db.session.add(profile)
    commit_or_raise(DomainError(ALREADY_ANSWERED))


def paper_profile(process, *, channel, day, age_band=None, district=None, answers=None):
    """The answers from a paper form or an imported row, added to the caller's unit of work
    (nothing links them to the proposal they came with). None when nothing was answered."""
    answers = answers or {}
    if age_band is None and district is None and not any(answers.values()):
        return None
    profile = _profile(process, channel=channel, day=day, age_band=age_band,
                       district=district, answers=answers)
    db.session.add(profile)
    return profile


def answers_of(user):
    """The person's own answers, process by process, for their data export (GDPR 15)."""
    keys = {owner_key(user, process): process for process in db.session.scalars(select(Process))}
    if not keys:
        return []
    found = db.session.scalars(select(ParticipantProfile).where(
        ParticipantProfile.owner_key.in_(keys))).all()
    districts = dict(db.session.execute(select(District.id, District.name)).all())
    questions = {q.id: q.text for q in db.session.scalars(select(ProfileQuestion))}
    return [{"process": keys[p.owner_key].slug, "week": p.week.isoformat(),
             "age_band": p.age_band,
             "district": DECLINED if p.district_declined else districts.get(p.district_id),
             "answers": {questions[a.question_id]: a.choice or DECLINED for a in p.answers}}
            for p in found]


def forget(user):
    """Delete the person's answers in every process: part of deleting the account; the
    caller commits."""
    keys = [owner_key(user, process) for process in db.session.scalars(select(Process))]
    if keys:
        db.session.execute(delete(ParticipantProfile).where(
            ParticipantProfile.owner_key.in_(keys)).execution_options(
                synchronize_session=False))


def save_question(actor, process, *, text, choices, position=0, question=None):
    require(actor, Permission.MANAGE_PROCESSES)
    choices = [line.strip() for line in choices.splitlines() if line.strip()]
    if not CHOICES_MIN <= len(choices) <= CHOICES_MAX or len(set(choices)) != len(choices) \
            or any(len(choice) > 120 or choice == DECLINED for choice in choices):
        raise DomainError(BAD_CHOICES, "choices")
    before = audit.snapshot(question, "text", "choices") if question else None
    question = question or ProfileQuestion(process_id=process.id)
    question.text, question.choices, question.position = text.strip(), choices, position
    db.session.add(question)
    try:
        db.session.flush()
    except IntegrityError:  # the process went away meanwhile
        db.session.rollback()
        raise DomainError(BAD_CHOICES, "choices")
    after = audit.snapshot(question, "text", "choices")
    audit.record(actor, "profile_question.create" if before is None
                 else "profile_question.update", question, before=before, after=after,
                 process_id=process.id)
    db.session.commit()
    return question
