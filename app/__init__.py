"""Medborgardialog: the application factory."""
import os

from flask import Flask

from app.paths import PROJECT_ROOT


def create_app(test_config=None):
    """Build the app: defaults, then instance/config.py and the environment, or the test
    mapping instead of those two."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("INSTANCE_PATH") or os.path.join(PROJECT_ROOT, "instance"),
        instance_relative_config=True,
        template_folder=os.path.join(PROJECT_ROOT, "templates"),
        static_folder=os.path.join(PROJECT_ROOT, "static"),
    )
    os.makedirs(app.instance_path, exist_ok=True)

    from app import config
    config.load(app, test_config)

    from app import (cli, errors, extensions, http_cache, i18n, lookups, request_guard,
                     security, templating, timing)
    request_guard.init_app(app)  # first: it limits what the CSRF check may read
    lookups.init_app(app)
    extensions.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    templating.init_app(app)
    errors.init_app(app)
    timing.init_app(app)
    http_cache.init_app(app)
    cli.init_app(app)

    from app.account import bp as account_bp
    from app.admin import bp as admin_bp
    from app.auth import bp as auth_bp
    from app.comments import bp as comments_bp
    from app.moderation import bp as moderation_bp
    from app.proposals import bp as proposals_bp
    from app.public import bp as public_bp
    from app.goals import bp as goals_bp
    from app.summary import bp as summary_bp
    from app.boards import bp as boards_bp
    from app.followup import bp as followup_bp
    from app.reach import bp as reach_bp
    app.register_blueprint(public_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(proposals_bp)
    app.register_blueprint(comments_bp)
    app.register_blueprint(account_bp, url_prefix="/mina-sidor")
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(moderation_bp, url_prefix="/moderera")
    app.register_blueprint(summary_bp, url_prefix="/ksau")
    app.register_blueprint(goals_bp, url_prefix="/ksau")
    app.register_blueprint(boards_bp, url_prefix="/admin/namnder")
    app.register_blueprint(followup_bp, url_prefix="/uppfoljning")
    app.register_blueprint(reach_bp)
    return app
