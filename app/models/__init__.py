from app.models.agenda2030 import SdgGoal
from app.models.process import DIALOGUE_ONLY_FEATURES, FocusArea, Feature, Phase, PhaseKind, Process
from app.models.user import Role, User

__all__ = ["DIALOGUE_ONLY_FEATURES", "Feature", "FocusArea", "Phase", "PhaseKind", "Process",
           "Role", "SdgGoal", "User"]
