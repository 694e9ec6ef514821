"""The demo holds a few of each camera record, made through the real actions (III.1–III.4)."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from audit.models import AuditEntry
from bodycams.models import Activation, ActivationNotice, Dispute, Viewing, ViewingRequest


@pytest.mark.req("III.1")
@pytest.mark.req("III.3")
@pytest.mark.req("III.4")
def test_the_demo_has_activations_requests_viewings_and_disputes(db):
    with time_machine.travel(timezone.make_aware(datetime(2026, 12, 1, 12)), tick=False):
        call_command("load_demo", "--i-know-this-is-not-production", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Activation.objects.logged().count() == 2 and Activation.objects.open().count() == 2
    assert ActivationNotice.objects.filter(acknowledged_at__isnull=False).count() == 1
    assert ActivationNotice.objects.filter(acknowledged_at__isnull=True).exists()
    assert set(ViewingRequest.objects.values_list("status", flat=True)) == {"approved"}
    assert Viewing.objects.count() == 1
    assert Dispute.objects.filter(resolved_at__isnull=False).count() == 1 and Dispute.objects.count() == 2
    assert AuditEntry.objects.filter(action="bodycams.activation_logged").count() == 2
