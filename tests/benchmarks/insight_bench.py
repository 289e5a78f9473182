"""Benchmark: the insight engine at real size, on the database DATABASE_URL names.

    FLASK_APP=wsgi APP_ENV=development DATABASE_URL=... .venv/bin/flask demo generate
    DATABASE_URL=... .venv/bin/python tests/benchmarks/insight_bench.py [--samples 200]

Fits the engine for the demo process (`flask insight refresh --force` does the same), then
times keyword suggestions and duplicate hints for single proposals, as the review page
asks for them (the first call per process unpickles the stored fit: it is timed apart).
Not part of `make test`.
"""
import argparse
import os
import random
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, ROOT)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--no-refresh", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("APP_ENV", "development")
    from sqlalchemy import func, select

    from app import create_app
    from app.extensions import db
    from app.models import Process, Proposal
    from app.models.base import utcnow
    from app.services import demo
    from app.services.insight import hints, store

    app = create_app()
    with app.app_context():
        process = db.session.scalar(select(Process).where(Process.slug == demo.DEMO_SLUG))
        count = db.session.scalar(select(func.count()).select_from(Proposal)
                                  .where(Proposal.process_id == process.id))
        print(f"{count:,} proposals")
        if not args.no_refresh:
            started = time.perf_counter()
            done = store.refresh(process, now=utcnow())
            print(f"refresh: {time.perf_counter() - started:.1f} s ({done})")
        ids = db.session.scalars(select(Proposal.id).where(
            Proposal.process_id == process.id)).all()
        sample = random.Random(13).sample(ids, min(args.samples, len(ids)))
        started = time.perf_counter()
        hints.engine_for(process)
        print(f"first load of the stored fit: {(time.perf_counter() - started) * 1000:.0f} ms")
        timings = []
        for proposal_id in sample:
            proposal = db.session.get(Proposal, proposal_id)
            started = time.perf_counter()
            hints.review_hints(proposal)
            timings.append((time.perf_counter() - started) * 1000)
            db.session.expunge_all()
        timings.sort()
        print(f"review hints per proposal: median {statistics.median(timings):.1f} ms, "
              f"95th percentile {timings[int(len(timings) * 0.95) - 1]:.1f} ms")


if __name__ == "__main__":
    main()
