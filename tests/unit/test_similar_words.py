"""The words a proposal's similar ones are searched by do not depend on word order or on
the server process (a set's order follows the hash seed)."""
import itertools

from app.services.participation.proposals import SIMILAR_KEY_WORDS, telling_words


def test_the_longest_words_are_chosen_and_ties_go_alphabetically():
    text = "parkera bänkarna gungorna lekplats skolgård vid ån"
    words = telling_words(text)
    assert len(words) == SIMILAR_KEY_WORDS
    assert all((-len(a), a) < (-len(b), b) for a, b in zip(words, words[1:]))


def test_the_same_words_whatever_their_order():
    parts = "gungorna bänkarna lekplats skolgård parkera".split()
    chosen = {tuple(telling_words(" ".join(order))) for order in itertools.permutations(parts)}
    assert len(chosen) == 1
