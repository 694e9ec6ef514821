from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from agreements.panels import links_for, nav_for


def membership(request: HttpRequest) -> dict[str, Any]:
    """Expose the membership a view acted under (set by `member_view`) and its nav links."""
    membership = getattr(request, "membership", None)
    return {
        "membership": membership,
        # The flat list, for a template that wants every link (computed only if one asks).
        "nav_links": (lambda: links_for(request, membership)) if membership is not None else [],
        "nav": nav_for(request, membership) if membership is not None else None,
        "signin_banner": settings.SIGNIN_BANNER,
    }
