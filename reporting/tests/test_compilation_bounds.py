"""VII.9: no compilation before the agreement took effect, and a bounded back-fill.

A year typo (2016 for 2026) once made 121 compilations and 122 "did not engage" notices: the
month is refused, and the scheduler fills at most the months since the last compilation (or
the effective date), never more than 12 in one run; `compile_month --backfill` does the rest.
"""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from audit.log import Actor
from notices.models import Notice
from reporting import compilation as compiling
from reporting import deadlines, tasks
from reporting.models import MonthlyCompilation
from reporting.tests.factories_compilation import local, make_report, weekdays

pytestmark = pytest.mark.req("VII.9")

NOW = local(date(2026, 12, 2), 9)


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    days = weekdays()
    monkeypatch.setattr(deadlines, "for_district", lambda district: days)
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def westport(member):
    return member("chief").agreement


def compiled_months(agreement) -> list[str]:
    return [
        f"{m:%Y-%m}"
        for m in MonthlyCompilation.objects.filter(agreement=agreement)
        .values_list("month", flat=True)
        .order_by("month")
    ]


def test_a_month_before_the_agreement_took_effect_is_refused_with_a_clear_message(westport):
    with pytest.raises(
        ValidationError, match=r"October 2016 is before the agreement took effect \(November 28, 2023\)"
    ):
        compiling.do_prepare_compilation(Actor.system("test"), westport, date(2016, 10, 1))
    assert not MonthlyCompilation.objects.exists()


def test_the_month_the_agreement_took_effect_can_be_compiled(westport):
    assert compiling.do_prepare_compilation(Actor.system("test"), westport, date(2023, 11, 1)) is not None


def test_compile_month_refuses_a_year_typo_and_the_page_too(westport, client_for):
    with pytest.raises(CommandError, match="before the agreement took effect"):
        call_command("compile_month", "2016-10", agreement="westport")
    response = client_for("chief").post(
        reverse("compilations:prepare", args=["westport"]), {"month": "2016-10"}, follow=True
    )
    assert "before the agreement took effect" in response.content.decode()
    assert not MonthlyCompilation.objects.exists()


def test_a_compilation_by_hand_of_an_old_month_does_not_make_the_scheduler_fill_every_month_since(westport):
    # Every month of the last year is compiled; then March 2024 is compiled by hand (a typo).
    for month in months(date(2025, 12, 1), date(2026, 10, 1)):
        compiling.do_prepare_compilation(Actor.system("test"), westport, month)
    compiling.do_prepare_compilation(Actor.system("test"), westport, date(2024, 3, 1))
    prepared = tasks.prepare_compilations.call(westport.id, "2026-12-02")
    assert [f"{m.month:%Y-%m}" for m in MonthlyCompilation.objects.filter(id__in=prepared)] == ["2026-11"]
    assert MonthlyCompilation.objects.filter(month__lt=date(2025, 12, 1)).count() == 1


def test_the_scheduler_fills_at_most_twelve_months_in_one_run(westport, caplog):
    # No compilation yet, and the agreement took effect in November 2023: 36 months are due.
    tasks.prepare_compilations.call(westport.id, "2026-12-02")
    assert compiled_months(westport) == [f"{m:%Y-%m}" for m in months(date(2025, 12, 1), date(2026, 11, 1))]
    assert Notice.objects.filter(kind="compilation_prepared").count() == 12
    assert "compile_month --backfill --agreement westport" in caplog.text
    # Running again the same day, or the next, does not creep further back.
    tasks.prepare_compilations.call(westport.id, "2026-12-03")
    assert MonthlyCompilation.objects.count() == 12


def test_the_scheduler_fills_a_missed_month_within_the_year(westport, member):
    for month in months(date(2025, 12, 1), date(2026, 7, 1)):
        compiling.do_prepare_compilation(Actor.system("test"), westport, month)
    compiling.do_prepare_compilation(Actor.system("test"), westport, date(2026, 9, 1))
    make_report(member("sro"), submitted_at=local(date(2026, 9, 3)))
    prepared = tasks.prepare_compilations.call(westport.id, "2026-12-02")
    assert sorted(f"{m.month:%Y-%m}-{m.supplement}" for m in MonthlyCompilation.objects.filter(id__in=prepared)) == [
        "2026-08-0",
        "2026-09-1",
        "2026-10-0",
        "2026-11-0",
    ]


def test_the_operator_back_fills_every_month_with_one_command(westport, capsys):
    tasks.prepare_compilations.call(westport.id, "2026-12-02")
    call_command("compile_month", "--backfill", agreement="westport")
    assert compiled_months(westport) == [f"{m:%Y-%m}" for m in months(date(2023, 11, 1), date(2026, 11, 1))]
    assert "Back-fill done: 25 compilation(s) prepared." in capsys.readouterr().out


def test_compile_month_wants_a_month_or_backfill(demo):
    with pytest.raises(CommandError, match="Give either a month"):
        call_command("compile_month", agreement="westport")
    with pytest.raises(CommandError, match="Give either a month"):
        call_command("compile_month", "2026-10", "--backfill", agreement="westport")


def months(first: date, last: date) -> list[date]:
    found = [first]
    while found[-1] < last:
        found.append(compiling.next_month(found[-1]))
    return found
