"""A report filed after its due date is late, whatever day it is filed on (VII.2)."""

from __future__ import annotations

from datetime import date

import pytest

from reporting.actions import school_days_late
from reporting.tests.filing import calendar_fixture as calendar  # noqa: F401  (the demo calendars)


@pytest.mark.req("VII.2")
def test_on_or_before_the_due_date_is_on_time(demo, calendar):  # noqa: F811
    assert school_days_late(demo, date(2026, 11, 10), date(2026, 11, 10)) == 0
    assert school_days_late(demo, date(2026, 11, 10), date(2026, 11, 9)) == 0


@pytest.mark.req("VII.2")
def test_school_days_after_the_due_date_are_counted(demo, calendar):  # noqa: F811
    # Due Tuesday Nov 17, 2026; filed Thursday Nov 19: two school days late.
    assert school_days_late(demo, date(2026, 11, 17), date(2026, 11, 19)) == 2


@pytest.mark.req("VII.2")
def test_filed_on_a_weekend_after_the_due_date_is_one_school_day_late(demo, calendar):  # noqa: F811
    # Due Friday Nov 20, 2026; filed Saturday Nov 21: no school day has passed, but it is late.
    assert school_days_late(demo, date(2026, 11, 20), date(2026, 11, 21)) == 1


@pytest.mark.req("VII.2")
def test_filed_beyond_the_known_calendar_is_still_late(demo, calendar):  # noqa: F811
    assert school_days_late(demo, date(2027, 6, 20), date(2027, 9, 30)) == 1


def test_without_a_due_date_lateness_is_unknown(demo):
    assert school_days_late(demo, None, date(2026, 11, 19)) is None
