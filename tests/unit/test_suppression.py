"""The small-number protection: no figure below 5 is ever shown, and no withheld figure
can be worked out from the shown ones, by subtraction or by any sum of relations.

The random tests check the protection against an oracle that shares no code with it: the
null space of the withheld figures' relations, from numpy's SVD. A withheld figure is safe
exactly when some solution of the relations moves it while every shown figure stays put.
"""
import random

import numpy
import pytest
from scipy.optimize import linprog

from app.services.reach.suppression import THRESHOLD, determined, protect


def table(cells):
    """A table {(row, column): count} with its row, column and grand totals, as relations."""
    rows = sorted({r for r, _ in cells})
    columns = sorted({c for _, c in cells})
    values = dict(cells)
    relations = []
    for r in rows:
        values[(r, "total")] = sum(cells[(r, c)] for c in columns)
        relations.append(((r, "total"), [(r, c) for c in columns]))
    for c in columns:
        values[("total", c)] = sum(cells[(r, c)] for r in rows)
        relations.append((("total", c), [(r, c) for r in rows]))
    values[("total", "total")] = sum(cells.values())
    relations.append((("total", "total"), [(r, "total") for r in rows]))
    relations.append((("total", "total"), [("total", c) for c in columns]))
    return values, relations


def random_table(rng, prefix=""):
    rows, columns = rng.randint(1, 6), rng.randint(1, 6)
    small = rng.random()

    def count():
        return rng.randint(0, 4) if rng.random() < small else rng.randint(5, 60)
    return {(f"{prefix}r{r}", f"c{c}"): count() for r in range(rows) for c in range(columns)}


def exposed_by_oracle(relations, shown):
    """The withheld keys that a reader could work out, by linear algebra in floats."""
    keys = sorted({k for total, parts in relations for k in (total, *parts)} - set(shown),
                  key=str)
    if not keys:
        return set()
    index = {key: i for i, key in enumerate(keys)}
    matrix = numpy.zeros((len(relations), len(keys)))
    for row, (total, parts) in enumerate(relations):
        for key, sign in ((total, -1), *((p, 1) for p in parts)):
            if key in index:
                matrix[row, index[key]] += sign
    _, singular, vt = numpy.linalg.svd(matrix)
    rank = int((singular > 1e-9).sum())
    null_space = vt[rank:]
    return {key for key, i in index.items()
            if null_space.shape[0] == 0 or numpy.abs(null_space[:, i]).max() < 1e-9}


def pinned_by_oracle(relations, shown):
    """The withheld keys a reader could work out knowing that counts are never negative:
    their least and largest possible values meet (each by a linear programme)."""
    keys = sorted({k for total, parts in relations for k in (total, *parts)} - set(shown),
                  key=str)
    index = {key: i for i, key in enumerate(keys)}
    matrix, known = numpy.zeros((len(relations), len(keys))), numpy.zeros(len(relations))
    for row, (total, parts) in enumerate(relations):
        for key, sign in ((total, -1), *((p, 1) for p in parts)):
            if key in index:
                matrix[row, index[key]] += sign
            else:
                known[row] -= sign * shown[key]
    found = set()
    for key, i in index.items():
        goal = numpy.zeros(len(keys))
        goal[i] = 1
        low = linprog(goal, A_eq=matrix, b_eq=known, bounds=(0, None), method="highs")
        high = linprog(-goal, A_eq=matrix, b_eq=known, bounds=(0, None), method="highs")
        assert low.status == 0, "the shown figures must allow the true ones"
        if high.status == 0 and -high.fun - low.fun < 0.5:
            found.add(key)
    return found


def assert_safe(values, relations, result):
    shown = {key: value for key, value in result.items() if value is not None}
    assert set(result) == set(values)
    for key, value in shown.items():
        assert value == values[key]  # nothing shown is changed
        assert value >= THRESHOLD
    for total, parts in relations:  # the plain subtraction: never one withheld in a sum
        withheld = [k for k in (total, *parts) if result[k] is None]
        assert len(withheld) != 1, (total, parts, withheld)
    assert exposed_by_oracle(relations, shown) == set()
    assert pinned_by_oracle(relations, shown) == set()


def test_a_small_cell_and_its_row_partner_are_both_withheld():
    values, relations = table({("a", "x"): 3, ("a", "y"): 20, ("b", "x"): 30, ("b", "y"): 40})
    result = protect(values, relations)
    assert result[("a", "x")] is None
    # Row a's total is shown (23), so another of its parts must be withheld: y, and then
    # column y loses one too, down to a rectangle no sum pins down.
    assert result[("a", "y")] is None
    assert sum(1 for v in result.values() if v is None) >= 4
    assert_safe(values, relations, result)


def test_a_list_with_one_small_group_withholds_the_next_smallest_too():
    values = {"total": 47, "young": 2, "middle": 30, "old": 15}
    result = protect(values, [("total", ["young", "middle", "old"])])
    assert result == {"total": 47, "young": None, "middle": 30, "old": None}


def test_zero_is_a_figure_below_five():
    values = {"total": 40, "a": 0, "b": 40}
    assert protect(values, [("total", ["a", "b"])]) == {"total": 40, "a": None, "b": None}


def test_withheld_figures_that_must_add_up_to_nothing_are_protected_too():
    """0 + 0 = 10 - 10: the two zeros add up to 0, and counts are never negative, so each
    would be known to be 0 unless the ten is withheld with them."""
    values = {"total": 10, "a": 0, "b": 0, "c": 10}
    assert protect(values, [("total", ["a", "b", "c"])]) == {
        "total": 10, "a": None, "b": None, "c": None}


def test_the_bounds_oracle_sees_two_zeros():
    relations = [("total", ["a", "b", "c"])]
    assert pinned_by_oracle(relations, {"total": 10, "c": 10}) == {"a", "b"}


def test_a_total_below_five_is_withheld_with_its_parts():
    values = {"total": 4, "a": 4, "b": 0}
    assert set(protect(values, [("total", ["a", "b"])]).values()) == {None}


def test_no_small_figure_changes_nothing():
    values, relations = table({("a", "x"): 5, ("a", "y"): 6, ("b", "x"): 70, ("b", "y"): 8})
    assert protect(values, relations) == values


def test_a_figure_exposed_by_two_relations_together_is_found():
    # a + b = 10 and a - b... : totals t1 = a + b, t2 = a + c, t3 = b + c, all shown: the
    # three sums pin down every part though no single sum has only one part withheld.
    relations = [("t1", ["a", "b"]), ("t2", ["a", "c"]), ("t3", ["b", "c"])]
    assert determined(relations, {"a", "b", "c"}) == {"a", "b", "c"}
    values = {"a": 2, "b": 9, "c": 7, "t1": 11, "t2": 9, "t3": 16}
    result = protect(values, relations)
    assert result["a"] is None
    assert_safe(values, relations, result)


def test_figures_that_do_not_add_up_are_refused():
    with pytest.raises(ValueError):
        protect({"total": 10, "a": 3, "b": 3}, [("total", ["a", "b"])])


@pytest.mark.parametrize("seed", range(150))
def test_random_tables_are_safe(seed):
    rng = random.Random(seed)
    values, relations = table(random_table(rng))
    assert_safe(values, relations, protect(values, relations))


@pytest.mark.parametrize("seed", range(80))
def test_random_tables_sharing_their_row_totals_are_safe_together(seed):
    """Participants per week by age band and per week by district: the weeks' totals and
    the grand total appear in both, so a figure withheld in one is withheld in the other."""
    rng = random.Random(1000 + seed)
    weeks, ages = rng.randint(1, 5), rng.randint(1, 4)
    first = {(f"w{w}", f"age{a}"): rng.choice([0, 1, 3, 6, 12, 30])
             for w in range(weeks) for a in range(ages)}
    week_totals = {w: sum(v for (row, _), v in first.items() if row == f"w{w}")
                   for w in range(weeks)}
    second = {}
    districts = rng.randint(1, 4)
    for w in range(weeks):  # split each week's total at random over the districts
        cuts = sorted(rng.randint(0, week_totals[w]) for _ in range(districts - 1))
        for d, (low, high) in enumerate(zip([0, *cuts], [*cuts, week_totals[w]])):
            second[(f"w{w}", f"district{d}")] = high - low
    values_a, relations_a = table(first)
    values_b, relations_b = table(second)
    assert all(values_a[k] == values_b[k] for k in set(values_a) & set(values_b))
    values, relations = {**values_a, **values_b}, relations_a + relations_b
    assert_safe(values, relations, protect(values, relations))


def test_the_oracle_sees_an_exposed_figure():
    """The oracle itself can fail: a row with one withheld part is exposed."""
    values, relations = table({("a", "x"): 3, ("a", "y"): 20, ("b", "x"): 30, ("b", "y"): 40})
    shown = {k: v for k, v in values.items() if k != ("a", "x")}
    assert exposed_by_oracle(relations, shown) == {("a", "x")}


def test_a_table_protected_once_is_not_protected_again(monkeypatch):
    """The reach view, its download and the packet ask for the same tables: the answer is
    kept by their exact figures, and what a caller does with it changes nothing kept."""
    from app.services.reach import suppression
    calls = []
    real = suppression._protect
    monkeypatch.setattr(suppression, "_protect",
                        lambda values, relations: calls.append(1) or real(values, relations))
    values = {"all": 23, "a": 3, "b": 20}
    first = suppression.protect(values, [("all", ["a", "b"])])
    assert first == {"all": 23, "a": None, "b": None}
    first["a"] = 3
    again = suppression.protect(dict(values), [("all", ("a", "b"))])
    assert again == {"all": 23, "a": None, "b": None} and len(calls) == 1
    changed = suppression.protect({"all": 24, "a": 4, "b": 20}, [("all", ["a", "b"])])
    assert changed["a"] is None and len(calls) == 2
