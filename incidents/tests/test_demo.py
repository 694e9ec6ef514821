"""The demo's section IV records, made through the real actions against the demo's calendar and
roster, whatever the time of day the demo is loaded."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from incidents.models import EmergencyIntervention, IncidentNotice
from notices.models import Notice


@pytest.mark.req("IV.1")
@pytest.mark.req("IV.4")
@pytest.mark.parametrize("hour", [0, 8, 12, 23])
def test_the_demo_holds_notices_and_an_intervention_made_through_the_actions(demo, hour):
    from incidents.demo import load
    from schoolcalendar.demo import load as load_calendars
    from students.demo import load as load_roster

    with time_machine.travel(datetime(2026, 12, 1, hour, 5, tzinfo=ZoneInfo("America/New_York")), tick=False):
        load_calendars(demo)
        load_roster(demo)
        load(demo)
    assert IncidentNotice.objects.count() == 3 and EmergencyIntervention.objects.count() == 1
    assert IncidentNotice.objects.filter(late=True).exists()
    assert IncidentNotice.objects.filter(acknowledged_at__isnull=False).count() == 1
    assert EmergencyIntervention.objects.get().district_report_due is not None
    assert (
        Notice.objects.filter(recipient__username="principal", kind__in=["incident_notice", "restraint_alert"]).count()
        == 4
    )
