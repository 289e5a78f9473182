"""What in a proposal's text looks like it identifies a person, and what does not."""
import pytest

from app.services.people.personal_data import find, kinds


@pytest.mark.parametrize("text, found", [
    ("Mitt personnummer är 19811218-9876", {"id_number": ["19811218-9876"]}),
    ("pnr 811218-9876 och 8112189876", {"id_number": ["811218-9876", "8112189876"]}),
    ("Samordningsnummer 701063-2391", {"id_number": ["701063-2391"]}),
    ("Ring 070-123 45 67 eller 08-123 456 78", {"phone": ["070-123 45 67", "08-123 456 78"]}),
    ("+46 70 123 45 67, 0046701234567", {"phone": ["+46 70 123 45 67", "0046701234567"]}),
    ("Mejla anna.andersson@example.se!", {"email": ["anna.andersson@example.se"]}),
])
def test_it_finds_identity_numbers_phone_numbers_and_email_addresses(text, found):
    assert find(text) == found


@pytest.mark.parametrize("text", [
    "811218-9875 har fel kontrollsiffra",
    "Förslag 2026-0042 om målen för 2019–2022 och 2019-2022",
    "Sedan 2019-03-14 kl 08.30-16.00",
    "Postnummer 123 45, 500 000 kronor, 50 % år 2030",
    "Buss 12345678 och linje 0",
    "Skriv till kommunen på webben, inte @kommunen",
])
def test_dates_references_amounts_and_postcodes_are_not_personal_data(text):
    assert find(text) == {}


def test_kinds_are_stored_as_a_short_list():
    assert kinds("19811218-9876, 070-123 45 67, a@example.se") == "id_number,phone,email"
    assert kinds("Fler bänkar längs ån") == ""
