from app.moderation import channels  # noqa: F401  (its routes join the blueprint)
from app.moderation.views import bp

__all__ = ["bp"]
