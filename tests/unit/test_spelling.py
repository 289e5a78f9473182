"""Searches typed without å, ä and ö: which spelling the proposals use."""
from app.services.insight.spelling import _respelled
from app.services.insight.text import term


def known(**idf):
    return {term(word): value for word, value in idf.items()}


def test_a_word_the_proposals_use_with_swedish_letters_is_respelled():
    words = known(förskola=1.0, äldre=1.0, hundrastgård=2.0)
    assert _respelled("forskola", words) == "förskola"
    assert _respelled("hundrastgard", words) == "hundrastgård"
    assert _respelled("cykel", words) is None  # no letter to change
    assert _respelled("forskola", known(cykel=1.0)) is None  # not a word of theirs


def test_of_two_spellings_the_commoner_is_meant_and_a_known_word_is_left_alone():
    # "aldre" could be "äldre" (common) or "åldre" (as in "åldrar", rare).
    assert _respelled("aldre", known(äldre=1.5, åldrar=4.0)) == "äldre"
    assert _respelled("bank", known(bank=2.0, bänk=1.0)) is None  # "bank" is a word here
