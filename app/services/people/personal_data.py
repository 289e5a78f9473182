"""What in a text looks like it identifies a person: a Swedish personal identity number
(or co-ordination number), a phone number, an email address.

Found to warn the writer on the preview before sending, and to flag the proposal for the
moderators ("may identify a person"). Nothing is removed automatically: a person applies
the published rule.
"""
import datetime as dt
import re

ID_NUMBER, PHONE, EMAIL = "id_number", "phone", "email"
KINDS = (ID_NUMBER, PHONE, EMAIL)

# 19850709-9805, 850709-9805, 8507099805, 850709+9805 (over 100), 850769-... (co-ordination)
_ID_NUMBER = re.compile(r"(?<![\d-])(?:(?:19|20)(\d{2})|(\d{2}))(\d{2})(\d{2})\s?[-+]?\s?(\d{4})"
                        r"(?![\d-])")
# 070-123 45 67, 08-123 456 78, +46 70 123 45 67, 0046701234567, 0701234567
_PHONE = re.compile(r"(?<![\w+-])(?:\+46|0046)[\s-]?\(?0?\)?[\s-]?[1-9](?:[\s-]?\d){6,9}(?![\d-])"
                    r"|(?<![\w+-])0[1-9](?:[\s-]?\d){6,9}(?![\d-])")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,}")


def find(text):
    """What was found, by kind: {"phone": ["070-123 45 67"], ...}; empty kinds left out."""
    text = text or ""
    found = {ID_NUMBER: [m.group(0) for m in _ID_NUMBER.finditer(text) if _is_id_number(m)],
             PHONE: [m.group(0) for m in _PHONE.finditer(text) if _is_phone(m.group(0))],
             EMAIL: _EMAIL.findall(text)}
    return {kind: values for kind, values in found.items() if values}


def kinds(text):
    """The kinds found, as stored with a proposal: "id_number,phone", or ""."""
    return ",".join(find(text))


def _is_id_number(match):
    century_year, short_year, month, day, last_four = match.groups()
    year = int(century_year or short_year)
    day = int(day) - 60 if int(day) > 60 else int(day)  # a co-ordination number
    try:
        dt.date(2000 + year, int(month), day)
    except ValueError:
        return False
    digits = f"{year:02d}{month}{int(match.group(4)):02d}{last_four}"
    return _luhn(digits)


def _luhn(digits):
    total = 0
    for position, digit in enumerate(int(d) for d in digits):
        product = digit * (2 if position % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return total % 10 == 0


def _is_phone(text):
    digits = re.sub(r"\D", "", text)
    if digits.startswith("0046"):
        digits = "0" + digits[4:]
    elif digits.startswith("46"):
        digits = "0" + digits[2:]
    if digits.startswith("00"):
        digits = digits[1:]
    return 9 <= len(digits) <= 11
