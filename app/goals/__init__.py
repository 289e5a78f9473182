from app.goals.views import bp

__all__ = ["bp"]
