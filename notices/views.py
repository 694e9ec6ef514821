"""Each person's notices in one agreement: list, and mark read."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Membership
from agreements.access import member_view
from notices import actions
from notices.models import Notice


@member_view()
@require_GET
def notice_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    notices = Notice.objects.for_user(request.user, membership.agreement)
    page = Paginator(notices, 50).get_page(request.GET.get("page"))
    return render(request, "notices/list.html", {"page": page})


@member_view()
@require_POST
def mark_read(request: HttpRequest, membership: Membership, notice_id: int) -> HttpResponse:
    # Someone else's notice is one this person may not know exists.
    get_object_or_404(Notice.objects.for_user(request.user, membership.agreement), id=notice_id)
    actions.do_mark_read(request.user, membership.agreement, notice_id)
    return redirect("notices:list", membership.agreement.slug)


@member_view()
@require_POST
def mark_all_read(request: HttpRequest, membership: Membership) -> HttpResponse:
    actions.do_mark_read(request.user, membership.agreement)
    return redirect("notices:list", membership.agreement.slug)


def email_panel(request: HttpRequest, membership: Membership) -> dict:
    """The system administrator's dashboard: notice emails the mail server refused (each person
    still has the notice in the app), those still being tried and those given up; and those a
    worker claimed but never handed to the mail server (it stopped mid-send: they are not sent
    again, so that nobody gets one twice)."""
    from notices.emails import RETRY_AFTER, SEND_STALLED_AFTER, STALLED_SHOWN_FOR

    now = timezone.now()
    refused = Q(emailed_at__isnull=True, email_attempts__gt=0)
    stalled = Q(
        email_sent_at__isnull=True,
        emailed_at__lt=now - SEND_STALLED_AFTER,
        emailed_at__gte=now - STALLED_SHOWN_FOR,
    )
    counts = Notice.objects.filter(refused | stalled, agreement=membership.agreement).aggregate(
        retrying=Count("id", filter=refused & Q(email_attempts__lte=len(RETRY_AFTER))),
        given_up=Count("id", filter=refused & Q(email_attempts__gt=len(RETRY_AFTER))),
        stalled=Count("id", filter=stalled),
    )
    last = ""
    if counts["retrying"] or counts["given_up"]:
        last = (
            Notice.objects.filter(refused, agreement=membership.agreement)
            .order_by("-created_at", "-id")
            .values_list("email_error", flat=True)
            .first()
            or ""
        )
    return {
        **counts,
        "last_error": last,
        "waits": [int(wait.total_seconds() // 60) for wait in RETRY_AFTER],
        "tries": len(RETRY_AFTER) + 1,
    }
