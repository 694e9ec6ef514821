"""Training the agreement requires (IV.3, X.3): a catalogue per agreement and who completed what.

IV.3: each SRO completes training in social-emotional learning and restorative practices, in
physical restraint and seclusion, and any training given to certified staff of the assigned
schools as the Superintendent determines; the Police Department adds its own. X.3: both parties
train their employees on the agreement itself. A course may expire (valid for some months), so
compliance is a matter of dates: who is out of compliance, and since when.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from accounts.models import Membership
from agreements.models import Agreement

NAME_MAX = 150
EXPIRING_WITHIN_DAYS = 30


class Course(models.Model):
    class Audience(models.TextChoices):
        SRO = "sro", "School Resource Officers"
        AGREEMENT = "agreement", "Everyone working under the agreement"

    class Source(models.TextChoices):
        MOU = "mou", "Required by the agreement"
        DISTRICT = "district", "Given to certified staff, as the Superintendent determines"
        DEPARTMENT = "department", "Police Department training"

    agreement = models.ForeignKey(Agreement, models.CASCADE, related_name="courses")
    name = models.CharField(max_length=NAME_MAX)
    audience = models.CharField(max_length=10, choices=Audience.choices, default=Audience.SRO)
    source = models.CharField(max_length=12, choices=Source.choices)
    required = models.BooleanField(default=True)
    valid_months = models.PositiveSmallIntegerField(
        "Valid for (months)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text="Leave empty if it never needs repeating.",
    )
    added_on = models.DateField(default=timezone.localdate)

    class Meta:
        ordering = ["audience", "-required", "name"]
        constraints = [models.UniqueConstraint(fields=["agreement", "name"], name="one_course_name_per_agreement")]

    def __str__(self) -> str:
        return self.name

    def expiry_for(self, completed_on: date) -> date | None:
        if not self.valid_months:
            return None
        month = completed_on.month - 1 + self.valid_months
        year, month = completed_on.year + month // 12, month % 12 + 1
        # The same day of the month, or the month's last day (a completion on January 31 + 1 month).
        for day in (completed_on.day, 30, 29, 28):
            try:
                return date(year, month, day)
            except ValueError:
                continue
        raise AssertionError("unreachable")


class Completion(models.Model):
    course = models.ForeignKey(Course, models.PROTECT, related_name="completions")
    person = models.ForeignKey(Membership, models.PROTECT, related_name="training_completions")
    completed_on = models.DateField("Completed on")
    hours = models.DecimalField(
        max_digits=4, decimal_places=2, validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(80)]
    )
    expires_on = models.DateField(null=True, blank=True)
    on_school_day = models.BooleanField(default=False, help_text="Held on a day school was in session.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-completed_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["course", "person", "completed_on"], name="one_completion_per_course_day")
        ]

    def __str__(self) -> str:
        return f"{self.course} on {self.completed_on:%Y-%m-%d}"


class Standing(models.TextChoices):
    CURRENT = "current", "Current"
    EXPIRING = "expiring", "Expires soon"
    EXPIRED = "expired", "Expired"
    MISSING = "missing", "Never completed"


def standing(course: Course, person: Membership, latest: Completion | None, today: date) -> tuple[str, date | None]:
    """Where PERSON stands on COURSE today, and since when they have been out of compliance.

    Never completed: out since the later of their role's start and the course's addition.
    Expired: out since the expiry date. Expiring: within EXPIRING_WITHIN_DAYS, still compliant.
    """
    if latest is None:
        return Standing.MISSING, max(person.starts_on, course.added_on)
    if latest.expires_on is None or latest.expires_on > today + timedelta(days=EXPIRING_WITHIN_DAYS):
        return Standing.CURRENT, None
    if latest.expires_on > today:
        return Standing.EXPIRING, None
    return Standing.EXPIRED, latest.expires_on
