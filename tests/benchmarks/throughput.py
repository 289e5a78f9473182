"""Throughput against a bare Flask app, measured like an outsider: gunicorn with 2 sync
workers in production mode, wrk as the load generator, on a database already filled
(`flask demo load` then `flask demo generate --proposals N --supports M`).

    .venv/bin/python tests/benchmarks/throughput.py --database-url URL [--label NAME]
        [--duration 10] [--connections 8] [--discussed /forslag/N] [--only WORDS]

--discussed names the proposal with 500 comments (`flask demo generate --comments ...`
prints it) and adds its page and the moderators' comment queue to the rows.
--moderation adds the moderators' pages of the insight engine (run `flask insight refresh`
first): the review queue with its suggestions, the review page of the queue's first
proposal, the likely duplicates and the emerging themes.

Prints markdown rows: requests per second and their share of the bare app's, wrk's
latency p50, the app's own server time p50 (Server-Timing, one request at a time), and
the largest worker's memory. Needs wrk (Debian package 'wrk'). Not part of `make test`.
"""
import argparse
import http.client
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.join(ROOT, ".venv", "bin")
SLUG = "mal-for-mandatperioden-2019-2022"
RESIDENT = ("invanare@example.org", "demo-dialog-2019")
MODERATOR = ("moderator@example.org", "demo-dialog-2019")
COMMITTEE = ("ksau@example.org", "demo-dialog-2019")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--label", default="")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--discussed", default="",
                        help="the address of the proposal with 500 comments")
    parser.add_argument("--moderation", action="store_true",
                        help="add the moderators' review and insight pages")
    parser.add_argument("--only", default="", help="only the rows whose name has this")
    args = parser.parse_args()
    label = args.label or args.database_url.split(":")[0]
    print("| database | page | req/s | share of bare Flask | wrk p50 ms | server p50 ms |")
    print("|---|---|---|---|---|---|")
    with gunicorn("bare_app:app", cwd=os.path.dirname(os.path.abspath(__file__))) as base:
        bare = wrk(base + "/", args.duration, args.connections)
    print(f"| {label} | bare Flask \"hello\" | {bare['rps']:,.0f} | 100 % | "
          f"{bare['p50']:.1f} | – |", flush=True)
    env = dict(os.environ, APP_ENV="production", SECRET_KEY="benchmark", FORCE_HTTPS="0",
               DATABASE_URL=args.database_url, RATELIMIT_ENABLED="false")
    with gunicorn("wsgi:app", cwd=ROOT, env=env) as base:
        host = urllib.parse.urlsplit(base).netloc
        listing = f"/process/{SLUG}/forslag"
        etag = request(host, listing)[1].get("etag")
        resident, committee = login(host, *RESIDENT), login(host, *COMMITTEE)
        moderator = login(host, *MODERATOR)
        # Rows marked True get a random shuffle (blandning=) per request: a new address
        # each time, so every one is rendered (no page kept by the worker serves it).
        rows = [
            ("anonymous list, page 1, answered 304", listing, {"If-None-Match": etag}, None,
             False),
            ("anonymous list, page 1, kept by the worker", listing, {}, None, False),
            ("anonymous list, page 1, rendered each time", listing, {}, None, True),
            ("logged-in list, page 1", listing, {"Cookie": resident}, None, False),
            ("search for a common word ('kommunen'), rendered each time",
             listing + "?q=kommunen", {}, None, True),
            ("search for the last word of compounds ('gård'), rendered each time",
             listing + "?q=g%C3%A5rd", {}, None, True),
            ("list, most supported, rendered each time", listing + "?ordning=mest-stod", {},
             None, True),
            ("KSAU summary (2 at a time)", f"/ksau/{SLUG}/", {"Cookie": committee}, 2, False),
        ]
        if args.discussed:
            rows += [
                ("proposal page with 500 comments, rendered each time", args.discussed, {},
                 None, True),
                ("proposal page with 500 comments, logged in", args.discussed,
                 {"Cookie": resident}, None, False),
                ("moderators' comment queue", f"/moderera/{SLUG}/kommentarer",
                 {"Cookie": moderator}, 2, False),
            ]
        if args.moderation:
            queue = f"/moderera/{SLUG}/"
            page = request(host, queue, {"Cookie": moderator})[2]
            first = re.search(rb'href="(/moderera/forslag/\d+)[?"]', page).group(1)
            suggested = re.search(rb'name="foreslaget"[^>]*>.*?<option value="(\d+)"', page,
                                  re.S).group(1).decode()
            themes = request(host, f"/moderera/{SLUG}/nya-teman", {"Cookie": moderator})[2]
            group = re.search(rb'href="(/moderera/[^/"]+/nya-teman/\d+/forslag)"', themes)
            rows += [(f"moderators' {name}", path, {"Cookie": moderator}, 2, False)
                     for name, path in [
                         ("review queue with suggestions", queue),
                         ("review queue, one keyword suggested first",
                          f"{queue}?ko=alla&foreslaget={suggested}"),
                         ("review page (suggestions, duplicates, similar)", first.decode()),
                         ("review queue, every row ticked", f"{queue}?ko=alla&alla=1"),
                         ("likely duplicates", f"/moderera/{SLUG}/dubbletter"),
                         ("emerging themes", f"/moderera/{SLUG}/nya-teman")]]
            if group:  # the first group with more proposals than the page shows
                rows.append(("moderators' emerging theme, all its proposals (page 1)",
                             group.group(1).decode(), {"Cookie": moderator}, 2, False))
        for name, path, headers, connections, vary in rows:
            if args.only.lower() not in name.lower():
                continue
            server = server_p50(host, path, headers, vary)
            result = wrk(base + path, args.duration, connections or args.connections, headers,
                         vary)
            print(f"| {label} | {name} | {result['rps']:,.0f} | "
                  f"{100 * result['rps'] / bare['rps']:.1f} % | {result['p50']:.1f} | "
                  f"{server:.1f} |", flush=True)
        print(f"\nLargest worker: {worker_memory():.0f} MB resident.")


class gunicorn:
    def __init__(self, target, cwd, env=None):
        self.target, self.cwd, self.env = target, cwd, env or dict(os.environ)

    def __enter__(self):
        port = 5900 + os.getpid() % 90
        self.process = subprocess.Popen(
            [os.path.join(BIN, "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}",
             self.target], cwd=self.cwd, env=self.env, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        global MASTER
        MASTER = self.process.pid
        for _ in range(150):
            try:
                request(f"127.0.0.1:{port}", "/")
                return f"http://127.0.0.1:{port}"
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)


MASTER = None


def request(host, path, headers=None, method="GET", body=None):
    connection = http.client.HTTPConnection(host, timeout=60)
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    data = response.read()
    result = (response.status, {k.lower(): v for k, v in response.getheaders()}, data,
              response.headers.get_all("Set-Cookie") or [])
    connection.close()
    return result


def login(host, email, password):
    """Log in through the form; returns the Cookie header (the production cookie is
    Secure, so it is carried by hand over the loopback's plain HTTP)."""
    status, headers, body, cookies = request(host, "/logga-in")
    jar = dict(c.split(";")[0].split("=", 1) for c in cookies)
    token = re.search(rb'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', body).group(1)
    form = urllib.parse.urlencode({"csrf_token": token.decode(), "email": email,
                                   "password": password})
    status, headers, body, cookies = request(
        host, "/logga-in", {"Cookie": "; ".join(f"{k}={v}" for k, v in jar.items()),
                            "Content-Type": "application/x-www-form-urlencoded"},
        method="POST", body=form)
    if status != 302:
        raise RuntimeError(f"log-in as {email} failed ({status})")
    jar.update(dict(c.split(";")[0].split("=", 1) for c in cookies))
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def server_p50(host, path, headers, vary, count=30):
    times, base = [], path
    for n in range(count):
        if vary:
            path = f"{base}{'&' if '?' in base else '?'}blandning={random.randint(1, 2**31 - 2)}"
        status, response_headers, _, _ = request(host, path, headers)
        if status not in (200, 304):
            raise RuntimeError(f"{path}: {status}")
        times.append(float(response_headers["server-timing"].split("dur=")[1]))
    return statistics.median(times)


VARYING = """
request = function()
  return wrk.format(nil, "%s" .. "%s" .. "blandning=" .. math.random(1, 2147483646))
end
"""


def wrk(url, duration, connections, headers=None, vary=False):
    command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{duration}s", "--latency"]
    for key, value in (headers or {}).items():
        command += ["-H", f"{key}: {value}"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        if vary:
            path = urllib.parse.urlsplit(url)
            target = path.path + (f"?{path.query}" if path.query else "")
            script.write(VARYING % (target, "&" if path.query else "?"))
            script.flush()
            command += ["-s", script.name]
        output = subprocess.run(command + [url], capture_output=True, text=True,
                                check=True).stdout
    if "Non-2xx or 3xx responses" in output:
        raise RuntimeError(f"{url}: errors\n{output}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    value, unit = re.search(r"50%\s+([\d.]+)(us|ms|s)", output).groups()
    p50 = float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    return {"rps": rps, "p50": p50}


def worker_memory():
    """The largest gunicorn worker's resident memory (MB), read from /proc."""
    largest = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/status") as status:
                fields = dict(line.split(":", 1) for line in status if ":" in line)
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(MASTER):
            largest = max(largest, int(fields["VmRSS"].split()[0]) / 1024)
    return largest


if __name__ == "__main__":
    sys.exit(main())
