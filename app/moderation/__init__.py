from app.moderation import channels, comments, insight  # noqa: F401  (routes join the blueprint)
from app.moderation.views import bp

__all__ = ["bp"]
