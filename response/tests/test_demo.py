"""The demo holds interventions and a request on each ground, made through the real actions (V)."""

from __future__ import annotations

from io import StringIO

import pytest

from audit.models import AuditEntry
from response.models import Intervention, PoliceRequest


@pytest.mark.req("V.3")
def test_the_demo_has_a_request_on_each_ground(demo):
    from response.demo import load
    from students.demo import load as load_roster

    load_roster(demo)
    out = StringIO()
    load(demo, stdout=out)
    assert Intervention.objects.count() == 4
    assert sorted(PoliceRequest.objects.values_list("ground", flat=True)) == [
        "administration",
        "emergency",
        "ineffective",
    ]
    assert PoliceRequest.objects.filter(status="answered", option="conference").count() == 1
    assert AuditEntry.objects.filter(action="response.police_requested").count() == 3
    assert "3 requests for police involvement" in out.getvalue()
