"""The published Swedish thesaurus the duplicate hints read (app/data/synlex): parsed on
stems both ways, and a synonym in one proposal covering a word of the other."""
import numpy as np

from app.services.insight import thesaurus
from app.services.insight.engine import Engine, document
from app.services.insight.text import term


def test_parse_reads_each_meaning_both_ways_on_stems():
    related = thesaurus.parse(["ISO8859-1", "fart|1", "|tempo|hastighet|full fart",
                               "farten|1", "|fart"])
    assert related[term("fart")] == {term("tempo"), term("hastighet")}
    assert related[term("hastighet")] == {term("fart")}
    assert all(" " not in stem for found in related.values() for stem in found)
    # "farten" and "fart" share a stem: not a pair of their own.
    assert term("fart") not in related[term("fart")]


def test_the_shipped_thesaurus_knows_everyday_synonyms_that_share_no_letters():
    assert thesaurus.are_synonyms(term("fart"), term("hastighet"))
    assert thesaurus.are_synonyms(term("hastighet"), term("fart"))
    assert thesaurus.are_synonyms(term("grönska"), term("växtlighet"))
    assert thesaurus.are_synonyms(term("skräp"), term("avfall"))
    assert not thesaurus.are_synonyms(term("fart"), term("skola"))


def test_pairs_among_a_vocabulary_name_its_columns_lower_first():
    vocabulary = {term("fart"): 4, term("hastighet"): 1, term("skola"): 2}
    assert thesaurus.pairs_among(vocabulary) == {(1, 4)}


def test_a_synonym_in_the_other_proposal_covers_a_word_in_full():
    first = document("Lägre fart vid skolan", "Sänk farten vid skolan.")
    second = document("Lägre hastighet vid skolan", "Sänk hastigheten vid skolan.")
    engine = Engine([], [first, second])
    assert engine.synonym_pairs
    with_synonyms = engine.pair_view([first, second]).coverage(np.array([0]), np.array([1]))
    engine.synonym_pairs = frozenset()
    without = engine.pair_view([first, second]).coverage(np.array([0]), np.array([1]))
    assert with_synonyms[0] == 1.0
    assert without[0] < 0.9


def test_an_engine_stored_before_the_thesaurus_still_scores_pairs():
    first = document("Lägre fart vid skolan", "Sänk farten vid skolan.")
    engine = Engine([], [first, first])
    del engine.synonym_pairs
    assert engine.duplicate_score(first, first) > 0.9
