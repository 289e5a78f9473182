"""Telling a resident what a moderator decided about their proposal.

The mail goes in Swedish, the portal's first language, whatever language the moderator
uses; it is sent after the decision is committed, and a mail server that is down loses
nothing: the decision also shows on the resident's My pages."""
import logging

from flask import render_template, url_for
from flask_babel import force_locale

from app.mail import MailNotSent, send_mail

log = logging.getLogger(__name__)
RESIDENTS_LOCALE = "sv"


def tell_author(proposal, subject, template, **context):
    """`subject` is a lazy string, so it is translated here, in the residents' language."""
    author = proposal.author
    if author is None or author.is_deleted or not author.email:
        return False
    with force_locale(RESIDENTS_LOCALE):
        link = url_for("proposals.show", proposal_id=proposal.id, _external=True)
        body = render_template(template, proposal=proposal, link=link, **context)
        try:
            send_mail(author.email, str(subject), body)
        except MailNotSent:
            log.warning("The author of %s was not told by mail", proposal.reference)
            return False
    return True
