"""Swedish text as the insight engine reads it."""
from app.services.insight import text


def test_lower_case_keeps_a_ring_a_umlaut_and_o_umlaut_distinct():
    assert text.normalise("Bänkar vid MÅL och Öar") == "bänkar vid mål och öar"
    assert text.stem("bänkar") != text.stem("banksy")
    assert text.stem("mål") != text.stem("mal")


def test_word_forms_share_a_stem():
    assert text.stem("bänkar") == text.stem("bänken") == text.stem("bänk")


def test_everyday_synonyms_are_read_as_one_word():
    assert "förskola" in text.words("Bygg ut dagis")
    assert "cykelbana" in text.words("En cykelväg till stan")
    assert "badhus" in text.words("Ny simhall")
    assert "gatubelysning" in text.words("Fler lampor längs gatan")


def test_words_that_say_nothing_are_left_out():
    assert text.words("Kommunen borde bygga en lekplats") == ["bygga", "lekplats"]


def test_surface_forms_name_the_residents_own_word():
    forms = text.surface_forms("Fler bänkar i parken")
    assert forms[text.stem("bänkar")] == "bänkar"
