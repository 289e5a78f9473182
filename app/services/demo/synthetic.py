"""Synthetic data at real size: residents, proposals, supports and comments, for benchmarks
and load tests. Varied Swedish text across the focus areas, realistic support skew (a few
proposals gather many supports, most gather few), at most `support_limit` supports per
resident. Inserted in large batches straight through SQLAlchemy Core: 100,000 proposals
and 1,000,000 supports take minutes, not hours."""
import random
from datetime import timedelta

from sqlalchemy import func, insert, select, text, update
from werkzeug.security import generate_password_hash

from app.extensions import db
from app.models import (Comment, Keyword, Proposal, ProposalStatus, Support, User,
                        proposal_keywords, proposal_themes)
from app.models.base import utcnow
from app.services.participation import search

BATCH = 5000

SUBJECTS = {
    0: ["cykelbanor", "otrygga gångtunnlar", "belysningen i parken", "grannsamverkan",
        "mötesplatser för unga", "fältassistenter", "föreningslivet", "trafiken vid skolan"],
    1: ["laddstolpar", "solceller på kommunens tak", "kollektivtrafiken", "matsvinnet",
        "återbruket", "stadsodlingar", "ängsmarken", "dagvattnet"],
    2: ["läxhjälpen", "feriejobben", "vuxenutbildningen", "praktikplatserna",
        "skolgårdarna", "lärlingsplatserna", "studiero", "modersmålsundervisningen"],
    3: ["utegymmen", "simhallen", "äldreomsorgen", "kulturskolan", "spontanidrotten",
        "motionsspåren", "seniorträffarna", "fritidsgårdarna"],
    4: ["bostäderna för unga", "centrumhandeln", "bredbandet på landsbygden",
        "torget", "företagslotsen", "hyresrätterna", "turistinformationen", "busshållplatserna"],
}
VERBS = ["Bygg ut", "Satsa på", "Rusta upp", "Förbättra", "Utveckla", "Inför fler", "Se över",
         "Prioritera"]
REASONS = [
    "Det skulle göra stor skillnad för barnfamiljer i hela kommunen.",
    "Många äldre har svårt att ta sig fram i dag och behöver bättre möjligheter.",
    "Unga saknar platser att vara på efter skolan, särskilt på kvällarna.",
    "Det minskar klimatpåverkan och sparar pengar på sikt.",
    "Andra kommuner har gjort så med goda resultat.",
    "I dag upplever många att det är otryggt, särskilt när det är mörkt.",
    "Det skulle locka fler att flytta hit och stanna kvar.",
    "Det stärker gemenskapen mellan olika delar av kommunen.",
]
PLACES = ["i centrum", "i ytterområdena", "vid stationen", "runt skolorna", "i hela kommunen",
          "på landsbygden", "vid sjön", "i bostadsområdena"]


def generate(process, *, proposals, supports, comments=0, seed=2019,
             password="syntetiskt-lösenord-19"):
    """Add `proposals` published proposals, `supports` supports and `comments` comments
    to `process`."""
    rng = random.Random(seed)
    areas = [area.id for area in process.focus_areas]
    limit = process.support_limit or 10
    residents = max(1, -(-supports // limit)) + max(1, proposals // 20)
    user_ids = _insert_users(residents, password, rng)
    authors = user_ids[:max(1, proposals // 20)]
    keywords = [(k.id, k.theme_id) for k in db.session.scalars(
        select(Keyword).where(Keyword.process_id == process.id))]
    proposal_ids = _insert_proposals(process, areas, authors, proposals, rng, keywords)
    _insert_supports(process, proposal_ids, user_ids[len(authors):], supports, limit, rng)
    _insert_comments(process, proposal_ids, user_ids, comments, rng)
    _recount(process)
    db.session.commit()
    _refresh_statistics()
    return len(proposal_ids)


def _refresh_statistics():
    """Fresh planner statistics (and, on PostgreSQL, the visibility map that index-only
    counts rely on), as autovacuum would give a real database in time."""
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE" if connection.dialect.name == "postgresql"
                                else "ANALYZE"))


def _insert_users(count, password, rng):
    password_hash = generate_password_hash(password)
    now = utcnow()
    start = (db.session.scalar(select(func.max(User.id))) or 0) + 1
    earlier = db.session.scalar(select(func.count(User.id))
                                .where(User.email.like("syntetisk-%")))
    # syntetisk-1@example.org, -2, ...: the first ones are the authors (see the benchmark).
    rows = [{"id": start + n, "email": f"syntetisk-{earlier + n + 1}@example.org",
             "password_hash": password_hash, "display_name": None, "role": "resident",
             "active": True, "email_verified_at": now, "privacy_accepted_at": now,
             "created_at": now} for n in range(count)]
    _batched(User, rows)
    return [row["id"] for row in rows]


TAGGED_SHARE = 0.75  # the moderators are most of the way through


def _insert_proposals(process, areas, authors, count, rng, keywords):
    """Published proposals; most are tagged with one or two of `keywords` (id, theme id)
    and their themes, as reviewed."""
    now = utcnow()
    year = now.year
    first_number = (db.session.scalar(select(func.max(Proposal.number))
                                      .where(Proposal.year == year)) or 0) + 1
    start = (db.session.scalar(select(func.max(Proposal.id))) or 0) + 1
    rows, keyword_rows, theme_rows = [], [], set()
    for n in range(count):
        area_index = rng.randrange(len(areas))
        subject = rng.choice(SUBJECTS[area_index % len(SUBJECTS)])
        title = f"{rng.choice(VERBS)} {subject} {rng.choice(PLACES)}"[:120]
        sentences = rng.sample(REASONS, 3)
        body_text = f"{title}. {' '.join(sentences)}"
        published = now - timedelta(minutes=rng.randrange(60 * 24 * 30))
        rows.append({
            "id": start + n, "process_id": process.id, "author_id": rng.choice(authors),
            "focus_area_id": areas[area_index], "district_id": None, "year": year,
            "number": first_number + n, "title": title,
            "body": "".join(f"<p>{s}</p>" for s in [title + "."] + sentences),
            "body_text": body_text, "search_heads": search.heads(f"{title} {body_text}"),
            "show_name": False,
            "status": ProposalStatus.PUBLISHED.value, "withdrawal_reason": None,
            "withdrawal_note": "", "supports_count": 0, "created_at": published,
            "shuffle_key": rng.randrange(2**31 - 1),
            "updated_at": published, "published_at": published, "reviewed_at": None,
            "keyword_count": 0})
        if keywords and rng.random() < TAGGED_SHARE:
            rows[-1]["reviewed_at"] = published
            chosen = rng.sample(keywords, k=min(len(keywords), rng.choice((1, 1, 2))))
            rows[-1]["keyword_count"] = len(chosen)
            for keyword_id, theme_id in chosen:
                keyword_rows.append({"proposal_id": start + n, "keyword_id": keyword_id})
                if theme_id:
                    theme_rows.add((start + n, theme_id))
    _batched(Proposal, rows)
    _batched(proposal_keywords, keyword_rows)
    _batched(proposal_themes, [{"proposal_id": p, "theme_id": t} for p, t in theme_rows])
    if db.session.get_bind().dialect.name != "postgresql":
        for batch in range(0, len(rows), BATCH):
            db.session.execute(text("INSERT INTO proposal_search(rowid, words) "
                                    "VALUES (:id, :words)"),
                               [{"id": r["id"], "words": search.indexed_words(
                                   r["title"], r["body_text"], r["search_heads"])}
                                for r in rows[batch:batch + BATCH]])
    return [row["id"] for row in rows]


def _insert_supports(process, proposal_ids, supporters, count, limit, rng):
    """Popularity follows a long tail: proposal i is drawn with weight 1/(rank+1)."""
    cumulative, total = [], 0.0
    for rank in range(len(proposal_ids)):
        total += 1 / (rank + 1)
        cumulative.append(total)
    order = proposal_ids[:]
    rng.shuffle(order)
    now, rows = utcnow(), []
    for supporter in supporters:
        wanted = min(limit, count - len(rows))
        if wanted <= 0:
            break
        chosen = set(rng.choices(order, cum_weights=cumulative, k=wanted * 2))
        rows += [{"proposal_id": p, "user_id": supporter, "process_id": process.id,
                  "slot": slot, "created_at": now}
                 for slot, p in enumerate(list(chosen)[:wanted], start=1)]
        if len(rows) >= BATCH * 10:
            _batched(Support, rows)
            count -= len(rows)
            rows = []
    _batched(Support, rows)


DISCUSSED = 500  # comments on the first generated proposal: the largest discussion
STANCES = ("for", "for", "against", "neutral")
COMMENT_TEXTS = ["Bra idé, det behövs verkligen.", "Det kostar för mycket i förhållande till "
                 "nyttan.", "Hur skulle det fungera på vintern?", "Jag håller med, särskilt "
                 "för barnfamiljerna.", "Lägg hellre pengarna på skolan.",
                 "Andra kommuner har provat detta med gott resultat."]
REVIEW_SHARE = 0.005  # reported or waiting: what the moderators' queue holds


def _insert_comments(process, proposal_ids, user_ids, count, rng):
    """The first proposal gets DISCUSSED comments; the rest follow the supports' long
    tail. About one in five answers an earlier comment on the same proposal; a few wait
    in the moderators' queue; helpful marks are counts only."""
    if not count or not proposal_ids:
        return
    start = (db.session.scalar(select(func.max(Comment.id))) or 0) + 1
    targets = [proposal_ids[0]] * min(DISCUSSED, count) + _long_tail(
        proposal_ids[1:], max(0, count - DISCUSSED), DISCUSSED - 1, rng)
    now, rows, last = utcnow(), [], {}
    for n, proposal_id in enumerate(targets):
        text = rng.choice(COMMENT_TEXTS)
        parent = last.get(proposal_id) if rng.random() < 0.2 else None
        rows.append({
            "id": start + n, "proposal_id": proposal_id, "process_id": process.id,
            "parent_id": parent, "author_id": rng.choice(user_ids), "as_municipality": False,
            "stance": rng.choice(STANCES), "body": f"<p>{text}</p>", "body_text": text,
            "status": "published", "hidden_message": "",
            "needs_review": rng.random() < REVIEW_SHARE,
            "helpful_count": int(10 * rng.random() ** 4),
            "created_at": now - timedelta(minutes=rng.randrange(60 * 24 * 30) + 1)})
        if parent is None:
            last[proposal_id] = start + n
        if len(rows) >= BATCH * 10:
            _batched(Comment, rows)
            rows = []
    _batched(Comment, rows)


def _long_tail(proposal_ids, count, most, rng):
    """`count` picks among `proposal_ids`, a few discussed much and most little, none more
    than `most` times (a proposal with tens of thousands of comments is no real one)."""
    if not proposal_ids or not count:
        return []
    weights = [1 / (rank + 1) ** 0.5 for rank in range(len(proposal_ids))]
    picks = rng.choices(proposal_ids, weights=weights, k=count)
    seen, kept, over = {}, [], 0
    for proposal_id in picks:
        seen[proposal_id] = seen.get(proposal_id, 0) + 1
        if seen[proposal_id] > most:
            over += 1
        else:
            kept.append(proposal_id)
    while over:  # what the most discussed could not take goes to any other, at random
        proposal_id = rng.choice(proposal_ids)
        if seen.get(proposal_id, 0) < most:
            seen[proposal_id] = seen.get(proposal_id, 0) + 1
            kept.append(proposal_id)
            over -= 1
        elif all(seen.get(p, 0) >= most for p in proposal_ids):
            break
    return kept


def largest_discussion(process):
    """The id of the proposal with the most comments (one scan: for the benchmark)."""
    return db.session.scalar(select(Comment.proposal_id).where(Comment.process_id == process.id)
                             .group_by(Comment.proposal_id).order_by(func.count().desc())
                             .limit(1))


def _recount(process):
    counted = select(func.count(Support.id)).where(Support.proposal_id == Proposal.id) \
        .scalar_subquery()
    db.session.execute(update(Proposal).where(Proposal.process_id == process.id)
                       .values(supports_count=counted))


def _batched(model, rows):
    for start in range(0, len(rows), BATCH):
        db.session.execute(insert(model), rows[start:start + BATCH])
