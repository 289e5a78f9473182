"""The public list: search in Swedish, filters, order and pages that keep them."""
import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import (Channel, District, Keyword, Process, Proposal, ProposalStatus, Role,
                        Theme)
from app.models.base import utcnow
from app.services.participation import listing
from tests.conftest import submit


@pytest.fixture
def process(make_process):
    return make_process()


def titles(client, process, query=""):
    html = client.get(f"/process/{process.slug}/forslag?{query}").get_data(as_text=True)
    return html


def test_search_understands_swedish_word_forms_and_compounds(client, process, make_proposal):
    make_proposal(process, title="Fler cyklar på stationen",
                  body="Cykelparkeringen vid stationen är alltid full på morgonen.")
    make_proposal(process, title="Längre öppettider på biblioteket",
                  body="Biblioteket borde vara öppet på kvällar och helger för alla.")
    html = titles(client, process, "q=cykel")
    assert "Fler cyklar på stationen" in html and "biblioteket" not in html
    assert "1 förslag" in html
    html = titles(client, process, "q=bibliotekens+öppettid")
    assert "Längre öppettider" in html and "Fler cyklar" not in html


def test_search_finds_everyday_synonyms_as_well(client, process, make_proposal):
    make_proposal(process, title="Fler förskoleplatser i Norrhöjden",
                  body="Vi har stått i kö i fyra månader utan att få plats för vår dotter.")
    make_proposal(process, title="Cykelväg hela vägen till Norrby",
                  body="Den som cyklar till Norrby måste ut på landsvägen sista biten.")
    make_proposal(process, title="Turistbyrån borde ha öppet på söndagar",
                  body="Många turister kommer på helgen och hittar ingen information.")
    make_proposal(process, title="Nya bussturer till Hagalund",
                  body="Fler bussturer på kvällen behövs för den som jobbar sent.")
    html = titles(client, process, "q=dagis")
    assert "Fler förskoleplatser i Norrhöjden" in html and "1 förslag" in html
    html = titles(client, process, "q=cykelbana+norrby")
    assert "Cykelväg hela vägen till Norrby" in html and "1 förslag" in html
    # A synonym too short to be a word's start matches whole words only: "buss" brings
    # "turer" (trips) with it, which must not find "turister".
    html = titles(client, process, "q=buss")
    assert "Nya bussturer" in html and "Turistbyrån" not in html


def test_a_phrase_of_the_synonym_list_searches_as_its_word(client, process, make_proposal):
    """"lampor längs gatan" is everyday words for street lighting: it finds "gatlampor",
    though no proposal writes the phrase; its words alone do not all appear anywhere."""
    make_proposal(process, title="Fler gatlampor vid skolan",
                  body="Skolvägen är mörk på morgonen när barnen går dit.")
    make_proposal(process, title="Laga gatan vid torget",
                  body="Gatan har stora hål efter vintern.")
    html = titles(client, process, "q=lampor+l%C3%A4ngs+gatan")
    assert "Fler gatlampor vid skolan" in html and "1 förslag" in html


def card_of(html, title):
    """The list item of the card whose heading links `title`."""
    return next(item for item in re.findall(r'<li class="card proposal-card">.*?</li>', html,
                                            re.S) if f">{title}</a>" in item)


def test_a_card_shows_what_the_proposal_is_and_where_it_stands(
        app, client, process, make_proposal):
    """Each card: reference, focus area, district, channel, keywords before themes (each by
    name), supports online and on paper, and a withdrawn proposal says so."""
    tagged = make_proposal(process, title="Belysning på gångvägen",
                           body="Gångvägen till skolan är becksvart <b>hela</b> vintern.")
    withdrawn = make_proposal(process, title="Ett tillbakadraget förslag")
    with app.app_context():
        district = District(name="Norra staden")
        theme = Theme(process_id=process.id, name="Allas trygghet")
        keywords = [Keyword(process_id=process.id, name=name, theme=theme)
                    for name in ("Ljus", "Gångvägar")]
        db.session.add_all([district, theme, *keywords])
        proposal = db.session.get(Proposal, tagged.id)
        proposal.district = district
        proposal.keywords = keywords
        proposal.themes = [theme]
        proposal.channel = Channel.LETTER
        proposal.supports_count, proposal.paper_supports_count = 7, 3
        db.session.get(Proposal, withdrawn.id).status = ProposalStatus.WITHDRAWN
        db.session.commit()
        reference, area = proposal.reference, proposal.focus_area.name
    html = titles(client, process)
    card = card_of(html, "Belysning på gångvägen")
    assert f"<span>{reference}</span>" in card and f"<span>{area}</span>" in card
    assert "<span>Norra staden</span>" in card and "<span>Via brev</span>" in card
    assert re.findall(r'<span class="tag">([^<]+)</span>', card) == [
        "Gångvägar", "Ljus", "Allas trygghet"]
    assert "7 stöd · 3 stöd på papper" in card
    assert "&lt;b&gt;" not in card and "<b>" not in card  # the words only
    assert "<strong>Tillbakadraget</strong>" in card_of(html, "Ett tillbakadraget förslag")
    assert "Tillbakadraget" not in card


def test_the_count_of_a_long_list_is_written_as_a_number_is_read(
        app, client, process, monkeypatch):
    """Thousands grouped as the language groups them: "12 345 förslag", "12,345 proposals"."""
    monkeypatch.setattr(listing, "_count", lambda *args: 12345)
    assert "12\xa0345 förslag" in titles(client, process)
    client.get("/sprak/en")
    assert "12,345 proposals" in titles(client, process)


def test_filters_by_focus_area_and_status(app, client, process, make_proposal):
    with app.app_context():
        areas = [a.id for a in db.session.get(Process, process.id).focus_areas]
    make_proposal(process, title="Förslag om miljön", focus_area=areas[0])
    make_proposal(process, title="Förslag om skolan", focus_area=areas[1])
    html = titles(client, process, f"fokusomrade={areas[1]}")
    assert "Förslag om skolan" in html and "Förslag om miljön" not in html
    assert f'<option value="{areas[1]}" selected>' in html  # the form keeps the filter
    assert "Inga förslag matchar" in titles(client, process, "status=tillbakadragna")


def test_filter_by_district(app, client, process, make_proposal):
    with app.app_context():
        district = District(name="Norra staden")
        db.session.add(district)
        db.session.commit()
        district_id = district.id
    kept = make_proposal(process, title="Belysning i Norra staden")
    make_proposal(process, title="Belysning i hamnen")
    with app.app_context():
        db.session.get(Proposal, kept.id).district_id = district_id
        db.session.commit()
    html = titles(client, process, f"omrade={district_id}")
    assert "Belysning i Norra staden" in html and "Belysning i hamnen" not in html


def test_most_supported_first(app, client, login_as, process, make_proposal):
    quiet = make_proposal(process, title="Ett förslag utan stöd")
    popular = make_proposal(process, title="Ett förslag med stöd")
    login_as(Role.RESIDENT)
    submit(client, f"/forslag/{popular.id}/stod", {}, form_page=f"/forslag/{popular.id}")
    html = titles(client, process, "ordning=mest-stod")
    assert html.index(popular.title) < html.index(quiet.title)


def test_random_order_is_stable_for_a_visitor_and_pages_keep_the_filters(
        app, client, process, make_proposal, monkeypatch):
    monkeypatch.setattr(listing, "PER_PAGE", 3)
    for n in range(7):
        make_proposal(process, title=f"Förslag om parker nummer {n}")
    first = titles(client, process, "q=park")
    assert first == titles(client, process, "q=park")  # the same order on every visit
    assert "Sida 1 av 3" in first
    assert 'href="/process/process-1/forslag?q=park&amp;sida=2"' in first
    page_two = titles(client, process, "q=park&sida=2")
    assert "Sida 2 av 3" in page_two
    out_of_range = client.get(f"/process/{process.slug}/forslag?sida=99&q=park")
    html = out_of_range.get_data(as_text=True)
    assert out_of_range.status_code == 200 and "Det finns ingen sida 99: listan har 3." in html
    assert 'href="/process/process-1/forslag?q=park&amp;sida=3"' in html
    assert "Inga förslag matchar" not in html


def test_the_random_order_is_carried_to_the_next_pages_and_kept_about_no_one(
        app, client, process, make_proposal, monkeypatch):
    monkeypatch.setattr(listing, "PER_PAGE", 3)
    for n in range(7):
        make_proposal(process, title=f"Förslag om torget nummer {n}")
    first = client.get(f"/process/{process.slug}/forslag")
    assert "Set-Cookie" not in first.headers  # nothing is kept about the visitor
    seed = re.search(r"blandning=(\d+)&amp;sida=2", first.get_data(as_text=True)).group(1)
    order = re.findall(r"nummer (\d)", first.get_data(as_text=True))
    again = client.get(f"/process/{process.slug}/forslag?blandning={seed}")
    assert re.findall(r"nummer (\d)", again.get_data(as_text=True)) == order
    seen = set(order)
    for page in (2, 3):
        html = client.get(f"/process/{process.slug}/forslag?blandning={seed}&sida={page}"
                          ).get_data(as_text=True)
        seen |= set(re.findall(r"nummer (\d)", html))
    assert seen == {str(n) for n in range(7)}  # every proposal once over the pages
    # Another shuffle, another order: seeds at two of the proposals' own keys start the
    # list at two different proposals (fixed seeds could both fall before every key: the
    # test then failed about once in 64 runs).
    with app.app_context():
        keys = sorted(db.session.scalars(select(Proposal.shuffle_key)))
    other = {tuple(re.findall(r"nummer (\d)", client.get(
        f"/process/{process.slug}/forslag?blandning={s}").get_data(as_text=True)))
        for s in (keys[0], keys[3])}
    assert len(other) == 2


def test_unknown_sort_and_junk_parameters_are_ignored_and_said_so(client, process,
                                                                  make_proposal):
    make_proposal(process)
    response = client.get(f"/process/{process.slug}/forslag?ordning=drop&fokusomrade=x&sida=-1")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "1 förslag" in html
    assert "Används inte" in html
    assert "<code>ordning=drop</code>" in html and "<code>fokusomrade=x</code>" in html


def test_filters_read_the_swedish_words_their_form_offers(app, client, process, make_proposal):
    kept = make_proposal(process, title="Ett förslag som står kvar")
    withdrawn = make_proposal(process, title="Ett förslag som drogs tillbaka")
    with app.app_context():
        db.session.get(Proposal, withdrawn.id).status = ProposalStatus.WITHDRAWN
        db.session.commit()
    form = titles(client, process)
    offered = dict(re.findall(r'<option value="([a-z-]+)"[^>]*>([^<]+)</option>', form))
    assert offered["tillbakadragna"] == "Tillbakadraget" and offered["plats"] and \
        offered["nyast"] == "Nyaste först"
    html = titles(client, process, "status=tillbakadragna&ordning=nyast")
    assert withdrawn.title in html and kept.title not in html
    assert re.search(r"Visar bara: Status: <strong>Tillbakadraget</strong>", html)
    assert '<option value="tillbakadragna" selected>' in html
    assert '<option value="nyast" selected>' in html
    assert "Används inte" not in html
    # The English words of the stored values are not the address's: said, not applied.
    english = titles(client, process, "status=withdrawn&kanal=place")
    assert kept.title in english and withdrawn.title in english
    assert "<code>status=withdrawn</code>" in english and "<code>kanal=place</code>" in english


def test_search_keeps_å_ä_and_ö_apart_from_a_and_o(client, process, make_proposal):
    make_proposal(process, title="Fler bänkar i parken",
                  body="Det behövs fler bänkar i parken för äldre som vill vila en stund.")
    make_proposal(process, title="Konst av Banksy på väggen",
                  body="Gatukonst som den Banksy gör skulle lysa upp tunneln vid stationen.")
    make_proposal(process, title="Nya mål för fotbollsplanen",
                  body="Fotbollsplanen på skolgården behöver nya mål och nya nät i år.")
    make_proposal(process, title="Mal i sjön",
                  body="Fiskare säger att det finns mal i sjön; skylta om fiskeregler där.")
    html = titles(client, process, "q=bänkar")
    assert "Fler bänkar i parken" in html and "Banksy" not in html
    html = titles(client, process, "q=mål")
    assert "Nya mål för fotbollsplanen" in html and "Mal i sjön" not in html
    html = titles(client, process, "q=mal")
    assert "Mal i sjön" in html and "fotbollsplanen" not in html


def test_search_finds_the_last_word_of_a_compound_but_not_a_words_ending(
        client, process, make_proposal):
    """Swedish joins words: "gård" finds "fritidsgården" and "skola" "grundskolan", where a
    search on word starts alone did not. An inflected word is no compound ("bussen" holds
    no "sen"), nor is a short ending a word of its own ("centrum" holds no "rum"), nor a
    prefix's word ("föräldrar" holds no "äldre")."""
    make_proposal(process, title="Öppna fritidsgården på helgerna",
                  body="Ungdomarna i Söderby har ingenstans att vara en lördagskväll.")
    make_proposal(process, title="Fler lärare i grundskolan",
                  body="Klasserna i grundskolan i Norrby är för stora för en lärare.")
    make_proposal(process, title="Stöd till föräldrarna",
                  body="Föräldrarna till små barn behöver en träffpunkt i Norrby.")
    make_proposal(process, title="Bygg om stadsparken",
                  body="Stadsparken behöver nya gångar och belysning.")
    make_proposal(process, title="Tätare turer med bussen",
                  body="Bussen till centrum går bara en gång i timmen på kvällen.")
    make_proposal(process, title="Mer gemenskap för äldre",
                  body="Träffar på biblioteket skulle bryta ensamheten för många.")
    assert "Öppna fritidsgården" in titles(client, process, "q=gård")
    html = titles(client, process, "q=skola")
    assert "grundskolan" in html and "fritidsgården" not in html
    assert "föräldrarna" not in titles(client, process, "q=äldre")
    # Typed with a combining ring ("a" + U+030A), "gård" is still "gård".
    assert "Öppna fritidsgården" in titles(client, process, "q=ga%CC%8Ard")
    assert "stadsparken" in titles(client, process, "q=park")
    html = titles(client, process, "q=rum")
    assert "Tätare turer" not in html
    assert "Tätare turer" not in titles(client, process, "q=sen")
    assert "gemenskap" not in titles(client, process, "q=skapa")  # an ending, not a word


def test_both_databases_ignore_the_same_small_words(client, process, make_proposal):
    """PostgreSQL's Swedish index leaves out words such as "under" and "mellan"; the search
    leaves them out of every query on SQLite too, so a search finds the same on either."""
    make_proposal(process, title="Säkra cykelvägar till skolan",
                  body="Barnen cyklar på landsvägen och det är farligt på vintern.")
    assert "Säkra cykelvägar" in titles(client, process, "q=cykel+under")
    assert "Säkra cykelvägar" in titles(client, process, "q=mellan+cykelv%C3%A4gar")


def test_a_common_word_reads_at_most_the_cap_and_says_so(client, process, make_proposal,
                                                         monkeypatch):
    monkeypatch.setattr(listing, "SEARCH_CAP", 4)
    monkeypatch.setattr(listing, "PER_PAGE", 3)
    for n in range(6):
        make_proposal(process, title=f"Kommunen borde satsa på parker, nummer {n}")
    make_proposal(process, title="Biblioteket borde ha öppet längre på kvällarna")
    html = titles(client, process, "q=kommunen")
    assert "Fler än 4 förslag" in html and "Biblioteket" not in html
    listed = set(re.findall(r"nummer (\d)", html))
    listed |= set(re.findall(r"nummer (\d)", titles(client, process, "q=kommunen&sida=2")))
    assert listed == {"2", "3", "4", "5"}  # the four newest, over two pages
    html = titles(client, process, "q=kommunen+parker+nummer+3")
    assert "1 förslag" in html and "nummer 3" in html  # narrowing finds older ones too


def test_search_results_follow_the_chosen_order(app, client, login_as, process, make_proposal):
    old = make_proposal(process, title="Parken behöver fler träd och buskar")
    new = make_proposal(process, title="Parken behöver en lekplats för de minsta")
    login_as(Role.RESIDENT)
    submit(client, f"/forslag/{old.id}/stod", {}, form_page=f"/forslag/{old.id}")
    html = titles(client, process, "q=parken&ordning=nyast")
    assert html.index(new.title) < html.index(old.title)
    html = titles(client, process, "q=parken&ordning=mest-stod")
    assert html.index(old.title) < html.index(new.title)


def test_a_search_that_names_a_district_offers_the_district_filter(
        app, client, process, make_proposal):
    """"Söderby" finds the proposals that write it; the page says Söderby is a district
    and links to every proposal about it with the search's other words, also those that
    do not name it. A district already chosen, or a longer word, offers nothing."""
    make_proposal(process, title="Cykelbana genom Söderby",
                  body="Bygg en cykelbana genom Söderby till skolan.")
    about = make_proposal(process, title="Cykelbana till skolan",
                          body="Barnen cyklar på vägen. Bygg en cykelbana till skolan.")
    make_proposal(process, title="Cykelbana vid Söderbyvägen",
                  body="Söderbyvägen behöver en cykelbana.")
    with app.app_context():
        district = District(name="Söderby")
        db.session.add(district)
        db.session.get(Proposal, about.id).district = district
        db.session.commit()
        district_id = district.id
    html = titles(client, process, "q=cykelbana+S%C3%B6derby")
    assert "Cykelbana genom Söderby" in html and "Cykelbana till skolan" not in html
    assert "Söderby är ett område: sökningen hittar de förslag som nämner namnet." in html
    link = re.search(r'<a href="([^"]+)">Visa alla förslag om Söderby med ordet cykelbana</a>',
                     html)
    assert link and f"omrade={district_id}" in link.group(1)
    html = client.get(link.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert "Cykelbana till skolan" in html and "Cykelbana genom Söderby" not in html
    assert "är ett område" not in html  # the district is chosen now
    assert "är ett område" not in titles(client, process, "q=S%C3%B6derbyv%C3%A4gen")
    html = titles(client, process, "q=s%C3%B6derby")  # the name alone, in lower case
    assert re.search(r'<a href="[^"]*omrade=\d+"[^>]*>Visa alla förslag om Söderby</a>', html)


def test_district_named_reads_whole_names_only():
    class Named:
        def __init__(self, name):
            self.name = name
    norra, centrum = Named("Norra staden"), Named("Centrum")
    assert listing.district_named("Belysning i norra staden", [centrum, norra]) == (
        norra, "Belysning")
    assert listing.district_named("centrumhandel", [centrum]) is None
    assert listing.district_named("", [centrum]) is None
    # Small words and stray marks are no search of their own; the genitive names it too.
    assert listing.district_named('"Centrum"', [centrum]) == (centrum, "")
    assert listing.district_named("cykelbana i centrum", [centrum]) == (centrum, "cykelbana")
    assert listing.district_named("Centrums torg*", [centrum]) == (centrum, "torg")


def test_a_search_without_swedish_letters_says_what_was_likely_meant(
        app, client, process, make_proposal):
    """"forskola" (typed without ö) finds nothing, since the search keeps the letters apart;
    the page offers the spelling the proposals use, and that search finds them."""
    from app.services.insight import store
    make_proposal(process, title="Fler platser i förskolan",
                  body="Förskolan i Norrby har lång kö för nya barn.")
    make_proposal(process, title="Träffpunkt för äldre",
                  body="De äldre i Norrby behöver en plats att träffas på.")
    html = titles(client, process, "q=forskola+aldre")
    assert "Inga förslag matchar" in html and "Menade du" not in html  # nothing fitted yet
    with app.app_context():
        store.refresh(db.session.get(Process, process.id), now=utcnow())
    html = titles(client, process, "q=forskola")
    link = re.search(r'Menade du <a href="([^"]+)">förskola</a>\?', html)
    assert link, html[html.index("Inga förslag"):][:400]
    assert "Fler platser i förskolan" in client.get(
        link.group(1).replace("&amp;", "&")).get_data(as_text=True)
    assert "Menade du" not in titles(client, process, "q=simhall")  # no such word at all
    assert "Menade du" not in titles(client, process, "q=f%C3%B6rskola")  # found: no hint
