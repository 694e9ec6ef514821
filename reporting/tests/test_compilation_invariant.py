"""VII.9: no report is ever missing from every compilation, or in two.

Hypothesis walks months of filings at awkward times (a second before and after midnight at a
month boundary, after the month was compiled, returned and resubmitted), with the daily
scheduler step running on some days and not others, and compile_month run on demand.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.log import Actor
from reporting import compilation as compiling
from reporting import deadlines, tasks
from reporting.models import CompiledReport, FormA, MonthlyCompilation
from reporting.tests.factories_compilation import make_report, weekdays

START = date(2026, 1, 1)
SPAN_DAYS = 120  # January to April
AWKWARD_TIMES = [time(0, 0, 0), time(0, 0, 1), time(23, 59, 59), time(12, 0), time(7, 30)]

events = st.lists(
    st.tuples(
        st.integers(0, SPAN_DAYS - 1),
        st.sampled_from(["file", "file", "tick", "compile", "return_resubmit"]),
        st.sampled_from(AWKWARD_TIMES),
        st.integers(0, 1000),
    ),
    min_size=1,
    max_size=30,
)


def at(day: date, t: time) -> datetime:
    return datetime.combine(day, t, tzinfo=timezone.get_current_timezone())


@pytest.mark.req("VII.9")
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(walk=events)
def test_every_filed_report_is_in_exactly_one_compilation_of_its_month(member, monkeypatch, walk):
    days = weekdays()
    monkeypatch.setattr(deadlines, "for_district", lambda district: days)
    sro = member("sro")
    agreement = sro.agreement
    with transaction.atomic():
        for offset, kind, t, pick in sorted(walk):
            day = START + timedelta(days=offset)
            with time_machine.travel(at(day, t), tick=False):
                if kind == "file":
                    make_report(sro, submitted_at=timezone.now())
                elif kind == "tick":
                    tasks.prepare_compilations.call(agreement.id, day.isoformat())
                elif kind == "compile":
                    month = compiling.previous_month(day)
                    compiling.do_prepare_compilation(Actor.system("test"), agreement, month)
                else:
                    filed = list(FormA.objects.filed().order_by("id"))
                    if filed:
                        report = filed[pick % len(filed)]
                        # Returned, corrected, resubmitted: first_submitted_at never moves.
                        FormA.objects.filter(id=report.id).update(status="returned")
                        FormA.objects.filter(id=report.id).update(status="submitted", submitted_at=timezone.now())
        # The scheduler runs on the first school day after the walk: everything is compiled.
        end = START + timedelta(days=SPAN_DAYS + 40)
        end = days.first_school_day_of_month(end.year, end.month)
        with time_machine.travel(at(end, time(6)), tick=False):
            tasks.prepare_compilations.call(agreement.id, end.isoformat())

        filed = list(FormA.objects.filed())
        entries = {e.report_id: e.compilation for e in CompiledReport.objects.select_related("compilation")}
        assert len(entries) == CompiledReport.objects.count()  # never in two (one-to-one)
        for report in filed:
            assert report.id in entries, f"{report} is in no compilation"
            month = timezone.localtime(report.first_submitted_at).date().replace(day=1)
            assert entries[report.id].month == month
        # From the first compilation on, every month has its compilation or its written notice.
        months = sorted(MonthlyCompilation.objects.filter(supplement=0).values_list("month", flat=True))
        assert months[-1] == date(2026, 5, 1)
        expected = [months[0]]
        while expected[-1] < months[-1]:
            expected.append(compiling.next_month(expected[-1]))
        assert months == expected
        transaction.set_rollback(True)
