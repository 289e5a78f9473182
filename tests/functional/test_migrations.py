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
