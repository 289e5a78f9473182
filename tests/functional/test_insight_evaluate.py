"""`flask insight evaluate` on a tiny labelled set whose figures are known."""
import json

import pytest

from app.services.insight import evaluation

TAXONOMY = """kind,code,name,theme,meaning,agenda2030_goals
theme,trafik,Trafik,,Att ta sig fram.,11
theme,barn,Barn,,Förskola och skola.,4
keyword,cykel,Cykling,trafik,"Cykelbanor, cykelparkering och cykelvägar.",11;13
keyword,buss,Kollektivtrafik,trafik,"Bussar som går ofta, hållplatser och biljetter.",11
keyword,forskola,Förskola,barn,Platser i förskolan och barngruppernas storlek.,4
keyword,skola,Skolan,barn,"Lärare, skolmat och skolgårdar.",4
keyword,okand,Utan text,barn,,4
"""
PROPOSALS = """id,title,text,keywords,theme,focus_area
1,Cykelbana till Norrby,Bygg en cykelbana från Norrby till centrum.,cykel,trafik,Miljö
2,Cykelväg från Norrby,Jag vill ha en cykelväg från Norrby in till centrum.,cykel,trafik,Miljö
3,Laga cykelbanan vid Norrby,Cykelbanan vid Norrby har gropar som måste lagas.,cykel,trafik,Miljö
4,Bussen oftare till Granlunda,Bussarna går för sällan till Granlunda.,buss,trafik,Miljö
5,Nytt dagis i Björkdalen,Vi står i kö för en plats på dagis.,forskola,barn,Skola
6,Godare skolmat,Maten i skolan är tråkig: laga från grunden.,skola|okand,barn,Skola
7,Något helt annat,Vi vill ha en stor staty av en älg.,okand,barn,Skola
"""
DUPLICATES = """pair;id_a;id_b;label
1;1;2;1
2;1;3;0
"""


@pytest.fixture
def files(tmp_path):
    paths = {}
    for name, content in (("t", TAXONOMY), ("p", PROPOSALS), ("d", DUPLICATES)):
        path = tmp_path / f"{name}.csv"
        path.write_text(content, encoding="utf-8-sig")
        paths[name] = str(path)
    return paths


def run(runner, *args):
    result = runner.invoke(args=["insight", "evaluate", *args])
    return result


def test_the_figures_of_a_small_set_are_the_known_ones(runner, files):
    result = run(runner, "--taxonomy", files["t"], "--proposals", files["p"],
                 "--duplicates", files["d"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    # Six of seven proposals have a keyword the taxonomy describes; the seventh's keyword
    # has no words at all, so nothing can find it before anything is tagged.
    assert figures["cold_start_keyword_hit_at_3"] == round(6 / 7, 3)
    assert figures["warm_trained_on"] == 2
    assert figures["duplicates"] == {
        "pairs": 2, "precision": 1.0, "recall": 1.0, "f1": 1.0,
        "hard_negative_false_positive_rate": 0.0,
        "threshold": evaluation.DUPLICATE_THRESHOLD}
    assert figures["clusters"] == 2
    assert 0.5 <= figures["clustering_purity"] <= 1.0
    # The duplicates are each other's likeliest; the elk statue resembles nothing.
    similar = figures["similar_lists"]
    assert similar["partner_shown"] == 1.0 and similar["proposals_shown_none"] >= 1
    assert (similar["shown_at_most"], similar["shown_from"]) == (5, evaluation.SHOWN_FROM)
    emerging = figures["emerging_themes"]
    assert set(emerging) == {"purity", "coverage", "groups"}
    assert 0 <= emerging["coverage"] <= 1 and emerging["groups"] >= 0


def test_warm_figures_are_scored_only_on_proposals_not_trained_on(files):
    with open(files["p"], "rb") as stream:
        proposals = evaluation.load_proposals(stream)
    train = evaluation.split(proposals)
    assert len(train) == 2 and train == evaluation.split(list(reversed(proposals)))
    with open(files["t"], "rb") as t, open(files["p"], "rb") as p:
        figures = evaluation.evaluate(t, p)
    scored = len(proposals) - len(train)
    hits = figures["warm_keyword_hit_at_3"] * scored
    assert abs(hits - round(hits)) < 0.01  # a share of the five proposals scored
    assert "duplicates" not in figures


def test_the_duplicates_file_is_optional(runner, files):
    result = run(runner, "--taxonomy", files["t"], "--proposals", files["p"])
    assert result.exit_code == 0
    assert "duplicates" not in json.loads(result.output)


def test_a_file_without_the_columns_is_refused_by_name(runner, files, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("id,title\n1,Något\n", encoding="utf-8")
    result = run(runner, "--taxonomy", files["t"], "--proposals", str(bad))
    assert result.exit_code != 0
    assert "proposals: missing columns text, keywords, theme, focus_area" in result.output


def test_a_pair_naming_an_unknown_proposal_is_refused(runner, files, tmp_path):
    bad = tmp_path / "d.csv"
    bad.write_text("pair,id_a,id_b,label\n1,1,99,1\n", encoding="utf-8")
    result = run(runner, "--taxonomy", files["t"], "--proposals", files["p"],
                 "--duplicates", str(bad))
    assert result.exit_code != 0 and "no proposal with id 99" in result.output


def test_a_file_that_is_not_utf8_is_refused(runner, files, tmp_path):
    bad = tmp_path / "latin.csv"
    bad.write_bytes("id,title,text,keywords,theme,focus_area\n1,Bänk,x,a,b,c\n".encode("utf-16"))
    result = run(runner, "--taxonomy", files["t"], "--proposals", str(bad))
    assert result.exit_code != 0


def test_the_development_set_reaches_its_figures(runner):
    """The figures the README reports for tests/data/insight (development part)."""
    base = "tests/data/insight/"
    result = run(runner, "--taxonomy", base + "taxonomy.csv",
                 "--proposals", base + "proposals_dev.csv",
                 "--duplicates", base + "duplicates_dev.csv")
    figures = json.loads(result.output)
    assert figures["proposals"] >= 100 and figures["duplicates"]["pairs"] >= 40
    assert figures["cold_start_keyword_hit_at_3"] >= 0.9
    assert figures["warm_keyword_hit_at_3"] >= 0.9
    assert figures["emerging_themes"]["purity"] >= 0.85
    assert figures["emerging_themes"]["coverage"] >= 0.8
    # The development part holds hard paraphrases on purpose (README: 0.84 on it).
    assert figures["duplicates"]["f1"] >= 0.8
    assert figures["duplicates"]["hard_negative_false_positive_rate"] <= 0.1


def test_calibration_fits_the_duplicate_scorer_the_engine_uses():
    """The engine's duplicate weights and threshold are those `calibrate` fits on the
    development part (so they were not chosen by hand or on the held-out part)."""
    from app.services.insight import engine
    base = "tests/data/insight/"
    with open(base + "taxonomy.csv", encoding="utf-8") as taxonomy, \
            open(base + "proposals_dev.csv", encoding="utf-8") as proposals, \
            open(base + "duplicates_dev.csv", encoding="utf-8") as pairs:
        fitted = evaluation.calibrate(taxonomy, proposals, pairs)
    assert fitted["features"] == list(engine.PAIR_FEATURES)
    assert fitted["weights"] == list(engine.PAIR_WEIGHTS)
    assert fitted["bias"] == engine.PAIR_BIAS
    assert fitted["threshold"] == engine.DUPLICATE_THRESHOLD


def test_keywords_given_by_name_count_as_their_codes(runner, files, tmp_path):
    by_name = tmp_path / "named.csv"
    named_rows = (PROPOSALS.replace(",cykel,", ",Cykling,")
                  .replace(",buss,", ",kollektivtrafik,").replace(",forskola,", ",FÖRSKOLA,")
                  .replace("skola|okand", "Skolan|Utan text").replace(",okand,", ",Utan text,"))
    by_name.write_text(named_rows, encoding="utf-8")
    assert ",Cykling," in by_name.read_text(encoding="utf-8")
    coded = json.loads(run(runner, "--taxonomy", files["t"], "--proposals", files["p"]).output)
    named = run(runner, "--taxonomy", files["t"], "--proposals", str(by_name))
    assert named.exit_code == 0, named.output
    assert json.loads(named.output) == coded


def test_messy_cells_are_read_as_a_person_wrote_them(runner, files, tmp_path):
    """HTML pasted into cells, a repeated row, a keyword's theme by its name: the same
    figures as the tidy files."""
    messy_taxonomy = tmp_path / "t.csv"
    messy_taxonomy.write_text(TAXONOMY.replace("theme,trafik,", "theme,T1,")
                              .replace(",trafik,\"Cykel", ",Trafik,\"Cykel")
                              .replace(",trafik,\"Bussar", ",T1,\"Bussar"), encoding="utf-8")
    messy = tmp_path / "p.csv"
    messy.write_text(PROPOSALS.replace(
        "Bygg en cykelbana från Norrby till centrum.",
        "\"<p>Bygg en <strong>cykelbana</strong> från Norrby</p><p>till&nbsp;centrum.</p>\"")
        + "5,Något annat,Samma id igen.,skola,barn,Skola\n", encoding="utf-8")
    tidy = json.loads(run(runner, "--taxonomy", files["t"], "--proposals", files["p"],
                          "--duplicates", files["d"]).output)
    result = run(runner, "--taxonomy", str(messy_taxonomy), "--proposals", str(messy),
                 "--duplicates", files["d"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == tidy
    with open(messy_taxonomy, encoding="utf-8") as stream:
        keywords = evaluation.load_taxonomy(stream)
    assert next(k for k in keywords if k.code == "cykel").theme == "Trafik"
    with open(messy, encoding="utf-8") as stream:
        proposals = evaluation.load_proposals(stream, keywords)
    assert [p["id"] for p in proposals] == ["1", "2", "3", "4", "5", "6", "7"]
    assert proposals[4]["title"] == "Nytt dagis i Björkdalen"
    assert "Bygg en cykelbana från Norrby\n\ntill centrum." in proposals[0]["document"]


@pytest.mark.parametrize("floor, at_most, expected", [
    (1.01, 5, {"partner_shown": 0.0, "hard_negatives_shown": 0.0, "proposals_shown_none": 7}),
    (0.0, 6, {"partner_shown": 1.0, "hard_negatives_shown": 1.0, "proposals_shown_none": 0}),
])
def test_similar_lists_show_what_passes_the_floor_and_no_more_than_the_pages_do(
        files, monkeypatch, floor, at_most, expected):
    monkeypatch.setattr(evaluation, "SHOWN_FROM", floor)
    monkeypatch.setattr(evaluation, "SIMILAR_SHOWN", at_most)
    with open(files["t"], encoding="utf-8-sig") as t, \
            open(files["p"], encoding="utf-8-sig") as p, \
            open(files["d"], encoding="utf-8-sig") as d:
        figures = evaluation.evaluate(t, p, d)["similar_lists"]
    assert {k: figures[k] for k in expected} == expected
