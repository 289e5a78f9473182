"""Translated names for the domain's enumerations, shared by forms and templates."""

from app.i18n import lazy_gettext as _l
from app.models import (AnswerStatus, BoardKind, Channel, CommentStatus, Direction, Feature,
                        GoalStatus, IndicatorSource, ModerationMode, PeriodKind, PhaseKind,
                        ProposalStatus, Rating, ReportReason, Role, Stance, WithdrawalReason)

PHASE_KINDS = {
    PhaseKind.DIALOGUE: _l("Dialogue with residents"),
    PhaseKind.REVIEW: _l("Summary of the input"),
    PhaseKind.DECISION: _l("Political meeting or decision"),
    PhaseKind.INFORMATION: _l("Information"),
}

FEATURES = {
    Feature.SUBMIT: _l("Submit proposals"),
    Feature.SUPPORT: _l("Support proposals"),
    Feature.COMMENT: _l("Comment"),
    Feature.REVIEW: _l("Moderators review and summarise"),
    Feature.RESULTS: _l("Results are shown"),
}

# What a resident can do while a feature is on, in the words of the start page.
RESIDENT_ACTIONS = {
    Feature.SUBMIT: _l("Submit your own proposal"),
    Feature.SUPPORT: _l("Support other residents' proposals"),
    Feature.COMMENT: _l("Comment on proposals"),
    Feature.REVIEW: _l("Follow how the proposals are summarised"),
    Feature.RESULTS: _l("See what became of the proposals"),
}

ROLES = {
    Role.RESIDENT: _l("Resident"),
    Role.MODERATOR: _l("Moderator"),
    Role.COMMITTEE: _l("Committee member (KSAU)"),
    Role.ADMIN: _l("Administrator"),
    Role.CONTROLLER: _l("Controller (follow-up of the goals)"),
}

BOARD_KINDS = {BoardKind.BOARD: _l("Board"), BoardKind.COMPANY: _l("Company")}
DIRECTIONS = {Direction.HIGHER: _l("Higher is better"), Direction.LOWER: _l("Lower is better")}
INDICATOR_SOURCES = {IndicatorSource.KOLADA: _l("Kolada key figure"),
                     IndicatorSource.MANUAL: _l("Entered or imported by staff")}
PERIOD_KINDS = {PeriodKind.INTERIM: _l("Interim report"), PeriodKind.ANNUAL: _l("Annual report")}
RATINGS = {Rating.ACHIEVED: _l("Achieved"), Rating.PARTLY: _l("Partly achieved"),
           Rating.NOT: _l("Not achieved")}

PROPOSAL_STATUSES = {
    ProposalStatus.DRAFT: _l("Draft"),
    ProposalStatus.PENDING: _l("Waiting for a moderator"),
    ProposalStatus.PUBLISHED: _l("Published"),
    ProposalStatus.WITHDRAWN: _l("Withdrawn"),
    ProposalStatus.HIDDEN: _l("Hidden by a moderator"),
    ProposalStatus.MERGED: _l("Merged into another proposal"),
}

HIDDEN_BY_REPORTS = _l("Hidden while the moderators look at reports")


def proposal_status(proposal):
    """A proposal's status in words: hidden by residents' reports is not hidden by a
    moderator (none has acted yet)."""
    if proposal.status == ProposalStatus.HIDDEN and proposal.hidden_reason is None:
        return HIDDEN_BY_REPORTS
    return PROPOSAL_STATUSES[proposal.status]


CHANNELS = {
    Channel.DIGITAL: _l("On the web"),
    Channel.PLACE: _l("At a physical place"),
    Channel.OPEN_SPACE: _l("At an Open Space workshop"),
    Channel.EMAIL: _l("By email"),
    Channel.LETTER: _l("By letter"),
}

ANSWER_STATUSES = {
    AnswerStatus.RECEIVED: _l("Received"),
    AnswerStatus.UNDER_CONSIDERATION: _l("Under consideration"),
    AnswerStatus.PART_OF_THEME: _l("Part of a theme"),
    AnswerStatus.NOT_TAKEN_FURTHER: _l("Not taken further"),
}

JOBS = {
    "results_emails": _l("Tell residents of the results by email"),
    "summary_refresh": _l("Count the KSAU summary's figures"),
    "packet_pdf": _l("Draw the KSAU packet as PDF"),
    "insight_refresh": _l("Compute keyword suggestions, likely duplicates and emerging themes"),
    "kolada_fetch": _l("Fetch indicator values from Kolada"),
    "comment_digests": _l("Send the daily emails of new comments"),
    "followup_emails": _l("Tell residents of an approved follow-up by email"),
}

JOB_STATUSES = {
    "queued": _l("Waiting"),
    "running": _l("Running"),
    "done": _l("Done"),
    "failed": _l("Failed"),
}

GOAL_STATUSES = {
    GoalStatus.DRAFT: _l("Draft"),
    GoalStatus.PROPOSED: _l("Proposed to the executive board (KS)"),
    GoalStatus.DECIDED: _l("Decided"),
}

# What a proposal's text may contain that identifies a person (services.personal_data).
PERSONAL_DATA = {
    "id_number": _l("a personal identity number"),
    "phone": _l("a phone number"),
    "email": _l("an email address"),
}

# The moderators' queues.
QUEUES = {
    "new": _l("New"),
    "reported": _l("Reported"),
    "personal": _l("May identify a person"),
    "untagged": _l("Without keywords"),
    "hidden": _l("Hidden"),
    "all": _l("All"),
}

# What the audit log's actions mean, in words.
AUDIT_ACTIONS = {
    "proposal.tag": _l("Tagged a proposal"),
    "proposal.tag_suggestion": _l("Tagged a proposal from a suggestion"),
    "proposal.review": _l("Reviewed a proposal"),
    "proposal.approve": _l("Approved a proposal"),
    "proposal.hide": _l("Hid a proposal"),
    "proposal.hide_by_reports": _l("Proposal hidden by residents' reports"),
    "proposal.restore": _l("Restored a proposal"),
    "proposal.clear_reports": _l("Cleared the reports on a proposal"),
    "proposal.merge": _l("Merged a proposal"),
    "proposal.unmerge": _l("Took back a merge"),
    "proposal.left_out": _l("Left a proposal out of the emerging themes"),
    "proposal.left_out_undone": _l("Took back leaving a proposal out of the emerging themes"),
    "proposal.not_duplicate": _l("Decided two proposals are not duplicates"),
    "proposal.not_duplicate_undone": _l("Took back that two proposals are not duplicates"),
    "proposal.answer": _l("Answered a proposal"),
    "proposal.note": _l("Wrote a note"),
    "proposal.bulk_keyword": _l("Added a keyword (bulk)"),
    "proposal.bulk_theme": _l("Added a theme (bulk)"),
    "proposal.bulk_sdg_goal": _l("Added an Agenda 2030 goal (bulk)"),
    "proposal.bulk_reviewed": _l("Marked as reviewed (bulk)"),
    "proposal.bulk_approve": _l("Approved (bulk)"),
    "proposal.bulk_answer_status": _l("Set the answer (bulk)"),
    "keyword.create": _l("Created a keyword"),
    "keyword.update": _l("Changed a keyword"),
    "keyword.merge": _l("Merged a keyword"),
    "keyword.archive": _l("Archived a keyword"),
    "keyword.unarchive": _l("Brought back a keyword"),
    "theme.create": _l("Created a theme"),
    "theme.update": _l("Changed a theme"),
    "theme.merge": _l("Merged a theme"),
    "theme.archive": _l("Archived a theme"),
    "theme.unarchive": _l("Brought back a theme"),
    "theme.synthesis": _l("Wrote a theme's synthesis"),
    "proposal.quote": _l("Picked a quote"),
    "proposal.enter": _l("Entered a paper proposal"),
    "proposal.paper_supports": _l("Recorded supports given on paper"),
    "proposal.paper_supports_remove": _l("Took back supports recorded on paper"),
    "import.commit": _l("Imported a file of proposals"),
    "place.create": _l("Created a place"),
    "place.update": _l("Changed a place"),
    "open_space.create": _l("Recorded an Open Space"),
    "open_space.update": _l("Changed an Open Space"),
    "session.create": _l("Recorded an Open Space session"),
    "session.update": _l("Changed an Open Space session"),
    "process.create": _l("Created a process"),
    "process.update": _l("Changed a process"),
    "phase.create": _l("Created a phase"),
    "phase.update": _l("Changed a phase"),
    "phase.delete": _l("Deleted a phase"),
    "focusarea.create": _l("Created a focus area"),
    "focusarea.update": _l("Changed a focus area"),
    "district.create": _l("Created a district"),
    "user.update": _l("Changed a user's role or access"),
    "user.invite": _l("Invited a staff member"),
    "goal.create": _l("Drafted a goal"),
    "goal.update": _l("Changed a goal"),
    "goal.status": _l("Changed a goal's status"),
    "process.publish_results": _l("Published the results"),
    "indicator.create": _l("Added an indicator"),
    "indicator.values": _l("Entered an indicator's values"),
    "board.create": _l("Added a board or company"),
    "board.update": _l("Set a board or company aside, or took it back"),
    "boardgoal.create": _l("Added a board goal"),
    "boardgoal.update": _l("Changed a board goal"),
    "boardgoal.delete": _l("Removed a board goal added by mistake"),
    "followupperiod.create": _l("Opened a follow-up period"),
    "followupperiod.record": _l("Recorded a follow-up period"),
    "followupperiod.approve": _l("Approved and published a follow-up period"),
}

WITHDRAWAL_REASONS = {
    WithdrawalReason.DUPLICATE: _l("Another proposal says the same"),
    WithdrawalReason.NO_LONGER_RELEVANT: _l("It is no longer relevant"),
    WithdrawalReason.OTHER: _l("Another reason"),
}

MODERATION_MODES = {
    ModerationMode.AFTERWARDS: _l("Published at once, reviewed afterwards"),
    ModerationMode.BEFOREHAND: _l("Shown only after a moderator approves it"),
}

# The published rules for what is not shown (cf. Swedish municipalities' e-proposal rules).
REPORT_REASONS = {
    ReportReason.ILLEGAL: _l("It breaks the law"),
    ReportReason.INDIVIDUAL_CASE: _l("It concerns an individual case"),
    ReportReason.IDENTIFIES_PERSON: _l("It identifies or points out a person"),
    ReportReason.COMMERCIAL: _l("It is advertising or commercial"),
    ReportReason.OFFENSIVE: _l("It is offensive"),
    ReportReason.OFF_TOPIC: _l("It has nothing to do with the dialogue"),
    ReportReason.DUPLICATE: _l("It is a copy of another proposal"),
}

# The audit log's field names, in words (anything else is shown as stored).
AUDIT_FIELDS = {
    "status": _l("Status"),
    "hidden_reason": _l("Rule"),
    "hidden_message": _l("Message to the author"),
    "keywords": _l("Keywords"),
    "themes": _l("Strategy themes"),
    "sdg_goals": _l("Agenda 2030 goals"),
    "answer_status": _l("Answer"),
    "answer_text": _l("Answer text"),
    "note": _l("Note"),
    "synthesis": _l("Synthesis"),
    "text": _l("Text"),
    "count": _l("Number"),
    "source": _l("Source"),
    "channel": _l("Channel"),
    "received_on": _l("Came in"),
    "given_on": _l("Date"),
    "created": _l("Created"),
    "skipped": _l("Already there"),  # imports before the two were told apart
    "existing": _l("Already imported"),
    "repeated": _l("Repeated in the file"),
    "file": _l("File"),
    "into": _l("Merged into"),
    "supports_moved": _l("Supports moved"),
    "supports_already_counted": _l("Supports already counted"),
    "supports_back": _l("Supports back"),
    "supports_not_given_back": _l("Supports not given back (limit used)"),
    "left_out_of": _l("Left out of the emerging theme"),
    "reports_upheld": _l("Reports upheld"),
    "reports_cleared": _l("Reports cleared"),
    "open_reports": _l("Open reports"),
    "proposals": _l("Proposals"),
    "value": _l("Value"),
    "role": _l("Role"),
    "active": _l("Active"),
    "name": _l("Name"),
    "meaning": _l("Meaning"),
    "theme": _l("Strategy theme"),
    "description": _l("Description"),
    "archived_at": _l("Archived"),
    "title": _l("Title"),
    "slug": _l("Address"),
    "moderation_mode": _l("Moderation"),
    "support_limit": _l("Supports per resident"),
    "hide_support_counts": _l("Hide the number of supports"),
    "report_threshold": _l("Reports before a proposal is hidden"),
    "kind": _l("Kind"),
    "starts_at": _l("Starts"),
    "ends_at": _l("Ends"),
    "features": _l("Features"),
    "body": _l("Body"),
    "position": _l("Order"),
    "choices": _l("Choices"),
    "stance": _l("For or against"),
    "suggested": _l("Suggested keyword"),
    "emerging_theme": _l("Emerging theme"),
    "not_the_same_as": _l("Not the same as"),
    "reports_resolved": _l("Reports resolved"),
    "results_published_at": _l("Results published"),
    "approved_at": _l("Approved"),
    "board": _l("Board"),
    "goal": _l("Goal"),
    "indicators": _l("Indicators"),
    "year": _l("Year"),
    "reviewed_at": _l("Reviewed"),
}

# Stored values of these fields are shown by these names; for a field that means another
# thing on another kind of target, AUDIT_VALUES_OF first (by the entry's target type).
AUDIT_VALUES = {
    "status": PROPOSAL_STATUSES,
    "hidden_reason": REPORT_REASONS,
    "answer_status": ANSWER_STATUSES,
    "role": ROLES,
    "moderation_mode": MODERATION_MODES,
    "kind": PHASE_KINDS,
}


# Comments on proposals (services.comments).
STANCES = {
    Stance.FOR: _l("For the proposal"),
    Stance.AGAINST: _l("Against the proposal"),
    Stance.NEUTRAL: _l("Neither: a question or an addition"),
}

COMMENT_STATUSES = {
    CommentStatus.PENDING: _l("Waiting for a moderator"),
    CommentStatus.PUBLISHED: _l("Published"),
    CommentStatus.HIDDEN: _l("Hidden by a moderator"),
    CommentStatus.DELETED: _l("Deleted by its author"),
}


AUDIT_VALUES_OF = {
    ("goal", "status"): GOAL_STATUSES,
    ("comment", "status"): COMMENT_STATUSES,
    ("followupperiod", "kind"): PERIOD_KINDS,
}
