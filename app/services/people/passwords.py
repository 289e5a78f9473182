"""Password rules: long enough, and not among the passwords attackers try first.

zxcvbn knows the most common passwords, names, keyboard patterns and dates; the words
below add what a Swedish resident of this portal might reach for.
"""
from zxcvbn import zxcvbn

from app.i18n import lazy_gettext as _l
from app.services.errors import DomainError

MIN_LENGTH = 10
MAX_LENGTH = 128
LOCAL_WORDS = ("lösenord", "losenord", "sommar", "vinter", "hösten", "våren", "kommun",
               "medborgardialog", "medborgare", "invånare", "välkommen", "valkommen", "hejhej",
               "sverige", "stockholm")


def check_password(password, *personal, field="password"):
    """Raise DomainError unless `password` is acceptable. `personal`: the person's email,
    name and the like, which must not make up the password."""
    if len(password) < MIN_LENGTH:
        raise DomainError(_l("The password must be at least %(n)d characters.", n=MIN_LENGTH),
                          field)
    if len(password) > MAX_LENGTH:
        raise DomainError(_l("The password may be at most %(n)d characters.", n=MAX_LENGTH),
                          field)
    related = [word for word in personal if word] + list(LOCAL_WORDS)
    if zxcvbn(password, user_inputs=related)["score"] < 2:
        raise DomainError(_l("This password is too common or too easy to guess. Try a few "
                             "unrelated words together."), field)
