from datetime import datetime, timedelta, timezone

import pytest
from flask import session

from app.i18n import LOCAL_TIMEZONE, format_period
from app.models import Feature, Phase, PhaseKind, Process
from app.models.base import UTCDateTime
from app.templating import days_left


def local(*args):
    return datetime(*args, tzinfo=LOCAL_TIMEZONE)


@pytest.mark.parametrize("start, end, swedish, english", [
    (local(2019, 1, 16), local(2019, 1, 17), "16 januari 2019", "January 16, 2019"),
    (local(2019, 3, 1), local(2019, 4, 1), "1–31 mars 2019", "March 1 – 31, 2019"),
    (local(2019, 3, 1), local(2019, 3, 31, 23, 59), "1–31 mars 2019", "March 1 – 31, 2019"),
    (local(2019, 5, 22), local(2019, 6, 25), "22 maj–24 juni 2019", "May 22 – June 24, 2019"),
    (local(2019, 2, 21, 13), local(2019, 2, 21, 16, 30), "21 februari 2019 13:00–16:30",
     "February 21, 2019 13:00–16:30"),
    (local(2019, 12, 30), local(2020, 1, 3), "30 december 2019 – 2 januari 2020",
     "December 30, 2019 – January 2, 2020"),
])
def test_periods_read_as_swedish_dates(app, start, end, swedish, english):
    with app.test_request_context():
        assert format_period(start, end) == swedish
    with app.test_request_context():
        session["language"] = "en"
        assert format_period(start, end).replace("\u2009", " ") == english


def test_periods_are_shown_in_stockholm_time_whatever_they_were_stored_in(app):
    start = datetime(2019, 2, 28, 23, 0, tzinfo=timezone.utc)  # 1 March 00:00 in Stockholm
    end = datetime(2019, 3, 31, 22, 0, tzinfo=timezone.utc)  # 1 April 00:00, summer time
    with app.test_request_context():
        assert format_period(start, end) == "1–31 mars 2019"


def test_days_left_counts_a_started_day_as_one():
    now = datetime(2019, 3, 20, 12, tzinfo=timezone.utc)
    assert days_left(now + timedelta(days=11, hours=12), now) == 12
    assert days_left(now + timedelta(days=1), now) == 1
    assert days_left(now - timedelta(days=1), now) == 0


def test_utc_datetime_refuses_naive_values():
    with pytest.raises(ValueError):
        UTCDateTime().process_bind_param(datetime(2019, 3, 1), dialect=None)


def phase(name, start, end, kind=PhaseKind.DECISION):
    return Phase(name=name, kind=kind, starts_at=start, ends_at=end)


def test_current_and_next_phase():
    process = Process(phases=[
        phase("KS", local(2019, 2, 6), local(2019, 2, 26)),
        phase("Workshop", local(2019, 2, 21, 13), local(2019, 2, 21, 16, 30)),
        phase("Dialog", local(2019, 3, 1), local(2019, 4, 1), PhaseKind.DIALOGUE),
        phase("Överlappande möte", local(2019, 3, 10), local(2019, 3, 11)),
    ])
    assert process.current_phase(local(2019, 2, 21, 14)).name == "Workshop"  # latest start
    assert process.current_phase(local(2019, 3, 10, 12)).name == "Dialog"  # dialogue wins
    assert process.current_phase(local(2019, 2, 27)) is None
    assert process.next_phase(local(2019, 2, 27)).name == "Dialog"
    assert process.next_phase(local(2019, 5, 1)) is None
    assert process.phases[2].status(local(2019, 4, 1)) == "past"  # ends are exclusive
    assert process.phases[2].status(local(2019, 3, 1)) == "current"


def test_a_feature_is_open_only_while_a_phase_that_has_it_runs():
    dialogue = phase("Dialog", local(2019, 3, 1), local(2019, 4, 1), PhaseKind.DIALOGUE)
    dialogue.features = {Feature.SUBMIT, Feature.SUPPORT}
    review = phase("Sammanställning", local(2019, 4, 1), local(2019, 4, 10), PhaseKind.REVIEW)
    review.features = {Feature.REVIEW}
    process = Process(phases=[dialogue, review])
    assert process.is_open_for(Feature.SUBMIT, local(2019, 3, 31, 23, 59))
    assert not process.is_open_for(Feature.SUBMIT, local(2019, 4, 1))
    assert process.is_open_for(Feature.REVIEW, local(2019, 4, 1))
    assert not process.is_open_for(Feature.SUPPORT, local(2019, 2, 28))
