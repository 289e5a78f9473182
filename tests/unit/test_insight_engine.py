"""The insight engine on small, obvious cases: cold-start suggestions with their reasons,
learning from tagged proposals, duplicates told apart from hard negatives."""
import numpy as np

from app.services.insight.engine import Engine, KeywordInfo, document

KEYWORDS = [
    KeywordInfo("cykel", "Cykling", "Cykelbanor, cykelparkering och cykelvägar.", "Trafik"),
    KeywordInfo("forskola", "Förskola", "Platser i förskolan och barngruppernas storlek.",
                "Barn"),
    KeywordInfo("bad", "Idrott och bad", "Badhus, idrottshallar och elljusspår.", "Fritid"),
    KeywordInfo("belysning", "Trygg belysning", "Gatubelysning och upplysta gångvägar.",
                "Trygghet"),
    KeywordInfo("skrap", "Återvinning och skräp", "Papperskorgar och nedskräpning.", "Miljö"),
]
CORPUS = [document(*pair) for pair in (
    ("Cykelväg till stan", "Bygg en cykelväg från byn till centrum."),
    ("Nytt dagis i Björkdalen", "Vi står i kö för dagisplats i Björkdalen."),
    ("Ny simhall", "Simhallen är för liten för simskolan."),
    ("Lampor längs gatan", "Det är mörkt på Lillåvägen på kvällen."),
    ("Fler papperskorgar i Stadsparken", "Skräpet blåser omkring efter helgerna."),
    ("Bättre belysning i Stadsparken", "Det är becksvart i Stadsparken på vintern."),
)]


def test_cold_start_suggests_from_the_taxonomy_alone_and_says_why():
    engine = Engine(KEYWORDS, CORPUS)
    suggestions = engine.suggest(CORPUS[1])
    assert suggestions[0].code == "forskola"
    assert "dagis" in suggestions[0].reasons
    assert [s.code for s in engine.suggest(CORPUS[0])][0] == "cykel"
    assert [s.code for s in engine.suggest(CORPUS[2])][0] == "bad"
    assert [s.code for s in engine.suggest(CORPUS[3])][0] == "belysning"
    assert len(suggestions) <= 3


def test_reasons_are_the_proposals_own_words_never_stems_or_parts():
    doc = document("Cykelparkeringarna vid stationen", "Fler cykelparkeringar för oss som "
                   "cyklar, så ser det ut för den som pendlar.")
    engine = Engine(KEYWORDS, [*CORPUS, doc])
    words = set(doc.lower().replace(".", " ").replace(",", " ").split())
    shown = [reason for s in engine.suggest(doc, n=5) for reason in s.reasons]
    assert shown and all(reason in words for reason in shown), shown
    assert not {"för", "ser", "parkering", "cykelparkering"} & set(shown)
    for suggestion in engine.suggest(doc, n=5):  # one form of a word, once
        assert not any(a != b and a.startswith(b) for a in suggestion.reasons
                       for b in suggestion.reasons)


def test_tagged_proposals_teach_words_the_taxonomy_does_not_have():
    doc = document("Mörkt vid gångtunneln", "Otäckt att gå där på kvällen.")
    cold = Engine(KEYWORDS, [*CORPUS, doc])
    taught = [(document("Mörkt och otäckt i tunneln", "Det är otäckt när det är mörkt."),
               ["belysning"])] * 3
    warm = Engine(KEYWORDS, [*CORPUS, doc], taught)
    assert warm.tagged_count == 3
    assert warm.suggest(doc)[0].code == "belysning"
    cold_score = next(s.score for s in cold.suggest(doc, n=5) if s.code == "belysning")
    assert warm.suggest(doc)[0].score > cold_score
    assert "otäckt" in warm.suggest(doc)[0].reasons


def test_suggestions_leave_out_what_the_proposal_already_has():
    engine = Engine(KEYWORDS, CORPUS)
    assert "forskola" not in [s.code for s in engine.suggest(CORPUS[1], exclude={"forskola"})]


def test_same_request_in_other_words_is_a_duplicate_and_same_place_is_not():
    engine = Engine(KEYWORDS, CORPUS)
    same_request = engine.duplicate_score(CORPUS[3], document(
        "Gatubelysning på Lillåvägen", "Sätt upp gatubelysning, det är mörkt på kvällen."))
    same_place = engine.duplicate_score(CORPUS[5], CORPUS[4])
    assert engine.is_duplicate(CORPUS[3], document(
        "Gatubelysning på Lillåvägen", "Sätt upp gatubelysning, det är mörkt på kvällen."))
    assert not engine.is_duplicate(CORPUS[5], CORPUS[4])
    assert same_request > same_place


def test_an_empty_taxonomy_suggests_nothing():
    assert Engine([], CORPUS).suggest(CORPUS[0]) == []


def test_a_group_is_named_by_what_it_asks_for_not_by_the_place():
    from app.services.insight import clusters
    docs = [document(*pair) for pair in (
        ("Hundrastgård i Norrby", "I Norrby behövs en hundrastgård för alla hundar."),
        ("Fler hundrastgårdar i Norrby", "Hundar i Norrby saknar en hundrastgård."),
    )]
    everything = [*CORPUS, *docs]
    engine = Engine(KEYWORDS, everything)
    labels = np.array([1] * len(CORPUS) + [0] * len(docs))
    words = clusters.telling_words(engine, everything, engine.vectors(everything), labels)[0]
    assert words and "norrby" not in words and words[0].startswith("hund")


def _themes():
    """Three clear subjects, four proposals each, and one proposal about something else."""
    subjects = {
        "hund": ["Hundrastgård för hundar i {}", "Hundarna behöver en hundrastgård i {}",
                 "Inhägnad hundrastgård för hundar i {}", "Hundrastgård där hundar springer i {}"],
        "bad": ["Nytt badhus i {}", "Bygg ett badhus med simhall i {}",
                "Simhallen i {} är för liten, bygg badhus", "Badhuset i {} behövs"],
        "buss": ["Bussen till {} oftare", "Tätare bussturer till {}, fler bussar",
                 "Fler bussar och avgångar till {}", "Bussar till {} på kvällen"],
    }
    docs, truth = [], []
    for subject, titles in subjects.items():
        for title, place in zip(titles, ("Norrby", "Granlunda", "Tallåsen", "Ekbacken")):
            docs.append(document(title.format(place), title.format(place)))
            truth.append(subject)
    docs.append(document("Konstgräs på fotbollsplanen", "Planen är lerig hela hösten."))
    truth.append("fotboll")
    return docs, truth


def test_emerging_themes_follow_the_subjects_and_leave_out_a_lone_proposal():
    from app.services.insight import clusters
    docs, truth = _themes()
    engine = Engine(KEYWORDS, docs)
    labels = clusters.group(engine.grouping_vectors(engine.vectors(docs)))
    assert labels[-1] == -1  # alone: no group of one
    figures = clusters.grouped_purity(labels, truth)
    assert figures["purity"] == 1.0 and figures["groups"] == 3
    assert figures["coverage"] >= 10 / 13


def test_above_the_exact_limit_groups_go_through_small_groups_in_a_reduced_space(
        monkeypatch):
    from app.services.insight import clusters
    docs, truth = _themes()
    docs, truth = docs[:-1] * 3, truth[:-1] * 3
    monkeypatch.setattr(clusters, "EXACT_LIMIT", 10)
    monkeypatch.setattr(clusters, "SMALL_GROUPS", 9)
    monkeypatch.setattr(clusters, "REDUCED_DIMENSIONS", 8)
    engine = Engine(KEYWORDS, docs)
    labels = clusters.group(engine.grouping_vectors(engine.vectors(docs)))
    figures = clusters.grouped_purity(labels, truth)
    # The small k-means groups may split a subject in two, never mix two.
    assert figures["purity"] == 1.0 and 3 <= figures["groups"] <= 4
    assert figures["coverage"] >= 0.75


def test_suggestions_for_a_list_are_those_for_each_proposal_alone():
    engine = Engine(KEYWORDS, CORPUS)
    exclude = [(), ("forskola",), (), (), (), ()]
    listed = engine.suggest_many(CORPUS, engine.vectors(CORPUS), exclude)
    for doc, codes, found in zip(CORPUS, exclude, listed):
        alone = engine.suggest(doc, exclude=set(codes))
        assert [code for code, _reasons in found] == [s.code for s in alone]
        assert [reasons for _code, reasons in found] == [s.reasons for s in alone]


def test_joining_small_groups_is_joining_their_proposals():
    """Above EXACT_LIMIT the joining starts from small groups: it must join them as the
    exact joining would join their members (here copies of a row, in groups of 1 to 9)."""
    from app.services.insight import clusters
    rng = np.random.default_rng(13)
    rows = rng.random((14, 6)) ** 3
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    copies = rng.integers(1, 10, size=len(rows))
    members = np.repeat(np.arange(len(rows)), copies)
    for distance in (0.2, 0.35, 0.5):
        exact = clusters._join(rows[members], distance)
        grouped = clusters._join_groups(rows[members], members, len(rows), distance)[members]
        # The same partition, whatever the numbers of its groups.
        assert len(set(zip(exact, grouped))) == len(set(exact)) == len(set(grouped))
        assert 1 < len(set(exact)) < len(rows)
