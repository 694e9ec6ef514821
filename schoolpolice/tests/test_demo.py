"""The demo's police activity, made through the real actions on the synthetic roster."""

from __future__ import annotations

import pytest
from django.urls import reverse

from schoolpolice.models import ArrestNotice, EmergencyAction, Request
from students.models import Disclosure


@pytest.fixture
def loaded(demo):
    from schoolpolice.demo import load
    from students.demo import load as load_roster

    load_roster(demo)
    load(demo)
    return demo


@pytest.mark.req("VI.1")
@pytest.mark.req("VI.4")
@pytest.mark.req("L.1")
def test_the_demo_holds_each_kind_of_record_at_each_stage(loaded, client_for):
    assert sorted(Request.objects.values_list("status", flat=True)) == ["agreed", "other_time", "waiting"]
    assert EmergencyAction.objects.count() == 1
    notices = ArrestNotice.objects.order_by("arrested_at")
    assert [n.acknowledged_at is not None for n in notices] == [True, False, False]
    assert ArrestNotice.objects.open().filter(written_at__isnull=False).count() == 1
    assert Disclosure.objects.filter(purpose__startswith="VI.1").exists()
    for persona in ("sro", "ssu", "chief", "principal", "superintendent"):
        page = client_for(persona).get(reverse("schoolpolice:overview", kwargs={"slug": "westport"}))
        assert page.status_code == 200, persona
