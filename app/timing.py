"""Server-Timing: every response says how long the app took, for benchmarks and browsers'
developer tools alike."""
import time

from flask import g


def init_app(app):
    @app.before_request
    def start_timer():
        g.started = time.perf_counter()

    @app.after_request
    def add_server_timing(response):
        if "started" in g:
            elapsed = (time.perf_counter() - g.started) * 1000
            response.headers["Server-Timing"] = f"app;dur={elapsed:.1f}"
        return response
