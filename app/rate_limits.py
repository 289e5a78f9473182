"""What the rate limits count: the account a form is about, and which responses count."""
from flask import request

from app.services.errors import DomainError
from app.services.people import users


def submitted_email(purpose):
    """The account a request is about, as the database compares addresses: the same
    address typed another way (full-width letters, another dot) counts as the same."""
    def key():
        typed = request.form.get("email", "")
        try:
            return f"{purpose}:" + users.normalise_email(typed)
        except DomainError:
            return f"{purpose}:" + typed.strip().lower()
    return key


def failed(response):
    """Only failed attempts count towards the slowdown (log-ins, passwords typed to confirm
    a change): success redirects."""
    return response.status_code != 302


def succeeded(response):
    """Only what was sent counts (registrations, email changes): at a library computer or
    on shared Wi-Fi, people's typing mistakes must not use up the next person's attempts."""
    return response.status_code == 302
