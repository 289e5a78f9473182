from app.models.agenda2030 import SdgGoal
from app.models.goals import (Goal, GoalComment, GoalStatus, goal_keywords, goal_proposals,
                              goal_sdg_goals, goal_themes)
from app.models.followup import (BOARD_GOAL_INDICATORS, Board, BoardGoal, BoardKind,
                                 Direction, FollowUpNotice, FollowUpPeriod, GoalAssessment,
                                 Indicator, IndicatorSource, IndicatorValue, KoladaResponse,
                                 PeriodKind, PeriodReading, Rating)
from app.models.content import ContentVersion, PacketFile, SummarySnapshot
from app.models.job import Job, JobStatus, ResultsNotice
from app.models.comment import (Comment, CommentDigest, CommentReport, CommentStatus,
                                DigestChoice, Follow, HelpfulMark, Stance)
from app.models.channels import OpenSpaceEvent, OpenSpaceSession, PaperSupport, Place
from app.models.insight import (DistinctPair, DuplicatePair, EmergingTheme, InsightModel,
                                LeftOut, StoredSuggestion)
from app.models.moderation import (AuditEntry, Keyword, ModeratorNote, Quote, TextVersion, Theme,
                                   proposal_keywords, proposal_sdg_goals, proposal_themes,
                                   theme_sdg_goals)
from app.models.process import (DIALOGUE_ONLY_FEATURES, Feature, FocusArea, ModerationMode, Phase,
                                PhaseKind, Process)
from app.models.proposal import (PUBLIC_STATUSES, SENT_STATUSES, AnswerStatus, Channel, District,
                                 DroppedSupport, ImportBatch, Proposal, ProposalMerge,
                                 ProposalStatus, Report, ReportReason, Support,
                                 WithdrawalReason)
from app.models.reach import (AGE_BANDS, DECLINED, OutreachAction, ParticipantProfile,
                              PopulationFigure, ProfileAnswer, ProfileQuestion)
from app.models.user import STAFF_ROLES, LoginSession, Role, User

__all__ = ["BOARD_GOAL_INDICATORS", "Board", "BoardGoal", "BoardKind", "Direction",
           "DroppedSupport",
           "FollowUpNotice", "FollowUpPeriod", "GoalAssessment", "Indicator",
           "IndicatorSource", "IndicatorValue", "KoladaResponse", "PeriodKind",
           "PeriodReading", "Rating", "AnswerStatus", "AuditEntry", "Channel", "Comment",
           "CommentReport", "CommentStatus", "AGE_BANDS", "DECLINED", "OutreachAction",
           "ParticipantProfile", "PopulationFigure", "ProfileAnswer", "ProfileQuestion",
           "HelpfulMark", "Stance", "CommentDigest", "DigestChoice", "Follow", "ContentVersion",
           "DIALOGUE_ONLY_FEATURES", "District",
           "Feature", "FocusArea", "Goal", "GoalComment", "GoalStatus", "ImportBatch", "Job",
           "JobStatus",
           "Keyword",
           "DistinctPair", "DuplicatePair", "EmergingTheme", "InsightModel", "LeftOut",
           "StoredSuggestion",
           "LoginSession", "ModerationMode", "ModeratorNote",
           "OpenSpaceEvent", "OpenSpaceSession", "PacketFile", "PaperSupport", "Place", "Quote",
           "TextVersion",
           "PUBLIC_STATUSES", "Phase", "PhaseKind", "Process", "Proposal", "ProposalMerge",
           "ProposalStatus",
           "Report", "ReportReason", "ResultsNotice", "Role", "SENT_STATUSES", "STAFF_ROLES",
           "SdgGoal",
           "Support", "SummarySnapshot", "Theme", "User", "WithdrawalReason", "proposal_keywords",
           "proposal_sdg_goals",
           "proposal_themes", "theme_sdg_goals", "goal_keywords", "goal_proposals",
           "goal_sdg_goals", "goal_themes"]
