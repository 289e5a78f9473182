from app.reach.views import bp

__all__ = ["bp"]
