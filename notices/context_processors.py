from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from notices.models import Notice


def unread_notices(request: HttpRequest) -> dict[str, Any]:
    """The count of unread notices for the nav; lazy, so pages that do not show it pay nothing."""
    membership = getattr(request, "membership", None)

    def count() -> int:
        if membership is None:
            return 0
        return Notice.objects.for_user(request.user, membership.agreement).unread().count()

    return {"unread_notices": count}
