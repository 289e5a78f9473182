"""Benchmark: the app under gunicorn at real size, on SQLite and PostgreSQL.

    .venv/bin/python tests/benchmarks/bench.py [--proposals 100000 --supports 1000000]
        [--comments 1000000] [--databases sqlite,postgresql] [--requests 300] [--concurrency 4]

For each database: a fresh database, the demo process, synthetic data of the given
size, gunicorn with 2 workers; then for each endpoint, throughput and latency measured
by the client and the server time the app reports (Server-Timing). /health, which
touches neither template nor database, is the ceiling. Not part of `make test`.
PostgreSQL databases are created and dropped on the server in BENCH_POSTGRES_URL
(default postgresql://postgres@127.0.0.1:5432).
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.join(ROOT, ".venv", "bin")
SLUG = "mal-for-mandatperioden-2019-2022"
PASSWORD = "syntetiskt-lösenord-19"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--proposals", type=int, default=100_000)
    parser.add_argument("--supports", type=int, default=1_000_000)
    parser.add_argument("--comments", type=int, default=1_000_000)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--only", default="",
                        help="measure only the endpoints whose name contains this")
    args = parser.parse_args()
    print(f"{args.proposals:,} proposals, {args.supports:,} supports, "
          f"{args.comments:,} comments; "
          f"{args.requests} requests per row, {args.concurrency} at a time; gunicorn -w 2\n")
    print("| database | endpoint | req/s | client p50 ms | client p95 ms | "
          "server p50 ms | server p95 ms |")
    print("|---|---|---|---|---|---|---|")
    for database in args.databases.split(","):
        with prepared(database, args) as env:
            with served(env) as base:
                for name, run in endpoints(base, args, env.get("BENCH_DISCUSSED")):
                    if args.only.lower() not in name.lower():
                        continue
                    print(row(database, name, run(args.requests, args.concurrency)), flush=True)


class prepared:
    """A fresh database with the demo and the synthetic data; dropped afterwards."""

    def __init__(self, database, args):
        self.database, self.args = database, args

    def __enter__(self):
        self.folder = tempfile.mkdtemp(prefix="bench-")
        self.env = dict(os.environ, APP_ENV="development", FLASK_APP="wsgi",
                        INSTANCE_PATH=self.folder, RATELIMIT_ENABLED="false")
        if self.database == "postgresql":
            server = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432")
            self.pg_name = f"medborgardialog_bench_{os.getpid()}"
            subprocess.run(["psql", server + "/postgres", "-qc",
                            f'CREATE DATABASE "{self.pg_name}"'], capture_output=True)
            self.env["DATABASE_URL"] = f"{server}/{self.pg_name}"
        started = time.monotonic()
        for command in (["db", "upgrade"], ["demo", "load"],
                        ["demo", "generate", "--proposals", str(self.args.proposals),
                         "--supports", str(self.args.supports),
                         "--comments", str(self.args.comments)]):
            done = subprocess.run([os.path.join(BIN, "flask"), *command], env=self.env,
                                  cwd=ROOT, capture_output=True, text=True)
            if done.returncode:
                sys.exit(f"flask {' '.join(command)} failed:\n{done.stdout}{done.stderr}")
        # The proposal with 500 comments, for its page's row.
        found = re.search(r"largest discussion: (\S+)", done.stdout)
        self.env["BENCH_DISCUSSED"] = found.group(1) if found else ""
        print(f"<!-- {self.database}: data ready in {time.monotonic() - started:.0f} s -->",
              file=sys.stderr)
        return self.env

    def __exit__(self, *exc):
        if self.database == "postgresql":
            server = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432")
            subprocess.run(["psql", server + "/postgres", "-qc",
                            f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)'],
                           capture_output=True)
        shutil.rmtree(self.folder, ignore_errors=True)


class served:
    """gunicorn without debug; development settings only so that cookies work over the
    plain HTTP of loopback (production marks them Secure)."""

    def __init__(self, env):
        self.env = dict(env, SECRET_KEY="benchmark", FORCE_HTTPS="0")

    def __enter__(self):
        port = 5600 + os.getpid() % 300
        self.process = subprocess.Popen(
            [os.path.join(BIN, "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{port}", "wsgi:app"],
            env=self.env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/health", timeout=1)
                return base
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=20)


def endpoints(base, args, discussed=None):
    listing = f"{base}/process/{SLUG}/forslag"
    page = get(urllib.request.build_opener(), listing)[0]
    focus_area = re.search(r'<option value="(\d+)"', page).group(1)
    proposal = re.search(r'href="/forslag/(\d+)"', page).group(1)
    return [
        ("/health (ceiling)", reader(f"{base}/health")),
        ("list, default order", reader(listing)),
        ("list, search 'cykelbanor'", reader(listing + "?q=cykelbanor")),
        ("list, filter focus area", reader(f"{listing}?fokusomrade={focus_area}")),
        ("list, most supported", reader(listing + "?ordning=mest-stod")),
        ("list, page 200 newest", reader(listing + "?ordning=nyast&sida=200")),
        ("proposal page", reader(f"{base}/forslag/{proposal}")),
        *discussion_endpoints(base, discussed),
        ("support + take back (POST)", supporter(base, args)),
        *moderation_endpoints(base, proposal),
        ("KSAU summary dashboard", signed_in(base, f"{base}/ksau/{SLUG}/", COMMITTEE)),
        ("KSAU packet as PDF (8 requests)",
         few(8, signed_in(base, f"{base}/ksau/{SLUG}/underlag.pdf", COMMITTEE))),
    ]


def discussion_endpoints(base, discussed):
    """The largest discussion's page (500 comments; `discussed`, its path), in two orders,
    and the moderators' queue of comments."""
    rows = [("comment queue (moderator)", moderator(base, f"{base}/moderera/{SLUG}/kommentarer"))]
    if discussed:
        rows[:0] = [("proposal page, 500 comments", reader(base + discussed)),
                    ("proposal page, 500 comments, most helpful",
                     reader(f"{base}{discussed}?kommentarer=mest-hjalpsamma"))]
    return rows


def few(count, run):
    """A heavy endpoint: measured with `count` requests whatever --requests says."""
    return lambda requests, concurrency: run(count, min(concurrency, 2))


MODERATOR = ("moderator@example.org", "demo-dialog-2019")  # the demo's moderator
COMMITTEE = ("ksau@example.org", "demo-dialog-2019")


def moderation_endpoints(base, proposal):
    """The moderators' queues and review page, logged in as the demo's moderator."""
    queue = f"{base}/moderera/{SLUG}/"
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    login(opener, base, *MODERATOR)
    keyword = re.search(r'name="nyckelord">.*?<option value="(\d+)"',
                        get(opener, queue)[0], re.S).group(1)
    return [
        ("moderation queue, new", moderator(base, queue + "?ko=nya")),
        ("moderation queue, untagged", moderator(base, queue + "?ko=utan-nyckelord")),
        ("moderation queue, all, keyword filter",
         moderator(base, f"{queue}?ko=alla&nyckelord={keyword}")),
        ("moderation queue, page 100 of all", moderator(base, queue + "?ko=alla&sida=100")),
        ("review page", moderator(base, f"{base}/moderera/forslag/{proposal}?ko=alla")),
    ]


def moderator(base, url):
    return signed_in(base, url, MODERATOR)


def signed_in(base, url, account):
    def run(requests, concurrency):
        def act(opener, n):
            if not hasattr(opener, "token"):
                login(opener, base, *account)
            return [get(opener, url)[1:]]
        return load(act, requests, concurrency)
    return run


def get(opener, url, data=None):
    started = time.perf_counter()
    with opener.open(url, data=data, timeout=30) as response:
        body = response.read().decode(errors="replace")  # a PDF is read, not shown
        timing = response.headers.get("Server-Timing", "")
    elapsed = (time.perf_counter() - started) * 1000
    server = float(timing.split("dur=")[1]) if "dur=" in timing else None
    return body, elapsed, server


def reader(url):
    def run(requests, concurrency):
        return load(lambda opener, n: [get(opener, url)[1:]], requests, concurrency)
    return run


def supporter(base, args):
    """Each client is a logged-in resident who supports a proposal and takes it back. The
    first generated residents (syntetisk-1, -2, ...) are authors with no supports yet."""
    def run(requests, concurrency):
        def act(opener, n):
            if not hasattr(opener, "token"):
                login(opener, base, f"syntetisk-{1 + n}@example.org")
            proposal = 1 + (n * 7919) % args.proposals
            results = []
            for action in ("stod", "stod/ta-tillbaka"):
                data = urllib.parse.urlencode({"csrf_token": opener.token}).encode()
                results.append(get(opener, f"{base}/forslag/{proposal}/{action}", data)[1:])
            return results
        return load(act, requests // 2, concurrency)
    return run


def login(opener, base, email, password=PASSWORD):
    page = get(opener, f"{base}/logga-in")[0]
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"csrf_token": token, "email": email,
                                   "password": password}).encode()
    page = get(opener, f"{base}/logga-in", data)[0]
    opener.token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def load(action, requests, concurrency):
    results, lock = [], threading.Lock()
    per_thread = requests // concurrency

    def worker(index):
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        mine = []
        for n in range(per_thread):
            mine += action(opener, index * per_thread + n)
        with lock:
            results.extend(mine)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - started


def row(database, name, measured):
    results, seconds = measured
    client = sorted(r[0] for r in results)
    server = sorted(r[1] for r in results if r[1] is not None)
    return (f"| {database} | {name} | {len(results) / seconds:.0f} | {pct(client, 50):.1f} | "
            f"{pct(client, 95):.1f} | {pct(server, 50):.1f} | {pct(server, 95):.1f} |")


def pct(values, p):
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100)[p - 1] if len(values) > 1 else values[0]


if __name__ == "__main__":
    main()
