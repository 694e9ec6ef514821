from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from accounts.models import Membership
from agreements.access import member_view
from agreements.models import Agreement
from agreements.panels import panels_for


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers: the process is up and the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"ok": True})


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Send a person with one agreement straight to it; list them otherwise. The operator, who
    holds no role, sees every agreement with its set-up and people pages."""
    if request.user.is_operator:
        agreements = Agreement.objects.select_related("police_department", "district").order_by("title")
        return render(request, "agreements/operator.html", {"agreements": agreements})
    memberships = list(
        Membership.objects.active().filter(user=request.user).select_related("agreement").order_by("agreement__title")
    )
    agreements = {m.agreement_id: m for m in memberships}
    if len(agreements) == 1:
        return redirect("dashboard", slug=memberships[0].agreement.slug)
    return render(request, "agreements/index.html", {"memberships": memberships})


@member_view()
@require_GET
def dashboard(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Each role's home page: what this person does under the agreement, and what waits for them."""
    return render(
        request,
        "agreements/dashboard.html",
        {"agreement": membership.agreement, "panels": panels_for(request, membership)},
    )
