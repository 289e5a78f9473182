from app.moderation import channels, insight  # noqa: F401  (their routes join the blueprint)
from app.moderation.views import bp

__all__ = ["bp"]
