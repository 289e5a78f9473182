from app.comments.views import bp

__all__ = ["bp"]
