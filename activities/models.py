"""What the SRO does at school besides investigations (IV.2): presentations, staff training,
events, the School Climate Committee, crisis planning and liaison referrals.

No entry names a student: a liaison referral records only the kind of agency, and the only free
text (a presentation's or training's topic) is short and passes the no-names guard.
"""

from __future__ import annotations

from datetime import date

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from accounts.models import Membership
from agreements.models import Agreement, School

TOPIC_MAX = 120
AUDIENCE_MAX = 5000


class Activity(models.Model):
    class Kind(models.TextChoices):
        PRESENTATION = "presentation", "Presentation to students"
        STAFF_TRAINING = "staff_training", "Safety and security training for staff"
        SCHOOL_EVENT = "school_event", "School activity or event attended"
        CLIMATE_COMMITTEE = "climate_committee", "School Climate Committee meeting"
        CRISIS_PLANNING = "crisis_planning", "Emergency and crisis planning session"
        LIAISON_REFERRAL = "liaison_referral", "Liaison referral to a social agency"

    class Agency(models.TextChoices):
        MENTAL_HEALTH = "mental_health", "Mental or behavioral health"
        SUBSTANCE_USE = "substance_use", "Substance use services"
        FAMILY = "family_services", "Family or children's services"
        YOUTH_SERVICES = "youth_services", "Youth service bureau"
        BASIC_NEEDS = "basic_needs", "Housing, food or other basic needs"
        VICTIM_SERVICES = "victim_services", "Victim services"
        OTHER = "other", "Other community agency"

    # What each kind asks for, besides the date and the school.
    TOPIC_KINDS = frozenset({Kind.PRESENTATION, Kind.STAFF_TRAINING, Kind.SCHOOL_EVENT})
    AUDIENCE_KINDS = frozenset({Kind.PRESENTATION, Kind.STAFF_TRAINING})
    # The MOU: presentations and staff training are given "as requested by the Superintendent or designee".
    REQUEST_KINDS = frozenset({Kind.PRESENTATION, Kind.STAFF_TRAINING})

    agreement = models.ForeignKey(Agreement, models.CASCADE, related_name="activities")
    sro = models.ForeignKey(Membership, models.PROTECT, related_name="activities")
    school = models.ForeignKey(School, models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    occurred_on = models.DateField("Date")
    topic = models.CharField(max_length=TOPIC_MAX, blank=True)
    audience_size = models.PositiveIntegerField(
        "Audience size", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(AUDIENCE_MAX)]
    )
    requested_by_superintendent = models.BooleanField("Requested by the Superintendent or designee", default=False)
    agency_type = models.CharField("Kind of agency", max_length=20, choices=Agency.choices, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name_plural = "activities"
        indexes = [models.Index(fields=["agreement", "occurred_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.occurred_on:%Y-%m-%d}"


def school_year_of(d: date) -> int:
    """The calendar year in which D's school year starts (July 1 to June 30)."""
    return d.year if d.month >= 7 else d.year - 1


def school_year_bounds(start_year: int) -> tuple[date, date]:
    return date(start_year, 7, 1), date(start_year + 1, 6, 30)
