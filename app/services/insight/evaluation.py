"""The figures `flask insight evaluate` prints, from three CSV files (the formats are in
the README): the taxonomy, labelled proposals and labelled pairs.

- keyword hit@3: the share of proposals for which at least one of their keywords is among
  the engine's three suggestions. Cold start knows only the taxonomy; warm also learns
  from a fixed 30 % of the proposals (drawn with a fixed seed) and is scored on the rest.
- duplicates: precision, recall and F1 of "is a duplicate" over the labelled pairs, and
  the share of pairs labelled 0 (the hard negatives) that the engine calls duplicates.
- clustering purity: the proposals grouped into as many groups as there are themes; the
  share of proposals whose group's most common theme is their own.
- emerging themes: the proposals grouped as "Nya teman" groups them (as many groups as
  are alike enough, the smallest left out): the purity over the proposals placed in a
  group, the share placed (coverage) and the number of groups."""
import csv
import io
import random

from app.sanitize import html_as_text, looks_like_html
from app.services.insight import clusters
from app.services.insight.engine import (DUPLICATE_THRESHOLD, SHOWN_FROM, Engine,
                                         KeywordInfo, document)
from app.services.participation.proposals import SIMILAR_SHOWN

TRAIN_SHARE = 0.3
SPLIT_SEED = 2030
TAXONOMY_COLUMNS = ("kind", "code", "name", "theme", "meaning", "agenda2030_goals")
PROPOSAL_COLUMNS = ("id", "title", "text", "keywords", "theme", "focus_area")
DUPLICATE_COLUMNS = ("pair", "id_a", "id_b", "label")


class EvaluationError(Exception):
    pass


def read_rows(stream, columns, name):
    """The rows of a CSV file as dicts; commas or semicolons, with or without a BOM."""
    content = stream.read()
    if isinstance(content, bytes):
        content = content.decode("utf-8-sig")
    content = content.lstrip("\ufeff")
    first = content.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(content), delimiter=delimiter)
    missing = [c for c in columns if c not in (reader.fieldnames or ())]
    if missing:
        raise EvaluationError(f"{name}: missing columns {', '.join(missing)}")
    return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]


def load_taxonomy(stream):
    rows = read_rows(stream, TAXONOMY_COLUMNS, "taxonomy")
    themes = {r["code"]: r["name"] for r in rows if r["kind"] == "theme"}
    # A keyword's theme by its code, or by its name.
    themes.update({name.casefold(): name for name in themes.values()})
    keywords = [KeywordInfo(r["code"], r["name"], r["meaning"],
                            themes.get(r["theme"]) or themes.get(r["theme"].casefold(), ""))
                for r in rows if r["kind"] == "keyword"]
    if not keywords:
        raise EvaluationError("taxonomy: no rows of kind 'keyword'")
    return keywords


def load_proposals(stream, keywords=()):
    """The labelled proposals; a keyword may be given by its code or by its name in the
    taxonomy `keywords` (any case), and is read as its code."""
    codes = {k.code: k.code for k in keywords}
    by_name = {k.name.casefold(): k.code for k in keywords}
    rows, seen = [], set()
    for row in read_rows(stream, PROPOSAL_COLUMNS, "proposals"):
        if row["id"] in seen:  # a row repeated in the file counts once, as first given
            continue
        seen.add(row["id"])
        given = [k.strip() for k in row["keywords"].split("|") if k.strip()]
        row["keywords"] = [codes.get(k) or by_name.get(k.casefold(), k) for k in given]
        row["document"] = document(_words(row["title"]), _words(row["text"]))
        rows.append(row)
    if not rows:
        raise EvaluationError("proposals: no rows")
    return rows


def _words(cell):
    """A cell as the words a person wrote: HTML pasted into it read as text, as the
    import of paper proposals reads it."""
    return html_as_text(cell) if looks_like_html(cell) else cell


def load_pairs(stream):
    rows = read_rows(stream, DUPLICATE_COLUMNS, "duplicates")
    try:
        return [(r["id_a"], r["id_b"], int(r["label"])) for r in rows]
    except ValueError:
        raise EvaluationError("duplicates: label must be 1 or 0")


def split(proposals):
    """The fixed training share: the same proposals every run for the same file."""
    ids = sorted((p["id"] for p in proposals), key=lambda i: (len(i), i))
    random.Random(SPLIT_SEED).shuffle(ids)
    return set(ids[:round(len(ids) * TRAIN_SHARE)])


def hit_at_3(engine, proposals):
    scored = [p for p in proposals if p["keywords"]]
    if not scored:
        return None
    hits = sum(any(s.code in p["keywords"] for s in engine.suggest(p["document"], 3))
               for p in scored)
    return hits / len(scored)


def duplicate_figures(engine, proposals, pairs):
    by_id = {p["id"]: p["document"] for p in proposals}
    unknown = [i for a, b, _ in pairs for i in (a, b) if i not in by_id]
    if unknown:
        raise EvaluationError(f"duplicates: no proposal with id {unknown[0]}")
    scores = _pair_scores(engine, proposals, pairs)
    predicted = [(score >= DUPLICATE_THRESHOLD, label)
                 for score, (_a, _b, label) in zip(scores, pairs)]
    true_pos = sum(p and label for p, label in predicted)
    false_pos = sum(p and not label for p, label in predicted)
    positives = sum(label for _p, label in predicted)
    negatives = len(predicted) - positives
    precision = true_pos / (true_pos + false_pos) if true_pos + false_pos else 0.0
    recall = true_pos / positives if positives else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"pairs": len(pairs), "precision": precision, "recall": recall, "f1": f1,
            "hard_negative_false_positive_rate": false_pos / negatives if negatives else None,
            "threshold": DUPLICATE_THRESHOLD}


def similar_list_figures(engine, proposals, pairs):
    """The similar proposals as residents see them (`compare.ranked`): for each proposal,
    the others of the file the duplicate scorer ranks first, down to SHOWN_FROM, at most
    as many as the pages show. The share of labelled duplicates whose partner is among
    them (each way), the share of hard negatives that are, and how many proposals are
    shown none."""
    import numpy as np
    count = len(proposals)
    view = engine.pair_view([p["document"] for p in proposals])
    first, second = np.triu_indices(count, k=1)
    scores = np.full((count, count), -1.0)
    # Coverage (the slow feature) only where the floor is within reach: the rest score 0.
    scores[first, second] = scores[second, first] = engine.pair_scores(
        view, first, second, at_least=SHOWN_FROM)
    shown = []
    for row in scores:
        order = np.argsort(-row, kind="stable")[:SIMILAR_SHOWN]
        shown.append({int(j) for j in order if row[j] >= SHOWN_FROM})
    position = {p["id"]: i for i, p in enumerate(proposals)}
    seen = {1: [], 0: []}
    for a, b, label in pairs:
        a, b = position[a], position[b]
        seen[label].extend([b in shown[a], a in shown[b]])
    share = (lambda found: sum(found) / len(found) if found else None)
    return {"partner_shown": share(seen[1]), "hard_negatives_shown": share(seen[0]),
            "proposals_shown_none": sum(not found for found in shown),
            "shown_at_most": SIMILAR_SHOWN, "shown_from": SHOWN_FROM}


def _pair_view(engine, proposals, pairs):
    position = {p["id"]: i for i, p in enumerate(proposals)}
    view = engine.pair_view([p["document"] for p in proposals])
    return view, [position[a] for a, _b, _l in pairs], [position[b] for _a, b, _l in pairs]


def _pair_scores(engine, proposals, pairs):
    view, first, second = _pair_view(engine, proposals, pairs)
    return engine.pair_scores(view, first, second)


def calibrate(taxonomy, proposals_file, duplicates, max_false_positives=0.08):
    """The duplicate scorer's weights, bias and threshold fitted on labelled pairs (for the
    constants in `engine`; run on the development part only). The threshold is the one
    with the best F1 whose hard-negative rate stays within `max_false_positives`, read
    from out-of-fold scores so that it is not fitted to the very pairs it separates."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    keywords = load_taxonomy(taxonomy)
    proposals = load_proposals(proposals_file, keywords)
    pairs = load_pairs(duplicates)
    engine = Engine(keywords, [p["document"] for p in proposals])
    view, first, second = _pair_view(engine, proposals, pairs)
    features = view.features(np.asarray(first), np.asarray(second))
    labels = np.array([label for _a, _b, label in pairs])
    model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=1000)
    folds = StratifiedKFold(5, shuffle=True, random_state=SPLIT_SEED)
    scores = cross_val_predict(model, features, labels, cv=folds,
                               method="predict_proba")[:, 1]
    best = (-1.0, 0.5)
    for threshold in np.unique(scores):
        flagged = scores >= threshold
        true_pos = int((flagged & (labels == 1)).sum())
        false_rate = (flagged & (labels == 0)).sum() / max(1, (labels == 0).sum())
        if false_rate > max_false_positives or not true_pos:
            continue
        precision, recall = true_pos / flagged.sum(), true_pos / (labels == 1).sum()
        best = max(best, (2 * precision * recall / (precision + recall), -threshold))
    model.fit(features, labels)
    return {"features": list(engine_features()),
            "weights": [round(float(w), 3) for w in model.coef_[0]],
            "bias": round(float(model.intercept_[0]), 3),
            "threshold": round(float(-best[1]), 3), "out_of_fold_f1": round(best[0], 3)}


def engine_features():
    from app.services.insight.engine import PAIR_FEATURES
    return PAIR_FEATURES


def evaluate(taxonomy, proposals_file, duplicates=None):
    keywords = load_taxonomy(taxonomy)
    proposals = load_proposals(proposals_file, keywords)
    corpus = [p["document"] for p in proposals]
    cold = Engine(keywords, corpus)
    train = split(proposals)
    warm = Engine(keywords, corpus, [(p["document"], p["keywords"]) for p in proposals
                                     if p["id"] in train])
    themes = [p["theme"] for p in proposals]
    groups = len(set(themes))
    grouping = cold.grouping_vectors(cold.vectors(corpus))
    labels = clusters.cluster(grouping, groups)
    result = {
        "proposals": len(proposals), "keywords": len(keywords),
        "cold_start_keyword_hit_at_3": hit_at_3(cold, proposals),
        "warm_keyword_hit_at_3": hit_at_3(warm, [p for p in proposals if p["id"] not in train]),
        "warm_trained_on": len(train),
        "clustering_purity": clusters.purity(labels, themes), "clusters": groups,
        "emerging_themes": clusters.grouped_purity(clusters.group(grouping), themes),
    }
    if duplicates is not None:
        pairs = load_pairs(duplicates)
        result["duplicates"] = duplicate_figures(cold, proposals, pairs)
        result["similar_lists"] = similar_list_figures(cold, proposals, pairs)
    return _rounded(result)


def _rounded(value):
    if isinstance(value, float):
        return round(value, 3)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    return value
