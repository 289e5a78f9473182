"""Small-number protection: the one place that decides which figures about participants
may be shown.

Every count of people that leaves the reach view (screen, KSAU packet, download) goes
through `protect`. A figure below `THRESHOLD` is withheld (primary suppression), and then
further figures are withheld (complementary suppression) until no withheld figure can be
worked out from the shown ones: not by subtracting the shown parts from a shown total,
nor by any combination of the sums the figures take part in.

The figures are described as additive relations, "this total is the sum of these parts";
a table with its row and column totals is one relation per row and per column, and two
tables that share a total (the participants per week, the grand total) are protected
together by passing their relations in one call, so a figure withheld in one is never
shown in the other.

A withheld figure is worked out exactly when its unit vector lies in the row space of the
relations restricted to the withheld figures (everything shown moves to the right-hand
side). This is decided exactly, with fractions, by reducing that small system to reduced
row echelon form: the figure is determined when its column is a pivot whose row has no
other entry.

Counts are never negative, and that pins more: withheld figures whose shown total leaves
0 for them are all 0. A withheld figure is forced to 0 only if it is 0, so for those
alone a linear programme asks whether it could be more; the forced zeros then count as
known, and the rest is pinned exactly when it is determined as above (every other
withheld figure can be positive in one solution, so an average of solutions is inside
the bounds, where only the linear relations hold a figure still).

Withheld figures below the threshold and the complementary ones look alike to the
reader, so that bounds cannot single out which is which.
"""
from collections import OrderedDict
from fractions import Fraction

THRESHOLD = 5
CANDIDATES = 8  # neighbours tried, smallest first, before taking the smallest


# Tables already protected, by their exact figures: the reach view, its download and the
# packet ask for the same tables until an answer comes in, and a protection costs tenths
# of a second (exact fractions, linear programmes).
_protected = OrderedDict()
KEPT = 16


def shown_count(count):
    """A count of people that stands alone (in no table with its parts): itself, or None
    (withheld) when it is under THRESHOLD."""
    return count if count >= THRESHOLD else None


def protect(values, relations):
    """{key: count} and [(total_key, [part_keys])] -> {key: count, or None if withheld}."""
    relations = [(total, tuple(parts)) for total, parts in relations]
    key = (tuple(values.items()), tuple(relations))
    if key not in _protected:
        _protected[key] = _protect(dict(values), relations)
        while len(_protected) > KEPT:
            _protected.popitem(last=False)
    _protected.move_to_end(key)
    return dict(_protected[key])


def _protect(values, relations):
    _check(values, relations)
    withheld = {key for key, value in values.items() if value < THRESHOLD}
    while withheld != set(values):
        exposed = determined(relations, withheld) or pinned(values, relations, withheld)
        if not exposed:
            break
        withheld.add(_complement(values, relations, withheld, min(exposed, key=str)))
    return {key: (None if key in withheld else value) for key, value in values.items()}


def pinned(values, relations, withheld):
    """The withheld keys whose value follows from the shown ones and from counts never
    being negative."""
    zeros = {key for key in withheld if values[key] == 0
             and _most(values, relations, withheld, key) < 0.5}
    return zeros | determined(relations, withheld - zeros)


def _most(values, relations, withheld, key):
    """The largest value `key` could take, given the shown figures, all counts >= 0."""
    from scipy.optimize import linprog  # only when there are withheld zeros to look at
    columns = sorted(withheld, key=str)
    index = {k: i for i, k in enumerate(columns)}
    rows, known = [], []
    for total, parts in relations:
        row, rest = [0] * len(columns), 0
        for k, sign in ((total, -1), *((part, 1) for part in parts)):
            if k in index:
                row[index[k]] += sign
            else:
                rest += sign * values[k]
        if any(row):
            rows.append(row)
            known.append(-rest)
    if not rows:
        return float("inf")
    goal = [0] * len(columns)
    goal[index[key]] = -1
    result = linprog(goal, A_eq=rows, b_eq=known, bounds=(0, None), method="highs")
    return -result.fun if result.status == 0 else float("inf")


def determined(relations, withheld):
    """The withheld keys whose value follows from the figures not withheld."""
    columns = sorted(withheld, key=str)
    index = {key: i for i, key in enumerate(columns)}
    rows = []
    for total, parts in relations:
        row = [Fraction(0)] * len(columns)
        for key, sign in ((total, -1), *((part, 1) for part in parts)):
            if key in index:
                row[index[key]] += sign
        if any(row):
            rows.append(row)
    pivots = _reduce(rows, len(columns))
    return {columns[column] for column, row in pivots.items()
            if sum(1 for entry in row if entry) == 1}


def _reduce(rows, width):
    """Reduced row echelon form, in place: {pivot column: its row}."""
    pivots, top = {}, 0
    for column in range(width):
        found = next((r for r in range(top, len(rows)) if rows[r][column]), None)
        if found is None:
            continue
        rows[top], rows[found] = rows[found], rows[top]
        pivot = rows[top][column]
        rows[top] = [entry / pivot for entry in rows[top]]
        for r, row in enumerate(rows):
            if r != top and row[column]:
                factor = row[column]
                rows[r] = [a - factor * b for a, b in zip(row, rows[top])]
        pivots[column] = top
        top += 1
    return {column: rows[r] for column, r in pivots.items()}


def _complement(values, relations, withheld, exposed):
    """The figure to withhold next so that `exposed` stops following from the others: the
    smallest one sharing a relation with it that hides it on its own (of the few
    smallest), else the smallest one sharing a relation with it, else the smallest figure
    still shown."""
    neighbours = {key for total, parts in relations if exposed in (total, *parts)
                  for key in (total, *parts)} - withheld
    by_size = sorted(neighbours, key=lambda key: (values[key], str(key)))
    for key in by_size[:CANDIDATES]:
        if exposed not in pinned(values, relations, withheld | {key}):
            return key
    if by_size:
        return by_size[0]
    return min(set(values) - withheld, key=lambda key: (values[key], str(key)))


def _check(values, relations):
    for total, parts in relations:
        if not parts:
            raise ValueError(f"{total!r} has no parts")
        if values[total] != sum(values[part] for part in parts):
            raise ValueError(f"{total!r} is not the sum of its parts")
    if any(value < 0 for value in values.values()):
        raise ValueError("a count below zero")
