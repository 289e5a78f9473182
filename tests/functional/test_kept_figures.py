"""The KSAU summary's kept figures: every kind of change to the input makes them stale,
and once recounted they equal a full count; a view never recounts more than once at a
time, and says when its figures were counted."""
import datetime as dt
import threading

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import (Place, Process, Proposal, ReportReason, Role, SummarySnapshot, User,
                        WithdrawalReason)
from app.models.base import utcnow
from app.services import content_version
from app.services.participation import imports, paper, proposals, supports
from app.services.reporting import summary
from app.services.review import merging, moderation
from tests.functional.test_channels import TODAY, csv_bytes, library_rows
from tests.functional.test_summary import input_data  # noqa: F401  (a fixture)


@pytest.fixture
def process(make_process):
    return make_process(focus_areas=("Trygghet och gemenskap", "Hållbar miljö"))


def later(minutes=2):
    return utcnow() + dt.timedelta(minutes=minutes)


def test_every_kind_of_change_is_counted_once_the_figures_are_recounted(
        app, process, input_data, make_user):  # noqa: F811
    moderator_id = make_user(role=Role.MODERATOR).id
    resident_id = make_user().id
    ids = input_data["ids"]
    app.config["SUMMARY_MAX_AGE"] = 60

    def get(model, id_):
        return db.session.get(model, id_)

    changes = {
        "support": lambda: supports.cast_support(get(User, resident_id), get(Proposal, ids[3]),
                                                 utcnow()),
        "take back": lambda: supports.withdraw_support(get(User, resident_id),
                                                       get(Proposal, ids[3]), utcnow()),
        "paper supports": lambda: paper.record_supports(
            get(User, moderator_id), get(Proposal, ids[3]), count=7, given_on=TODAY,
            place_id=db.session.scalar(select(Place.id)), now=utcnow()),
        "hide": lambda: moderation.hide(
            get(User, moderator_id), get(Proposal, ids[2]), reason=ReportReason.ILLEGAL,
            message="", revision=get(Proposal, ids[2]).revision, now=utcnow()),
        "merge": lambda: merging.merge(
            get(User, moderator_id), get(Proposal, ids[3]), get(Proposal, ids[0]),
            revision=get(Proposal, ids[3]).revision, now=utcnow()),
        "take back the merge": lambda: merging.unmerge(
            get(User, moderator_id), get(Proposal, ids[3]),
            revision=get(Proposal, ids[3]).revision, now=utcnow()),
        "withdraw": lambda: proposals.withdraw(
            get(Proposal, ids[0]), get(Proposal, ids[0]).author,
            reason=WithdrawalReason.OTHER, note="", now=utcnow()),
        "import": lambda: imports.commit(
            get(User, moderator_id), get(Process, process.id),
            imports.upload(get(User, moderator_id), get(Process, process.id),
                           filename="forslag.csv", content=csv_bytes(library_rows(3))),
            utcnow()),
    }
    with app.test_request_context():  # some changes email a link
        summary.kept_figures(get(Process, process.id), utcnow())  # counted and kept
        for name, change in changes.items():
            kept_before = summary.kept_figures(get(Process, process.id), utcnow())[0]
            version = content_version.current()
            change()
            db.session.commit()
            assert content_version.current() > version, name
            # Within the allowed age the kept figures are read as they were...
            assert summary.kept_figures(get(Process, process.id), utcnow())[0] == kept_before
            # ...and after it, recounted: equal to a full count of the input now.
            figures, counted_at = summary.kept_figures(get(Process, process.id), later())
            assert figures == summary.count(get(Process, process.id)), name
            if name != "withdraw":  # a withdrawn proposal stays in the input
                assert figures != kept_before, name
            db.session.get(SummarySnapshot, process.id).computed_at = utcnow()
            db.session.commit()


def test_the_dashboard_says_when_its_figures_were_counted_and_recounts_after_a_change(
        app, client, login_as, process, input_data, make_proposal):  # noqa: F811
    login_as(Role.COMMITTEE)
    html = client.get(f"/ksau/{process.slug}/").get_data(as_text=True)
    assert "Siffrorna räknades" in html
    app.config["SUMMARY_MAX_AGE"] = 3600
    make_proposal(process, title="Ett nytt förslag om torget", focus_area=None)
    assert client.get(f"/ksau/{process.slug}/").status_code == 200
    with app.app_context():  # the figures of a moment ago were shown, not recounted
        stale = db.session.get(SummarySnapshot, process.id)
        assert stale.version < content_version.current()
    app.config["SUMMARY_MAX_AGE"] = 0
    client.get(f"/ksau/{process.slug}/")
    with app.app_context():
        assert db.session.get(SummarySnapshot, process.id).version == content_version.current()


def test_only_one_of_many_views_at_once_recounts(app, process, input_data):  # noqa: F811
    with app.app_context():
        summary.kept_figures(db.session.get(Process, process.id), utcnow())
        db.session.get(Proposal, input_data["ids"][0]).title = "Cykelvägar till alla skolor"
        db.session.commit()
    claimed, barrier = [], threading.Barrier(6)

    def view():
        with app.app_context():
            snapshot = db.session.get(SummarySnapshot, process.id)
            barrier.wait()
            claimed.append(summary._claim(snapshot, later()))
            db.session.remove()
    threads = [threading.Thread(target=view) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(claimed) == [False] * 5 + [True]


def test_the_refresh_command_recounts_outside_any_request(app, runner, process,
                                                          input_data):  # noqa: F811
    result = runner.invoke(args=["summary", "refresh"])
    assert result.exit_code == 0, result.output
    assert f"{process.slug}: counted" in result.output
    with app.app_context():
        kept = db.session.get(SummarySnapshot, process.id)
        assert kept.version == content_version.current()
        assert summary.kept_figures(db.session.get(Process, process.id), utcnow())[0] == \
            summary.count(db.session.get(Process, process.id))
