import pytest

VALID = ('<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>T</title></head>'
         '<body><p>Hej</p></body></html>')


def test_the_nu_checker_accepts_valid_html_and_names_the_error_in_invalid_html(html_validator):
    html_validator.check([("/ok", VALID)])
    broken = VALID.replace("<p>Hej</p>", "<p><div>Hej</p>")
    with pytest.raises(AssertionError, match=r"/broken: line 1: .*"):
        html_validator.check([("/broken", broken)])
