"""The demo's discussions: residents for and against a few proposals, answers, one the
municipality wrote, one deleted by its author and one a moderator hid by a rule."""
from app.extensions import db
from app.models import Comment, CommentStatus, HelpfulMark, ReportReason, Stance
from app.models.base import utcnow
from app.sanitize import clean_html, plain_text

# (proposal index, [(resident index or "municipality", stance, text, answers)]); each
# answer is (resident index or "municipality", stance, text). Residents: the demo's 60.
DISCUSSIONS = (
    (0, [
        (3, Stance.FOR, "Ja! Gångvägen vid ån är kolsvart på vintern, jag tar hellre bilen "
         "än går där efter fyra.", [
             (7, Stance.AGAINST, "Men belysning överallt stör djurlivet längs ån. Kanske "
              "rörelsestyrd belysning?"),
             ("municipality", Stance.NEUTRAL, "Tack för synpunkterna. Tekniska förvaltningen "
              "inventerar belysningen längs gång- och cykelvägarna i år; rörelsestyrda "
              "armaturer ingår i utredningen."),
         ]),
        (11, Stance.AGAINST, "Det finns viktigare saker att lägga pengarna på än lampor, "
         "till exempel fler lärare.", []),
        (18, Stance.FOR, "Trygghet handlar om ljus. Det gäller särskilt för oss som går "
         "hem sent från jobbet.\n\nSe gärna hur Umeå gjorde: https://www.umea.se", []),
    ]),
    (1, [
        (5, Stance.FOR, "Fritidsgården stänger klockan nio. Då står ungdomarna vid "
         "busstationen i stället.", [
             (9, Stance.FOR, "Håller med, och det behövs vuxna som finns där."),
         ]),
        (14, Stance.NEUTRAL, "Vilka lokaler tänker ni er? Skolornas matsalar står tomma "
         "på kvällarna.", []),
        (21, Stance.AGAINST, "Börja med att byta ut Kalle P på fritidsgården, han sköter "
         "inte sitt jobb.", []),  # hidden by a moderator: it points out a person
    ]),
    (9, [
        (2, Stance.FOR, "Taken står ju där ändå. Solceller lönar sig på tio år.", [
            (30, Stance.AGAINST, "Många av de gamla taken behöver läggas om först, annars "
             "blir det dyrt."),
        ]),
        (40, Stance.FOR, "Bra för klimatet och för kommunens ekonomi på sikt.", []),
    ]),
)
# (proposal index, comment index in its discussion) hidden, and which was deleted.
HIDDEN = (1, 2)
DELETED = (9, 1)


def add(process, sent, residents, moderator):
    """Within the demo loader's unit of work: the comments, spread over the time since
    each proposal was sent, and residents' helpful marks on them."""
    now = utcnow()
    for proposal_index, comments in DISCUSSIONS:
        proposal = sent[proposal_index]
        at, step = proposal.published_at, (now - proposal.published_at) / 12
        for position, (who, stance, text, answers) in enumerate(comments):
            at += step
            comment = _comment(process, proposal, who, stance, text, residents, moderator, at,
                               helpful=(len(comments) - position) * 2 + len(answers))
            db.session.add(comment)
            db.session.flush()
            _mark_helpful(comment, residents)
            if (proposal_index, position) == HIDDEN:
                comment.status, comment.hidden_reason = (CommentStatus.HIDDEN,
                                                         ReportReason.IDENTIFIES_PERSON)
                comment.hidden_at = at + step / 4
                comment.hidden_message = "Skriv om verksamheten, inte om enskilda anställda."
            if (proposal_index, position) == DELETED:
                comment.status, comment.deleted_at = CommentStatus.DELETED, at
            for answer_who, answer_stance, answer_text in answers:
                at += step / 2
                answer = _comment(process, proposal, answer_who, answer_stance, answer_text,
                                  residents, moderator, at, helpful=1, parent=comment)
                db.session.add(answer)
                db.session.flush()
                _mark_helpful(answer, residents)


def _comment(process, proposal, who, stance, text, residents, moderator, at, *, helpful,
             parent=None):
    body = clean_html(text)
    official = who == "municipality"
    return Comment(proposal_id=proposal.id, process_id=process.id,
                   parent_id=parent.id if parent else None,
                   author=moderator if official else residents[who], as_municipality=official,
                   stance=stance, body=body, body_text=plain_text(body), created_at=at,
                   helpful_count=helpful)


def _mark_helpful(comment, residents):
    """Its count of marks, from the demo's last residents (never its author)."""
    markers = [r for r in residents[-12:] if r is not comment.author][:comment.helpful_count]
    comment.helpful_count = len(markers)
    db.session.add_all(HelpfulMark(comment_id=comment.id, user_id=r.id,
                                   created_at=comment.created_at) for r in markers)
