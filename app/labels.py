"""Translated names for the domain's enumerations, shared by forms and templates."""
from flask_babel import lazy_gettext as _l

from app.models import (Feature, ModerationMode, PhaseKind, ProposalStatus, ReportReason, Role,
                        WithdrawalReason)

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
}

PROPOSAL_STATUSES = {
    ProposalStatus.DRAFT: _l("Draft"),
    ProposalStatus.PENDING: _l("Waiting for a moderator"),
    ProposalStatus.PUBLISHED: _l("Published"),
    ProposalStatus.WITHDRAWN: _l("Withdrawn"),
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
