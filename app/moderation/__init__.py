from app.moderation import (audit_log, channels, comments, insight,  # noqa: F401
                            taxonomy)  # (their routes join the blueprint)
from app.moderation.views import bp

__all__ = ["bp"]
