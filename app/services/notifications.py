"""Telling a resident what a moderator decided about their proposal or comment.

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
    return _tell(proposal.author, subject, template, what=proposal.reference,
                 link=lambda: url_for("proposals.show", proposal_id=proposal.id,
                                      _external=True),
                 proposal=proposal, **context)


def tell_comment_author(comment, subject, template, **context):
    """The same for a comment: the link leads to its place in the discussion."""
    return _tell(comment.author, subject, template, what=f"comment {comment.id}",
                 link=lambda: url_for("proposals.show", proposal_id=comment.proposal_id,
                                      _external=True) + f"#kommentar-{comment.id}",
                 comment=comment, proposal=comment.proposal, **context)


def _tell(author, subject, template, *, what, link, **context):
    if author is None or author.is_deleted or not author.email:
        return False
    with force_locale(RESIDENTS_LOCALE):
        body = render_template(template, link=link(), **context)
        try:
            send_mail(author.email, str(subject), body)
        except MailNotSent:
            log.warning("The author of %s was not told by mail", what)
            return False
    return True
