"""Configuration, read in order: defaults, then instance/config.py, then the environment.

Tests pass a mapping instead of the instance file and the environment, so a developer's
local settings never leak into a test run.
"""
import os

DEVELOPMENT_SECRET_KEY = "development-only-not-secret"

DEFAULTS = {
    "APP_ENV": "production",
    "SECRET_KEY": DEVELOPMENT_SECRET_KEY,
    "SQLALCHEMY_DATABASE_URI": None,
    "MUNICIPALITY_NAME": "Exempelkommun",
    "CONTACT_EMAIL": "kommun@example.org",
    "MAIL_SERVER": None,
    "MAIL_PORT": 587,
    "MAIL_USERNAME": None,
    "MAIL_PASSWORD": None,
    "MAIL_USE_TLS": True,
    "MAIL_DEFAULT_SENDER": "medborgardialog@example.org",
    "MAIL_OUTBOX": None,
    "RATELIMIT_STORAGE_URI": "memory://",
    # Registrations sent from one network address (a library, a school): only sent ones
    # count. And to one email address, so no one's inbox can be flooded.
    "RATELIMIT_REGISTER": "30 per hour",
    "RATELIMIT_REGISTER_EMAIL": "3 per hour",
    "RATELIMIT_LOGIN_ACCOUNT": "5 per 15 minutes",
    "RATELIMIT_LOGIN_ADDRESS": "20 per 15 minutes",
    "RATELIMIT_PASSWORD_RESET": "5 per hour",
    # Mina sidor: a password typed to confirm a change, wrong (per account), and links to
    # a new address sent (per account; and per address, as many as a registration's).
    "RATELIMIT_PASSWORD_CHECK": "5 per 15 minutes",
    "RATELIMIT_EMAIL_CHANGE": "3 per hour",
    "RATELIMIT_SUBMIT": "10 per hour",
    "RATELIMIT_SUPPORT": "60 per minute",
    "RATELIMIT_REPORT": "20 per hour",
    # Comments written (and answers, edits) and helpful marks, per account.
    "RATELIMIT_COMMENT": "20 per hour",
    "RATELIMIT_HELPFUL": "60 per minute",
    # How long after writing a comment its author may still change it.
    "COMMENT_EDIT_MINUTES": 15,
    "PROXY_COUNT": 0,
    "FORCE_HTTPS": None,
    "BABEL_DEFAULT_LOCALE": "sv",
    "BABEL_DEFAULT_TIMEZONE": "Europe/Stockholm",
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_DURATION": 30 * 24 * 3600,  # as services.sessions keeps the log-in
    "WTF_CSRF_TIME_LIMIT": 8 * 3600,
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    # How old (seconds) the KSAU summary's figures may be while input comes in before a
    # view recounts them; 0 recounts after every change.
    "SUMMARY_MAX_AGE": 60,
    # How long (seconds) a worker may answer revalidations of public pages without asking
    # the database whether the content changed.
    "VALIDATOR_MAX_AGE": 1.0,
    # How many rendered anonymous pages each worker keeps, by validator (0: none).
    "PAGE_CACHE_SIZE": 200,
    # Jobs (app.jobs): on Redis when set, else run at once in the asking process.
    "REDIS_URL": None,
    "JOBS_QUEUE": "medborgardialog",
    "JOBS_RETRY_INTERVALS": [30, 120, 600],   # seconds before each new try
    # Without Redis a job runs in the request that asks for it: the insight hints are
    # computed from the moderators' button only for a process this small (a minute or
    # more beyond); larger ones by `flask insight refresh` on a schedule.
    "INSIGHT_INLINE_AT_MOST": 5000,
    # The portal's address as residents reach it, for links in emails sent outside a
    # request (jobs, the comments digest).
    "PUBLIC_URL": "http://127.0.0.1:5000",
    # Kolada's open API (v2), for the goals' indicators: `flask followup kolada`.
    "KOLADA_URL": "https://api.kolada.se/v2",
    "KOLADA_TIMEOUT": 10,   # seconds; a slower answer leaves the last values as they were
}


def _flag(value):
    return value.lower() in ("1", "true", "yes", "on")


# Environment variable -> (config key, parser)
ENVIRONMENT = {
    "APP_ENV": ("APP_ENV", str),
    "SECRET_KEY": ("SECRET_KEY", str),
    "DATABASE_URL": ("SQLALCHEMY_DATABASE_URI", str),
    "MUNICIPALITY_NAME": ("MUNICIPALITY_NAME", str),
    "CONTACT_EMAIL": ("CONTACT_EMAIL", str),
    "MAIL_SERVER": ("MAIL_SERVER", str),
    "MAIL_PORT": ("MAIL_PORT", int),
    "MAIL_USERNAME": ("MAIL_USERNAME", str),
    "MAIL_PASSWORD": ("MAIL_PASSWORD", str),
    "MAIL_USE_TLS": ("MAIL_USE_TLS", _flag),
    "MAIL_DEFAULT_SENDER": ("MAIL_DEFAULT_SENDER", str),
    "MAIL_OUTBOX": ("MAIL_OUTBOX", str),
    "RATELIMIT_STORAGE_URI": ("RATELIMIT_STORAGE_URI", str),
    "RATELIMIT_ENABLED": ("RATELIMIT_ENABLED", _flag),
    "PROXY_COUNT": ("PROXY_COUNT", int),
    "FORCE_HTTPS": ("FORCE_HTTPS", _flag),
    "SUMMARY_MAX_AGE": ("SUMMARY_MAX_AGE", int),
    "PAGE_CACHE_SIZE": ("PAGE_CACHE_SIZE", int),
    "REDIS_URL": ("REDIS_URL", str),
    "JOBS_QUEUE": ("JOBS_QUEUE", str),
    "INSIGHT_INLINE_AT_MOST": ("INSIGHT_INLINE_AT_MOST", int),
    "PUBLIC_URL": ("PUBLIC_URL", str),
    "KOLADA_URL": ("KOLADA_URL", str),
    "KOLADA_TIMEOUT": ("KOLADA_TIMEOUT", float),
}

ENVIRONMENTS = ("development", "testing", "production")


def load(app, test_config=None):
    app.config.from_mapping(DEFAULTS)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        for variable, (key, parse) in ENVIRONMENT.items():
            if os.environ.get(variable):
                app.config[key] = parse(os.environ[variable])
    else:
        app.config.from_mapping(test_config)

    uri = app.config["SQLALCHEMY_DATABASE_URI"] or "sqlite:///" + os.path.join(
        app.instance_path, "medborgardialog.sqlite3")
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(uri)
    if app.config["FORCE_HTTPS"] is None:
        app.config["FORCE_HTTPS"] = is_production(app)
    check(app)


def normalise_database_url(url):
    """PostgreSQL URLs always use psycopg 3, whatever the operator wrote."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def is_production(app):
    return app.config["APP_ENV"] == "production"


def check(app):
    if app.config["APP_ENV"] not in ENVIRONMENTS:
        raise RuntimeError(f"APP_ENV must be one of {', '.join(ENVIRONMENTS)}.")
    if is_production(app) and app.config["SECRET_KEY"] in (DEVELOPMENT_SECRET_KEY, "", None):
        raise RuntimeError("Refusing to start in production without SECRET_KEY set.")
