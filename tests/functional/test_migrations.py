"""The migrations build exactly the models' schema, and go down and up again cleanly."""
import flask_migrate
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, func, inspect, select, text
from sqlalchemy.engine import make_url

from app import create_app
from app.extensions import db
from app.models import SdgGoal
from tests.support.config import config_for


@pytest.fixture
def scratch_database_url(database_url, tmp_path):
    """An empty database beside the test database: a file on SQLite, a new database on
    PostgreSQL."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path / 'scratch.sqlite3'}"
        return
    name = f"{url.database}_scratch"
    server = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield url.set(database=name).render_as_string(hide_password=False)
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    server.dispose()


def test_migrations_upgrade_from_empty_downgrade_to_base_and_upgrade_again(scratch_database_url):
    app = create_app(config_for(scratch_database_url))
    with app.app_context():
        flask_migrate.upgrade()
        assert _schema_differences() == []
        assert db.session.scalar(select(func.count()).select_from(SdgGoal)) == 17
        db.session.remove()

        flask_migrate.downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}

        flask_migrate.upgrade()
        assert _schema_differences() == []
        assert db.session.get(SdgGoal, 13).name_sv == "Bekämpa klimatförändringarna"
        db.session.remove()
        db.engine.dispose()


KEPT = ("proposals", "supports", "paper_supports", "proposal_keywords", "proposal_themes",
        "proposal_sdg_goals", "keywords", "themes", "comments", "audit_entries")


def test_migrations_down_and_up_keep_every_row_they_do_not_change(scratch_database_url):
    """SQLite changes a table by copying it into a new one and dropping the old: with its
    foreign keys enforced that drop would delete every row that refers to it (every tag of
    a keyword's table, every support of the proposals'). Down past the migrations that
    rebuild the proposals and keywords tables and up again, the demo's rows all stay."""
    from app.services import demo
    app = create_app(config_for(scratch_database_url))
    with app.app_context():
        flask_migrate.upgrade()
        demo.load_demo("testing")
        db.session.commit()
        before = _counts()
        assert before["supports"] and before["proposal_keywords"]
        db.session.remove()
        flask_migrate.downgrade(revision="0044_left_out")
        assert _counts() == before
        flask_migrate.upgrade()
        assert _counts() == before
        db.session.remove()
        db.engine.dispose()


def _counts():
    with db.engine.connect() as connection:
        return {table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar()
                for table in KEPT}


def _schema_differences():
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "compare_type": True,
            # The full-text search table (SQLite) and column (PostgreSQL) live outside the
            # models, made by migration 0005.
            "include_name": lambda name, type_, parents: not (
                (type_ == "table" and name.startswith("proposal_search"))
                or (type_ == "column" and name == "search_vector")
                or (type_ == "index" and name == "ix_proposals_search"))})
        return compare_metadata(context, db.metadata)


def test_the_migration_carries_the_project_copy_of_agenda_2030(app):
    import csv
    import importlib.util
    import os

    from app.paths import PROJECT_ROOT
    path = os.path.join(PROJECT_ROOT, "migrations", "versions", "0001_initial_schema.py")
    spec = importlib.util.spec_from_file_location("initial_schema", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    with open(os.path.join(PROJECT_ROOT, "app", "data", "agenda2030_goals.csv"),
              encoding="utf-8") as goals:
        rows = [(int(r["goal"]), r["name_sv"], r["name_en"], r["hex"])
                for r in csv.DictReader(goals)]
    assert migration.GOALS == rows and len(rows) == 17


def test_supports_given_before_slots_are_numbered_per_resident_and_process(
        scratch_database_url):
    """Migration 0011 on a database with supports: each resident's supports in a process
    are numbered 1, 2, 3... in the order given; supports of deleted accounts keep none."""
    app = create_app(config_for(scratch_database_url))
    with app.app_context():
        flask_migrate.upgrade(revision="0010")
        for statement in _SUPPORTS_BEFORE_SLOTS:
            db.session.execute(text(statement))
        db.session.commit()
        flask_migrate.upgrade(revision="0011")
        slots = db.session.execute(text(
            "SELECT user_id, process_id, slot FROM supports ORDER BY id")).all()
        assert [tuple(row) for row in slots] == [
            (1, 1, 1), (2, 1, 1), (1, 1, 2), (1, 2, 1), (None, 1, None), (1, 1, 3)]
        db.session.remove()
        flask_migrate.downgrade(revision="0010")
        assert db.session.scalar(text("SELECT count(*) FROM supports")) == 6
        db.session.remove()
        db.engine.dispose()


_NOW = "'2019-03-10 10:00:00'"
_SUPPORTS_BEFORE_SLOTS = [
    *(f"INSERT INTO processes (id, slug, title, description, moderation_mode, support_limit, "
      f"hide_support_counts, report_threshold, goals_limit, created_at) VALUES "
      f"({n}, 'p{n}', 'P{n}', '', 'afterwards', 10, false, 3, 5, {_NOW})" for n in (1, 2)),
    *(f"INSERT INTO focus_areas (id, process_id, name, description, position) "
      f"VALUES ({n}, {n}, 'Miljö', '', 1)" for n in (1, 2)),
    *(f"INSERT INTO users (id, email, password_hash, role, active, created_at, "
      f"notify_results) VALUES ({n}, 'u{n}@example.org', 'x', 'resident', true, {_NOW}, "
      f"false)" for n in (1, 2)),
    *(f"INSERT INTO proposals (id, process_id, focus_area_id, title, body, body_text, "
      f"show_name, status, withdrawal_note, shuffle_key, channel, paper_supports_count, "
      f"revision, hidden_message, keyword_count, answer_status, answer_text, supports_count, "
      f"created_at, updated_at) VALUES ({n}, {1 if n < 5 else 2}, {1 if n < 5 else 2}, "
      f"'Förslag {n}', '<p>Text</p>', 'Text', false, 'published', '', 0, 'digital', 0, 0, "
      f"'', 0, 'received', '', 0, {_NOW}, {_NOW})" for n in range(1, 7)),
    *(f"INSERT INTO supports (id, proposal_id, process_id, user_id, created_at) "
      f"VALUES ({n}, {proposal}, {process}, {user}, {_NOW})"
      for n, proposal, process, user in [(1, 1, 1, 1), (2, 1, 1, 2), (3, 2, 1, 1),
                                         (4, 5, 2, 1), (5, 3, 1, "NULL"), (6, 4, 1, 1)]),
]


def test_stored_suggestions_keep_their_first_keyword_in_a_column(scratch_database_url):
    """Migration 0043 fills the new column from the suggestions stored before it, and goes
    down again."""
    app = create_app(config_for(scratch_database_url))
    with app.app_context():
        flask_migrate.upgrade(revision="0042_duplicate_pairs_by_score")
        for statement in _SUPPORTS_BEFORE_SLOTS[:4] + _SUPPORTS_BEFORE_SLOTS[6:8]:  # proposals 1, 2
            db.session.execute(text(statement))
        for n, first in ((1, 7), (2, 3)):
            db.session.execute(text(
                "INSERT INTO insight_keyword_suggestions (id, process_id, proposal_id, "
                f"keyword_ids, reasons) VALUES ({n}, 1, {n}, '[{first}, 9]', '[[], []]')"))
        db.session.commit()
        flask_migrate.upgrade(revision="0043_suggested_first")
        assert db.session.execute(text(
            "SELECT proposal_id, first_keyword_id FROM insight_keyword_suggestions "
            "ORDER BY id")).all() == [(1, 7), (2, 3)]
        db.session.remove()
        flask_migrate.downgrade(revision="0042_duplicate_pairs_by_score")
        assert db.session.scalar(text("SELECT count(*) FROM insight_keyword_suggestions")) == 2
        db.session.remove()
        db.engine.dispose()
