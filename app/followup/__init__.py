from app.followup.views import bp

__all__ = ["bp"]
