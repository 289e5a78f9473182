import pytest

from app import create_app
from app.config import normalise_database_url
from tests.support.config import config_for


def test_factory_uses_the_test_mapping(database_url):
    assert create_app(config_for(database_url)).testing
    assert not create_app(config_for(database_url, TESTING=False)).testing


def test_settings_come_from_defaults_then_instance_file_then_environment(tmp_path, monkeypatch):
    (tmp_path / "config.py").write_text(
        'APP_ENV = "development"\nMUNICIPALITY_NAME = "Filkommun"\nMAIL_PORT = 2525\n')
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("MUNICIPALITY_NAME", "Miljökommun")
    for variable in ("DATABASE_URL", "SECRET_KEY", "APP_ENV", "MAIL_PORT"):
        monkeypatch.delenv(variable, raising=False)
    app = create_app()
    assert app.config["MUNICIPALITY_NAME"] == "Miljökommun"  # environment wins
    assert app.config["MAIL_PORT"] == 2525  # the instance file beats the default
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/medborgardialog.sqlite3"
    assert app.config["MAIL_USE_TLS"] is True  # default


def test_database_url_from_the_environment_uses_psycopg_3(tmp_path, monkeypatch):
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("APP_ENV", "development")
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db.internal:5432/dialog")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == \
        "postgresql+psycopg://u:p@db.internal:5432/dialog"


@pytest.mark.parametrize("url, expected", [
    ("postgresql://h/db", "postgresql+psycopg://h/db"),
    ("postgresql+psycopg://h/db", "postgresql+psycopg://h/db"),
    ("sqlite:///x.db", "sqlite:///x.db"),
])
def test_normalise_database_url(url, expected):
    assert normalise_database_url(url) == expected


def test_unknown_environment_name_is_refused(database_url):
    with pytest.raises(RuntimeError, match="APP_ENV"):
        create_app(config_for(database_url, APP_ENV="staging"))
