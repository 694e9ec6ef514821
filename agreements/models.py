"""The agreement as data (P.1): who the parties are and the parameters towns vary."""

from __future__ import annotations

from datetime import date

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone


class PoliceDepartment(models.Model):
    name = models.CharField(max_length=200, unique=True)
    town = models.CharField(max_length=100)

    def __str__(self) -> str:
        return self.name


class SchoolDistrict(models.Model):
    name = models.CharField(max_length=200, unique=True)
    town = models.CharField(max_length=100)

    def __str__(self) -> str:
        return self.name


class School(models.Model):
    class Level(models.TextChoices):
        HIGH = "high", "High school"
        MIDDLE = "middle", "Middle school"
        ELEMENTARY = "elementary", "Elementary school"

    district = models.ForeignKey(SchoolDistrict, models.CASCADE, related_name="schools")
    name = models.CharField(max_length=200)
    level = models.CharField(max_length=12, choices=Level.choices)
    # The student information system's identifier for the school (OneRoster org sourcedId).
    sourced_id = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["district", "name"], name="school_name_unique_in_district")]

    def __str__(self) -> str:
        return self.name


class Agreement(models.Model):
    """One MOU between one police department and one school district."""

    class Cadence(models.TextChoices):
        MONTHLY = "monthly", "Monthly"

    class Route(models.TextChoices):
        # Conn. Gen. Stat. § 10-233p: Form A goes to the Chief, or straight to the
        # Superintendent when the Chief is not POST-certified.
        CHIEF = "chief", "SRO to Chief of Police, Chief to Superintendent"
        SUPERINTENDENT = "superintendent", "SRO to Superintendent (Chief not POST-certified)"

    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=300)
    police_department = models.ForeignKey(PoliceDepartment, models.PROTECT, related_name="agreements")
    district = models.ForeignKey(SchoolDistrict, models.PROTECT, related_name="agreements")
    schools = models.ManyToManyField(School, related_name="agreements")
    signed_on = models.DateField()
    effective_date = models.DateField()
    version = models.PositiveIntegerField(default=1)

    # Parameters that other towns' agreements vary.
    report_deadline_school_days = models.PositiveSmallIntegerField(
        default=5,
        validators=[MinValueValidator(1)],
        help_text="Form A is due this many school days after the incident.",
    )
    compilation_cadence = models.CharField(max_length=10, choices=Cadence.choices, default=Cadence.MONTHLY)
    chief_post_certified = models.BooleanField(
        default=True, help_text="When false, Form A goes directly to the Superintendent (§ 10-233p)."
    )
    termination_notice_month_day = models.CharField(
        max_length=5, default="01-01", help_text="Written notice of termination is due by this MM-DD."
    )
    termination_effective_month_day = models.CharField(
        max_length=5, default="07-01", help_text="A termination takes effect on the following MM-DD."
    )
    # Set when a termination is recorded (XI.1); from this day on the agreement's records are read-only.
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def has_ended(self, today: date | None = None) -> bool:
        return self.ends_on is not None and (today or timezone.localdate()) >= self.ends_on

    @property
    def report_route(self) -> str:
        return self.Route.CHIEF if self.chief_post_certified else self.Route.SUPERINTENDENT


class Signatory(models.Model):
    agreement = models.ForeignKey(Agreement, models.CASCADE, related_name="signatories")
    name = models.CharField(max_length=200)
    title = models.CharField(max_length=200)
    organization = models.CharField(max_length=200)
    signed_on = models.DateField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name}, {self.title}"
