"""Saving an imported school year: whole, replacing that year atomically, audited (P.2, S.3, S.4)."""

from __future__ import annotations

from datetime import date

import pytest

from audit.log import Actor
from audit.models import AuditEntry
from schoolcalendar import actions
from schoolcalendar.ics import plan_year, read_events
from schoolcalendar.models import CalendarDay, SchoolYear
from schoolcalendar.tests.conftest import small_year

pytestmark = [pytest.mark.req("P.2"), pytest.mark.django_db]

ACTOR = Actor.system("test")


def plan(data: bytes):
    return plan_year(read_events(data))


def test_it_saves_every_date_of_the_year_and_audits_it(demo):
    year = actions.do_import_school_year(
        ACTOR, demo, plan(small_year(("Labor Day – No School", date(2025, 9, 1)))), source="wps.ics"
    )
    assert year.label == "2025-26"
    assert year.days.count() == (date(2026, 6, 16) - date(2025, 9, 2)).days + 1
    entry = AuditEntry.objects.get(action="schoolyear.imported")
    assert entry.agreement == demo
    assert entry.changes["first_day"] == "2025-09-02"
    assert entry.changes["source"] == "wps.ics"
    assert entry.changes["replaced"] is None


def test_reimporting_a_year_replaces_it_and_its_hand_edits(demo):
    first = actions.do_import_school_year(ACTOR, demo, plan(small_year()))
    day = first.days.get(date=date(2025, 10, 13))
    actions.do_set_day(ACTOR, demo, day, in_session=False)
    again = actions.do_import_school_year(
        ACTOR, demo, plan(small_year(("Columbus Day – Schools Closed", date(2025, 10, 13)), first=date(2025, 8, 27)))
    )
    assert again.pk == first.pk
    assert SchoolYear.objects.filter(district=demo.district).count() == 1
    assert again.first_day == date(2025, 8, 27)
    assert again.days.get(date=date(2025, 10, 13)).note == "Columbus Day – Schools Closed"
    assert not again.days.filter(changed_by_hand=True).exists()
    replaced = AuditEntry.objects.filter(action="schoolyear.imported").order_by("-seq").first().changes["replaced"]
    assert replaced["first_day"] == "2025-09-02"
    assert replaced["days_changed_by_hand"] == 1


def test_an_overlapping_year_is_refused_and_nothing_changes(demo):
    actions.do_import_school_year(ACTOR, demo, plan(small_year()))
    before = (CalendarDay.objects.count(), AuditEntry.objects.count())
    # A year labelled 2026-27 that starts before 2025-26 ends.
    with pytest.raises(actions.CalendarRefused, match="overlaps the 2025-26 year"):
        actions.do_import_school_year(ACTOR, demo, plan(small_year(first=date(2026, 1, 5), last=date(2026, 12, 18))))
    assert (CalendarDay.objects.count(), AuditEntry.objects.count()) == before


def test_a_failure_half_way_leaves_the_old_year_whole(demo, monkeypatch):
    actions.do_import_school_year(ACTOR, demo, plan(small_year()))
    before = list(CalendarDay.objects.values_list("date", "in_session", "note"))

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(actions, "record", boom)
    with pytest.raises(RuntimeError):
        actions.do_import_school_year(
            ACTOR, demo, plan(small_year(("Winter Break", date(2025, 12, 22), date(2026, 1, 2))))
        )
    assert list(CalendarDay.objects.values_list("date", "in_session", "note")) == before


def test_the_demo_loads_both_towns_through_the_importer(calendars):
    from agreements.models import Agreement

    harbor = Agreement.objects.get(slug="harborfalls")
    assert list(SchoolYear.objects.filter(district=calendars.district).values_list("label", flat=True)) == [
        "2025-26",
        "2026-27",
    ]
    assert list(SchoolYear.objects.filter(district=harbor.district).values_list("label", flat=True)) == [
        "2025-26",
        "2026-27",
    ]
    assert AuditEntry.objects.filter(action="schoolyear.imported").count() == 4
