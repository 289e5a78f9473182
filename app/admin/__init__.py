from app.admin.views import bp

__all__ = ["bp"]
