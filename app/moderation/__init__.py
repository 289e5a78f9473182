from app.moderation import channels, comments  # noqa: F401  (their routes join the blueprint)
from app.moderation.views import bp

__all__ = ["bp"]
