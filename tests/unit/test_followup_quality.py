"""The quality check's reading of a goal's wording, and numbers as Swedish Excel writes them."""
import pytest

from app.followup.forms import parse_decimal
from app.services.followup.quality import activity_words


@pytest.mark.parametrize("text, words", [
    ("Genomföra en satsning på skolan", ["genomföra"]),
    ("Vi ska ta fram en plan och arbeta för fler jobb", ["ta fram", "arbeta för"]),
    ("Införa läxhjälp", ["införa"]),
    ("Alla barn klarar skolan och mår bra", []),
    ("Trygg inför sommaren: fler badvakter", []),       # "inför" is not "införa"
    ("Framtagen av invånarna", []),                     # no word only inside another
])
def test_activity_words_are_found_as_whole_words(text, words):
    assert activity_words(text) == words


@pytest.mark.parametrize("text, number", [
    ("12,5", 12.5), ("1 234,5", 1234.5), ("12.5", 12.5), ("\u00a0-3", -3.0), ("", None),
])
def test_numbers_as_people_and_swedish_excel_write_them(text, number):
    assert parse_decimal(text) == number


@pytest.mark.parametrize("text", ["tolv", "1e400", "nan", "1" * 30, "12,5%"])
def test_what_is_not_a_number_is_refused(text):
    with pytest.raises(ValueError):
        parse_decimal(text)
