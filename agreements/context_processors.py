from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def membership(request: HttpRequest) -> dict[str, Any]:
    """Expose the membership a view acted under (set by `member_view`) to templates."""
    return {"membership": getattr(request, "membership", None), "signin_banner": settings.SIGNIN_BANNER}
