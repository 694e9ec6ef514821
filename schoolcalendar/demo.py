"""Demo school calendars: Westport and Harbor Falls, 2025-26 and 2026-27 (synthetic).

They go through the same reader and action as a real import, so the audit log shows them.
"""

from __future__ import annotations

from django.conf import settings

from agreements.models import Agreement
from audit.log import Actor
from schoolcalendar import actions
from schoolcalendar.ics import plan_year, read_events

CALENDARS = settings.BASE_DIR / "demo" / "calendars"
FILES = {
    "westport": ["westport-2025-26.ics", "westport-2026-27.ics"],
    "harborfalls": ["harborfalls-2025-26.ics", "harborfalls-2026-27.ics"],
}


def load(agreement: Agreement, stdout=None) -> None:
    """Import the demo calendars for Westport (AGREEMENT) and for the Harbor Falls agreement."""
    actor = Actor.system("load_demo")
    targets = [agreement, *Agreement.objects.filter(slug="harborfalls").exclude(pk=agreement.pk)]
    for target in targets:
        for name in FILES.get(target.slug, []):
            plan = plan_year(read_events((CALENDARS / name).read_bytes()))
            actions.do_import_school_year(actor, target, plan, source=name)
            if stdout is not None:
                stdout.write(
                    f"School calendar {plan.label} for {target.district}: {plan.school_day_count} school days."
                )
