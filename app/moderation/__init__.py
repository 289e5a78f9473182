from app.moderation.views import bp

__all__ = ["bp"]
