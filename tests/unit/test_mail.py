import smtplib

import pytest

from app.mail import MailNotSent, send_mail


class FakeSMTP:
    sent = []

    def __init__(self, host, port, timeout):
        self.sent.append(("connect", host, port))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def starttls(self):
        self.sent.append("starttls")

    def login(self, user, password):
        self.sent.append(("login", user))

    def send_message(self, message):
        self.sent.append(message)


def test_mail_goes_through_smtp_when_a_server_is_configured(app, monkeypatch, outbox):
    FakeSMTP.sent = []
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    app.config.update(MAIL_SERVER="smtp.kommun.example", MAIL_USERNAME="portal",
                      MAIL_PASSWORD="hemligt")
    with app.test_request_context():
        send_mail("ingrid@example.org", "Bekräfta", "Hej Ingrid")
    assert FakeSMTP.sent[:3] == [("connect", "smtp.kommun.example", 587), "starttls",
                                 ("login", "portal")]
    message = FakeSMTP.sent[3]
    assert message["To"] == "ingrid@example.org" and message.get_content().strip() == "Hej Ingrid"
    assert outbox.messages() == []


def test_without_a_server_mail_goes_to_the_outbox(app, outbox):
    with app.test_request_context():
        send_mail("ingrid@example.org", "Ämne med å, ä och ö", "Innehåll")
    [message] = outbox.messages()
    assert message["Subject"] == "Ämne med å, ä och ö"


def test_a_server_that_refuses_raises_mail_not_sent(app):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=1, MAIL_USE_TLS=False)
    with app.test_request_context(), pytest.raises(MailNotSent):
        send_mail("ingrid@example.org", "Ämne", "Text")
