"""Extensions, created unbound and bound to the app in init_app()."""
import os

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_talisman import Talisman
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

from app.paths import PROJECT_ROOT

# Stable constraint names, so migrations can refer to (and drop) them on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate(render_as_batch=True, compare_type=True)
csrf = CSRFProtect()
login_manager = LoginManager()
babel = Babel()
talisman = Talisman()


def account_or_address():
    """Whom a rate limit counts: the account when someone is logged in (behind one address
    sit a school's pupils or a library's computers), else the network address."""
    from flask_login import current_user
    if current_user.is_authenticated:
        return f"account:{current_user.id}"
    return get_remote_address()


# In memory per process by default; RATELIMIT_STORAGE_URI=redis://... shares the counts
# between app servers.
limiter = Limiter(key_func=account_or_address)


def configured_limit(key):
    """A rate limit read from the app's configuration when the request comes, so tests
    and deployments can change it."""
    from flask import current_app
    return lambda: current_app.config[key]


@event.listens_for(Engine, "connect")
def _enforce_sqlite_foreign_keys(dbapi_connection, connection_record):
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()


def init_app(app):
    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(PROJECT_ROOT, "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"

    from app import models  # noqa: F401  (register the models with the metadata)
    from app.services import content_version  # noqa: F401  (listens to every session)

    @login_manager.user_loader
    def load_user(key):
        from app.services.people import sessions
        return sessions.load(key)
