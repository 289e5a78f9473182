"""Benchmark: importing a file of 10,000 paper proposals, on SQLite and PostgreSQL.

    .venv/bin/python tests/benchmarks/import_bench.py [--rows 10000] [--databases sqlite,postgresql]

For each database: a fresh database with the demo process, then a CSV saved as Swedish
Excel saves it (semicolons, UTF-8 with BOM) is uploaded, checked (dry run) and imported,
and imported again (nothing new). Prints the seconds each step took. Not part of
`make test`. PostgreSQL databases are made and dropped on BENCH_POSTGRES_URL (default
postgresql://postgres@127.0.0.1:5432).
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, ROOT)
TEXT = ("Det behövs fler bänkar och bättre belysning längs promenadvägen vid ån, så att "
        "äldre orkar gå hela vägen och alla känner sig trygga på kvällen.")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--databases", default="sqlite,postgresql")
    args = parser.parse_args()
    print(f"Importing {args.rows:,} rows\n")
    print("| database | upload + dry run s | import s | import again (nothing new) s |")
    print("|---|---|---|---|")
    for database in args.databases.split(","):
        url, drop = _database(database)
        try:
            print(_measure(database, url, args.rows), flush=True)
        finally:
            drop()


def _database(kind):
    if kind == "sqlite":
        folder = tempfile.mkdtemp(prefix="import-bench-")
        return f"sqlite:///{folder}/bench.sqlite3", lambda: None
    server = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432")
    name = f"import_bench_{uuid.uuid4().hex[:8]}"
    subprocess.run(["psql", f"{server}/postgres", "-qc", f"CREATE DATABASE {name}"], check=True)
    return f"{server}/{name}", lambda: subprocess.run(
        ["psql", f"{server}/postgres", "-qc", f"DROP DATABASE {name}"], check=True)


def _measure(database, url, rows):
    import flask_migrate

    from app import create_app
    from app.extensions import db
    from app.models import Place, Process, User
    from app.models.base import utcnow
    from app.services import demo
    from app.services.participation import imports

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "APP_ENV": "development",
                      "SECRET_KEY": "benchmark"})
    with app.app_context(), app.test_request_context():
        flask_migrate.upgrade()
        demo.load_demo("development")
        process = db.session.scalars(db.select(Process)).one()
        moderator = db.session.scalar(
            db.select(User).where(User.email == demo.DEMO_ACCOUNTS[1][1]))
        place = db.session.scalars(db.select(Place)).first()
        area = process.focus_areas[0].name
        today = utcnow().date().isoformat()
        lines = [";".join(c.name for c in imports.COLUMNS)] + [
            f"Förslag {n} från biblioteket om bänkar;{TEXT} Rad {n}.;{area};plats;{place.name};;"
            f"{today};;{n % 4}" for n in range(rows)]
        content = ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()
        timings = []
        for _round in range(2):
            started = time.perf_counter()
            batch = imports.upload(moderator, process, filename="bench.csv", content=content)
            report = imports.dry_run(process, batch)
            checked = time.perf_counter()
            assert report.ok, report.problems
            imports.commit(moderator, process, batch, utcnow())
            timings += [checked - started, time.perf_counter() - checked]
        assert batch.created_count == 0 and batch.existing_count == rows
        db.session.remove()
        db.engine.dispose()
    return (f"| {database} | {timings[0]:.1f} | {timings[1]:.1f} | "
            f"{timings[2] + timings[3]:.1f} |")


if __name__ == "__main__":
    main()
