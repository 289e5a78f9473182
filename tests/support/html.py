"""HTML validity: every HTML page a test renders goes through the W3C Nu checker (vnu.jar).

The checker runs once per test session as a local HTTP service (starting Java per page
would cost seconds each); pages already seen are not checked again.
"""
import hashlib
import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request

from flask import request

from app.paths import PROJECT_ROOT

VNU_JAR = os.path.join(PROJECT_ROOT, "node_modules", "vnu-jar", "build", "dist", "vnu.jar")


class HtmlValidator:
    def __init__(self):
        self._process = None
        self._port = None
        self._checked = {}

    def record(self, app):
        """Collect the HTML of every response `app` sends, for check() at the test's end."""
        rendered = []

        @app.after_request
        def keep_html(response):
            if (response.mimetype == "text/html" and not response.direct_passthrough
                    and response.status_code != 304):  # a 304 has no body to check
                rendered.append((request.path, response.get_data(as_text=True)))
            return response
        return rendered

    def check(self, rendered):
        problems = []
        for path, html in rendered:
            key = hashlib.sha256(html.encode()).hexdigest()
            if key not in self._checked:
                self._checked[key] = self._errors(html)
            problems += [f"{path}: line {m.get('lastLine')}: {m['message']}"
                         f" [{m.get('extract', '').strip()}]" for m in self._checked[key]]
        if problems:
            raise AssertionError("Invalid HTML (W3C Nu checker):\n" + "\n".join(problems))

    def _errors(self, html):
        request_ = urllib.request.Request(
            f"http://127.0.0.1:{self._service()}/?out=json", data=html.encode("utf-8"),
            headers={"Content-Type": "text/html; charset=utf-8"})
        with urllib.request.urlopen(request_, timeout=60) as response:
            messages = json.load(response)["messages"]
        return [m for m in messages if m["type"] in ("error", "non-document-error")]

    def _service(self):
        if self._process is None:
            java = shutil.which("java")
            if java is None or not os.path.exists(VNU_JAR):
                raise RuntimeError("HTML checks need Java and node_modules/vnu-jar: "
                                   "run 'make test'.")
            self._port = _free_port()
            self._process = subprocess.Popen(
                [java, "-Xss2m", "-cp", VNU_JAR, "nu.validator.servlet.Main", str(self._port)],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _wait_for(self._port, self._process)
        return self._port

    def close(self):
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=10)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(port, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("The Nu HTML checker did not start.")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("The Nu HTML checker did not answer in time.")
