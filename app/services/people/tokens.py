"""Links sent by email: signed, expiring, and single use.

A token carries a fingerprint of the state it may change (the password hash, the
current email address); once that state has changed the token no longer matches, so it
works once without any table of used tokens, on any number of app servers.
"""
import hashlib

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

MAX_AGE = {
    "verify": 48 * 3600,
    "email": 48 * 3600,
    "reset": 3600,
    "invite": 7 * 24 * 3600,  # a staff member's first password: a week to get to it
    "unsubscribe": 365 * 24 * 3600,  # the link in a results email, which may be read late
}


class InvalidToken(Exception):
    def __init__(self, expired=False):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def fingerprint(value):
    return hashlib.sha256((value or "").encode()).hexdigest()[:16]


def make_token(purpose, **payload):
    return _serializer(purpose).dumps(payload)


def read_token(purpose, token):
    try:
        return _serializer(purpose).loads(token, max_age=MAX_AGE[purpose])
    except SignatureExpired:
        raise InvalidToken(expired=True)
    except BadSignature:
        raise InvalidToken()


def _serializer(purpose):
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"],
                                  salt=f"medborgardialog-{purpose}")
