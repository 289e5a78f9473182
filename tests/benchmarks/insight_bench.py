"""Benchmark: the insight engine at real size, on the database DATABASE_URL names.

    FLASK_APP=wsgi APP_ENV=development DATABASE_URL=... .venv/bin/flask demo generate
    DATABASE_URL=... .venv/bin/python tests/benchmarks/insight_bench.py [--samples 200]

Fits the engine for the demo process (`flask insight refresh --force` does the same) and
times its steps apart: the fit, the duplicate scorer's view of every proposal, the
compare step's index, the vectors, the duplicate pairs, the queue's suggestions,
the emerging themes (item 3 of the issue: grouping the untagged proposals and naming the
groups) and storing. Then times keyword suggestions alone and the review page's hints
(suggestions and duplicates) for single proposals, as the review page asks for them (the
first call per process unpickles the stored fit: it is timed apart). Prints the process's
peak resident memory. Not part of `make test`.
"""
import argparse
import functools
import os
import random
import resource
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, ROOT)


def peak_memory():
    """The process's peak resident memory so far, in MB (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(owner, name, steps, label):
    """Wrap `owner.name` so that the time spent in it is added to `steps[label]`, beside
    the peak memory once it returned."""
    original = getattr(owner, name)

    @functools.wraps(original)
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            seconds, _peak = steps.get(label, (0.0, 0))
            steps[label] = (seconds + time.perf_counter() - started, peak_memory())
    setattr(owner, name, wrapper)
    return original


def percentiles(timings):
    timings = sorted(timings)
    return statistics.median(timings), timings[max(0, int(len(timings) * 0.95) - 1)]


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
    from app.services.insight.engine import Engine

    app = create_app()
    with app.app_context():
        process = db.session.scalar(select(Process).where(Process.slug == demo.DEMO_SLUG))
        count = db.session.scalar(select(func.count()).select_from(Proposal)
                                  .where(Proposal.process_id == process.id))
        print(f"{count:,} proposals; peak memory before the refresh {peak_memory():.0f} MB")
        if not args.no_refresh:
            steps = {}
            timed(store, "_read", steps, "reading the proposals")
            timed(Engine, "__init__", steps, "fitting the engine")
            timed(Engine, "pair_view", steps, "the duplicate scorer's view")
            timed(Engine, "index_for_compare", steps, "the compare step's index")
            timed(Engine, "vectors", steps, "the proposals' vectors")
            timed(store, "_duplicate_pairs", steps, "duplicate pairs")
            timed(Engine, "suggest_many", steps, "the queue's suggestions")
            timed(store, "_emerging", steps, "emerging themes (item 3)")
            started = time.perf_counter()
            done = store.refresh(process, now=utcnow())
            total = time.perf_counter() - started
            print(f"refresh: {total:.1f} s ({done})")
            for label, (seconds, peak) in steps.items():
                print(f"  {label}: {seconds:.1f} s (peak memory so far {peak:.0f} MB)")
            rest = total - sum(seconds for seconds, _peak in steps.values())
            print(f"  the rest (storing, committing): {rest:.1f} s")
            print(f"peak memory after the refresh: {peak_memory():.0f} MB")
        ids = db.session.scalars(select(Proposal.id).where(
            Proposal.process_id == process.id)).all()
        sample = random.Random(13).sample(ids, min(args.samples, len(ids)))
        started = time.perf_counter()
        hints.engine_for(process)
        print(f"first load of the stored fit: {(time.perf_counter() - started) * 1000:.0f} ms")
        for label, ask in (("keyword suggestions", hints.suggestions),
                           ("review hints (suggestions and duplicates)", hints.review_hints)):
            timings = []
            for proposal_id in sample:
                proposal = db.session.get(Proposal, proposal_id)
                started = time.perf_counter()
                ask(proposal)
                timings.append((time.perf_counter() - started) * 1000)
                db.session.expunge_all()
            median, high = percentiles(timings)
            print(f"{label} per proposal: median {median:.1f} ms, "
                  f"95th percentile {high:.1f} ms")
        print(f"peak memory: {peak_memory():.0f} MB")


if __name__ == "__main__":
    main()
