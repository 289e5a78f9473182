"""Outgoing mail: SMTP when MAIL_SERVER is set, otherwise an outbox folder of .eml files.

The outbox lets every flow (verification, password reset) work on a developer's machine
without a mail server, and lets the tests read what was sent. Python's own email and
smtplib modules do the work; an extension would add nothing here.
"""
import logging
import os
import smtplib
import time
import uuid
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app

log = logging.getLogger(__name__)


class MailNotSent(Exception):
    pass


def send_mail(to, subject, body):
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="medborgardialog")
    message.set_content(body)
    if current_app.config["MAIL_SERVER"]:
        _send_smtp(message)
    else:
        _save_to_outbox(message)


def outbox_path():
    return current_app.config["MAIL_OUTBOX"] or os.path.join(current_app.instance_path, "outbox")


def _save_to_outbox(message):
    folder = outbox_path()
    os.makedirs(folder, exist_ok=True)
    name = f"{time.time_ns()}-{uuid.uuid4().hex[:8]}.eml"  # sorts in the order sent
    with open(os.path.join(folder, name), "wb") as file:
        file.write(bytes(message))
    log.info("Mail to %s saved in %s (no MAIL_SERVER configured)", message["To"], folder)


def _send_smtp(message):
    config = current_app.config
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=20) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        log.error("Could not send mail to %s: %s", message["To"], error)
        raise MailNotSent(str(error)) from error
