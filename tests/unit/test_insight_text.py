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


def test_every_form_of_a_synonym_counts_not_only_those_in_the_list():
    assert text.term("cykelvägarna") == text.term("cykelbana")
    assert text.term("snöröjningen") == text.term("plogning")
    assert text.stems("Plogade gator") == text.stems("Snöröjning gator")


def test_a_compound_brings_its_known_parts():
    analyse = text.Analyser(["Hundar springer på gården", "Läxorna är svåra, hjälp oss"])
    assert set(analyse("hundrastgård")) >= {"hund", text.term("gården")}
    assert set(analyse("läxhjälp")) >= {text.term("läxorna"), text.term("hjälp")}
    # A word made of no known parts stands alone.
    assert analyse("Fotbollsplan") == [text.term("fotbollsplan")]


def test_a_phrase_of_the_list_is_read_only_as_whole_words():
    # "lampor längs gatan" is a phrase of the list, not read inside "gatlampor längs gatan".
    assert text.normalise("Gatlampor längs gatan") == "gatubelysning längs gatan"
    assert text.normalise("Lampor längs gatan i Norrby") == "gatubelysning i norrby"


def test_a_short_stem_is_not_read_as_a_synonym_of_another_word():
    # "billig" and "bil" share the stem "bil": cars are not cheap, though "billiga" is.
    assert text.stems("Fler bilar") != text.stems("Fler prisvärda")
    assert text.stems("Billiga busskort") == text.stems("Prisvärda busskort")


def test_threads_stemming_at_once_each_get_their_own_words_stems():
    """An app server's threads stem at the same time (searches, the compare step, a refresh
    started from a page): each must get the stems of its own words."""
    import threading

    from app.services.insight.text import stem

    words = [f"{root}{ending}" for root in ("bänk", "cykelväg", "förskol", "simhall", "lekplats",
                                            "gatubelysning", "bibliotek", "parkering")
             for ending in ("", "en", "ar", "arna", "ens", "erna", "ernas")]
    expected = [stem.__wrapped__(word) for word in words]
    start, found, errors = threading.Barrier(8), [], []

    def run():
        start.wait()
        try:
            for _round in range(200):
                found.append([stem.__wrapped__(word) for word in words])
        except Exception as error:  # noqa: BLE001 - what a garbled stemmer raises
            errors.append(error)
    threads = [threading.Thread(target=run) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert all(stems == expected for stems in found)
