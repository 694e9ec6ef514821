"""The end of an agreement (XI.1): a written notice of termination by either party, or a mutual
termination both parties consent to. The notice's effective date follows from the agreement's
parameters (by January 1, effective the following July 1, in the reference agreement)."""

from __future__ import annotations

import calendar
from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone

from agreements.models import Agreement

NOTE_MAX = 500


class Party(models.TextChoices):
    POLICE = "police", "Police Department"
    BOARD = "board", "Board of Education"


class Termination(models.Model):
    class Kind(models.TextChoices):
        NOTICE = "notice", "Written notice by one party"
        MUTUAL = "mutual", "Mutual agreement"

    class Status(models.TextChoices):
        IN_FORCE = "in_force", "In force"
        PROPOSED = "proposed", "Proposed, waiting for the other party's consent"
        DECLINED = "declined", "Declined by the other party"

    agreement = models.ForeignKey(Agreement, models.CASCADE, related_name="terminations")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    party = models.CharField("Given by", max_length=10, choices=Party.choices)
    given_on = models.DateField("Date of the written notice")
    effective_on = models.DateField("Takes effect on")
    status = models.CharField(max_length=10, choices=Status.choices)
    note = models.CharField(max_length=NOTE_MAX, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-recorded_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_party_display()}), effective {self.effective_on:%Y-%m-%d}"

    @property
    def other_party(self) -> str:
        return Party.BOARD if self.party == Party.POLICE else Party.POLICE


def month_day(value: str) -> tuple[int, int]:
    """'01-01' -> (1, 1); the agreement's parameters are checked when they are set."""
    month, day = (int(part) for part in value.split("-"))
    return month, day


def month_day_label(value: str) -> str:
    """'01-01' -> 'January 1'."""
    month, day = month_day(value)
    return f"{calendar.month_name[month]} {day}"


def on(year: int, month: int, day: int) -> date:
    """That day of YEAR, or the month's last day (a '02-29' parameter in a common year)."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def notice_effective_date(agreement: Agreement, given_on: date) -> date:
    """XI.1: a notice given by the notice day takes effect on the following effective day; a notice
    given after it, on the effective day after the next notice day."""
    nm, nd = month_day(agreement.termination_notice_month_day)
    em, ed = month_day(agreement.termination_effective_month_day)
    deadline = on(given_on.year, nm, nd)
    if given_on > deadline:
        deadline = on(given_on.year + 1, nm, nd)
    effective = on(deadline.year, em, ed)
    if effective <= deadline:
        effective = on(deadline.year + 1, em, ed)
    return effective
