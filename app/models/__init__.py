from app.models.agenda2030 import SdgGoal
from app.models.process import (DIALOGUE_ONLY_FEATURES, Feature, FocusArea, ModerationMode, Phase,
                                PhaseKind, Process)
from app.models.proposal import (PUBLIC_STATUSES, District, Proposal, ProposalStatus, Report,
                                 ReportReason, Support, WithdrawalReason)
from app.models.user import Role, User

__all__ = ["DIALOGUE_ONLY_FEATURES", "District", "Feature", "FocusArea", "ModerationMode",
           "PUBLIC_STATUSES", "Phase", "PhaseKind", "Process", "Proposal", "ProposalStatus",
           "Report", "ReportReason", "Role", "SdgGoal", "Support", "User", "WithdrawalReason"]
