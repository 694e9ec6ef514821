"""The district's school calendar (P.2): which days school is in session for students.

Storage: a SchoolYear (first and last day of school) and one CalendarDay row for every date
from its first day to its last, weekends included (about 300 rows a year). Each row says
whether students are in school and, when they are not, why. This shape keeps both jobs cheap:

- arithmetic loads a whole calendar in one query as sorted session dates
  (`schoolcalendar.days.for_district`), then counts with binary search;
- editing a single day is an update of one row, and the reason for a day off sits beside it.

Days between one school year's last day and the next year's first day are summer: known, and
never school days. Dates outside every year are unknown, and arithmetic refuses to guess.
"""

from __future__ import annotations

import re
from datetime import date

from django.db import models
from django.utils import timezone

from accounts.models import SUPERINTENDENT_ROLES, Role
from agreements.models import SchoolDistrict

# Who may import and edit the calendar; everyone in the agreement may view it.
EDITOR_ROLES = frozenset(SUPERINTENDENT_ROLES | {Role.DATA_STEWARD})

LABEL_RE = re.compile(r"^(\d{4})-(\d{2})$")


class SchoolYearQuerySet(models.QuerySet["SchoolYear"]):
    def for_district(self, district: SchoolDistrict) -> SchoolYearQuerySet:
        return self.filter(district=district).order_by("first_day")

    def overlapping(self, first_day: date, last_day: date) -> SchoolYearQuerySet:
        return self.filter(first_day__lte=last_day, last_day__gte=first_day)


class SchoolYear(models.Model):
    """One school year of a district's calendar, from the first day of school to the last."""

    district = models.ForeignKey(SchoolDistrict, models.CASCADE, related_name="school_years")
    label = models.CharField(max_length=7, help_text="The school year, e.g. 2025-26.")
    first_day = models.DateField(help_text="First day of school for students.")
    last_day = models.DateField(help_text="Last day of school for students.")
    source = models.CharField(max_length=200, blank=True, help_text="The file the year was imported from.")
    imported_at = models.DateTimeField(default=timezone.now)

    objects = SchoolYearQuerySet.as_manager()

    class Meta:
        ordering = ["district", "first_day"]
        constraints = [
            models.UniqueConstraint(fields=["district", "label"], name="one_school_year_per_label"),
            models.CheckConstraint(
                condition=models.Q(last_day__gt=models.F("first_day")), name="year_ends_after_it_starts"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.district} {self.label}"

    @staticmethod
    def label_for(first_day: date) -> str:
        """The usual name of the school year that starts on FIRST_DAY: 2025-08-27 -> "2025-26"."""
        return f"{first_day.year}-{(first_day.year + 1) % 100:02d}"

    @property
    def start_year(self) -> int:
        match = LABEL_RE.match(self.label)
        return int(match.group(1)) if match else self.first_day.year


class CalendarDay(models.Model):
    """One date of a school year: in session for students or not, and why not."""

    school_year = models.ForeignKey(SchoolYear, models.CASCADE, related_name="days")
    date = models.DateField()
    in_session = models.BooleanField(help_text="School is in session for students.")
    note = models.CharField(
        max_length=200,
        blank=True,
        help_text="Why there is no school; on a school day, a remark such as early dismissal.",
    )
    changed_by_hand = models.BooleanField(default=False, help_text="Edited after the import.")

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["school_year", "date"], name="one_row_per_date")]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} ({'school day' if self.in_session else self.note or 'no school'})"
