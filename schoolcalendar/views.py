from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.models import Membership
from agreements.access import member_view


@member_view()
@require_GET
def calendar(request: HttpRequest, membership: Membership) -> HttpResponse:
    return render(request, "schoolcalendar/calendar.html", {})
