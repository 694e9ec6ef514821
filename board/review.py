"""The annual program review for the Board (X, VII.10): one school year's Form A counts by month
and school, the SROs' activities, training compliance, evaluations held and changes to the
agreement, with every count below the threshold shown as "fewer than 6" (L.4)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from activities.models import Activity, school_year_bounds
from agreements.models import Agreement
from evaluation.models import Concern, Feedback
from lib.suppression import DEFAULT_THRESHOLD, Cell, suppress
from reporting.models import FormA
from term.models import Termination
from training.actions import compliance
from training.models import Course

MONTHS = [7, 8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6]


@dataclass
class Review:
    agreement: Agreement
    year: int
    start: date
    end: date
    months: list[date]
    form_a_rows: list[tuple[str, list[tuple[date, Cell]], Cell]]
    form_a_month_totals: list[Cell]
    form_a_total: Cell
    activities: list[tuple[str, Cell]]
    training: dict[str, Any]
    evaluations: list[tuple[str, Cell]]
    changes: list[str]

    @property
    def month_totals(self) -> list[tuple[date, Cell]]:
        return list(zip(self.months, self.form_a_month_totals, strict=True))

    @property
    def label(self) -> str:
        return f"{self.start.year}–{self.end.year}"


def _cells(pairs: list[tuple[str, int]]) -> list[tuple[str, Cell]]:
    """A list of counts shown without a total: each small count is suppressed on its own."""
    return [(label, Cell(n, not 0 < n < DEFAULT_THRESHOLD)) for label, n in pairs]


def build(agreement: Agreement, year: int) -> Review:
    start, end = school_year_bounds(year)
    months = [date(year if m >= 7 else year + 1, m, 1) for m in MONTHS]
    counts = (
        FormA.objects.filed()
        .filter(agreement=agreement, incident_date__range=(start, end))
        .annotate(m=ExtractMonth("incident_date"))
        .values_list("school__name", "m")
        .annotate(n=Count("id"))
    )
    by_school: dict[str, dict[int, int]] = {}
    for school, month, n in counts:
        by_school.setdefault(school or "(no school)", {})[month] = n
    schools = sorted(by_school)
    table = [[by_school[s].get(m, 0) for m in MONTHS] for s in schools]
    if table:
        cells, row_totals, col_totals, grand = suppress(table)
        rows = list(zip(schools, cells, row_totals, strict=True))
    else:
        rows, col_totals, grand = [], [Cell(0, True) for _ in MONTHS], Cell(0, True)

    activity_counts = dict(
        Activity.objects.filter(agreement=agreement, occurred_on__range=(start, end))
        .values_list("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    activities = _cells([(label, activity_counts.get(kind, 0)) for kind, label in Activity.Kind.choices])

    sro_courses, sro_rows = compliance(agreement, Course.Audience.SRO, min(end, timezone.localdate()))
    training = {
        "courses": len(sro_courses),
        "sros": len(sro_rows),
        "out": sum(1 for r in sro_rows if r.out_since is not None),
    }

    feedback = dict(
        Feedback.objects.filter(agreement=agreement, given_on__range=(start, end))
        .values_list("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    concerns = Concern.objects.filter(agreement=agreement, written_on__range=(start, end))
    evaluations = _cells(
        [
            ("Formal feedback to the Chief", feedback.get(Feedback.Kind.FORMAL, 0)),
            ("Informal feedback to the Chief", feedback.get(Feedback.Kind.INFORMAL, 0)),
            ("Written concerns from the Superintendent", concerns.count()),
        ]
    )
    changes = [
        f"{t.get_kind_display()} by the {t.get_party_display()}, {t.get_status_display().lower()}, "
        f"taking effect {t.effective_on:%B %-d, %Y}"
        for t in Termination.objects.filter(agreement=agreement, given_on__range=(start, end))
    ]
    return Review(
        agreement=agreement,
        year=year,
        start=start,
        end=end,
        months=months,
        form_a_rows=[(s, list(zip(months, cells, strict=True)), total) for s, cells, total in rows],
        form_a_month_totals=col_totals,
        form_a_total=grand,
        activities=activities,
        training=training,
        evaluations=evaluations,
        changes=changes,
    )
