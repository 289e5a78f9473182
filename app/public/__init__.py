from app.public.views import bp

__all__ = ["bp"]
