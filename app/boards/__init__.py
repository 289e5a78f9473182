from app.boards.views import bp

__all__ = ["bp"]
