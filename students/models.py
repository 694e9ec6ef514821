"""Student information from the district's student information system (VII.6, VII.4, L.2).

The roster is kept for two jobs only: to fill a Form A student block with Form A's fields, and
to keep student names off the report. It holds what those jobs need and nothing more: names,
identifiers and email (for the guard), school and grade (to find the student), birth date, sex,
race/ethnicity flags and disability status (for Form A's fields).
"""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone

from accounts.models import Membership
from agreements.models import Agreement, School
from reporting.models import RACE_ETHNICITY, Gender


class Roster(models.Model):
    """An agreement's roster: its settings and a version that changes with every import."""

    class OtherGender(models.TextChoices):
        NON_BINARY = "non_binary", "Report as Non-binary"
        ASK = "ask", "Ask the SRO"

    agreement = models.OneToOneField(Agreement, models.CASCADE, related_name="roster")
    # OneRoster 1.2's sex values "other" and "unspecified" have no Form A box of their own.
    other_gender = models.CharField(
        "OneRoster sex 'other' or 'unspecified' on Form A",
        max_length=12,
        choices=OtherGender.choices,
        default=OtherGender.ASK,
    )
    # Renewed by each import and mapping change; the guard rebuilds its index when it changes.
    generation = models.UUIDField(default=uuid.uuid4)
    imported_at = models.DateTimeField(null=True, blank=True)
    # Whether the last import's export carried demographics (birth date, sex, race/ethnicity).
    # Without them the SRO enters Form A's age, gender and race/ethnicity by hand.
    has_demographics = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"Roster of {self.agreement.slug}"


class Sex(models.TextChoices):
    MALE = "male", "Male"
    FEMALE = "female", "Female"
    OTHER = "other", "Other"
    UNSPECIFIED = "unspecified", "Unspecified"


RACE_FLAGS = ["hispanic_latino", "white", "black", "pacific_islander", "asian", "american_indian"]


class StudentQuerySet(models.QuerySet["Student"]):
    def active(self) -> StudentQuerySet:
        return self.filter(active=True)

    def in_schools(self, schools) -> StudentQuerySet:
        return self.filter(school__in=schools)


class Student(models.Model):
    """One student as the district's OneRoster export describes them."""

    agreement = models.ForeignKey(Agreement, models.CASCADE, related_name="students")
    sourced_id = models.CharField(max_length=255)
    identifier = models.CharField("Student ID", max_length=255, blank=True)
    username = models.CharField(max_length=255, blank=True)
    email = models.CharField(max_length=255, blank=True)
    given_name = models.CharField(max_length=255)
    family_name = models.CharField(max_length=255)
    middle_name = models.CharField(max_length=255, blank=True)
    preferred_given_name = models.CharField(max_length=255, blank=True)
    preferred_family_name = models.CharField(max_length=255, blank=True)
    # The student's school as an org sourcedId, and the agreement's school it maps to.
    org_sourced_id = models.CharField(max_length=255, blank=True)
    school = models.ForeignKey(School, models.SET_NULL, null=True, blank=True, related_name="+")
    grade = models.CharField(max_length=20, blank=True)
    birth_date = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=12, choices=Sex.choices, blank=True)
    hispanic_latino = models.BooleanField(default=False)
    white = models.BooleanField(default=False)
    black = models.BooleanField(default=False)
    pacific_islander = models.BooleanField(default=False)
    asian = models.BooleanField(default=False)
    american_indian = models.BooleanField(default=False)
    # False when the district said nothing about race/ethnicity (every column blank, or no
    # demographics at all): the six flags above then mean "unknown", not "no" (VII.6).
    race_known = models.BooleanField(default=False)
    # Form A's question, and all the roster keeps of the district's disability extract: IDEA or
    # Section 504 (which of the two is not kept). None when the district has not said.
    known_disability = models.BooleanField("Known disability (IDEA or Section 504)", null=True)
    # Never deleted: a student who leaves becomes inactive, so disclosures keep their subject.
    active = models.BooleanField(default=True)
    # Lower-case, accent-free names and ID for the SRO's search.
    search_text = models.CharField(max_length=1000, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = StudentQuerySet.as_manager()

    class Meta:
        ordering = ["family_name", "given_name"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "sourced_id"], name="student_sourced_id_unique"),
        ]
        indexes = [models.Index(fields=["agreement", "active", "school"])]

    def __str__(self) -> str:
        # Deliberately not the name: this string reaches logs and audit entries.
        return f"Student {self.sourced_id}"

    @property
    def display_name(self) -> str:
        given = self.preferred_given_name or self.given_name
        return f"{given} {self.family_name}"

    def age_on(self, day: date) -> int | None:
        if self.birth_date is None:
            return None
        b = self.birth_date
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))


class OrgMapping(models.Model):
    """A OneRoster org (school) seen in an import, and the agreement's school it is."""

    agreement = models.ForeignKey(Agreement, models.CASCADE, related_name="org_mappings")
    org_sourced_id = models.CharField(max_length=255)
    name = models.CharField(max_length=255, blank=True)
    identifier = models.CharField(max_length=255, blank=True)
    org_type = models.CharField(max_length=40, blank=True)
    school = models.ForeignKey(School, models.SET_NULL, null=True, blank=True, related_name="+")
    matched_by = models.CharField(max_length=20, blank=True)  # sourcedId, identifier, name, steward

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "org_sourced_id"], name="org_mapping_unique"),
        ]

    def __str__(self) -> str:
        return self.name or self.org_sourced_id


class RosterImport(models.Model):
    """One upload or command run: its progress, its outcome, and every problem found."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Refused"
        # Would make more than a tenth of the active students inactive: the steward confirms
        # by uploading the file again with the count (the upload itself is not kept).
        CONFIRM = "confirm", "Waiting for confirmation"

    agreement = models.ForeignKey(Agreement, models.CASCADE, related_name="roster_imports")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    by_label = models.CharField(max_length=200, blank=True)
    filename = models.CharField(max_length=255)
    # The uploaded bundle, kept only until the import has run.
    upload = models.FileField(upload_to="roster_imports/", blank=True)
    kind = models.CharField(max_length=20, default="oneroster")  # oneroster or disability
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    deactivated = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    # What the steward should know about an import that went ahead (unmatched schools, rows
    # skipped, no demographics), the same lines the command prints.
    warnings = models.JSONField(default=list, blank=True)
    # How many students the import would make inactive, when it waits for confirmation.
    to_deactivate = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    # Renewed while the import reads; an import whose heartbeat stops has died with its worker.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # The background task that runs it (django.tasks result id), when it runs in the worker.
    task_id = models.CharField(max_length=64, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Import of {self.filename} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        return int(100 * self.processed / self.total) if self.total else 0

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED, self.Status.CONFIRM)


class Disclosure(models.Model):
    """FERPA 34 CFR 99.32: a record of each disclosure of a student's information.

    Which student, to whom, when, for what purpose, and on which report. Kept as long as the
    student's record (students are never deleted).
    """

    agreement = models.ForeignKey(Agreement, models.PROTECT, related_name="disclosures")
    student = models.ForeignKey(Student, models.PROTECT, related_name="disclosures")
    to = models.ForeignKey(Membership, models.PROTECT, related_name="+")
    to_label = models.CharField(max_length=300)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    purpose = models.CharField(max_length=200, default="Form A")
    # The report, by id and label: the log outlives any draft that is discarded.
    report_id = models.PositiveBigIntegerField(null=True, blank=True)
    report_label = models.CharField(max_length=100, blank=True)
    student_label = models.CharField(max_length=20, blank=True)  # "Student A" on that report
    fields = models.JSONField(default=list)
    # What was disclosed: the age is taken on the report's stored incident date (AS_OF), never on
    # a date from the request, and both are logged, so fills at chosen dates cannot quietly
    # reveal a birth date (VII.6).
    as_of = models.DateField("Age taken on", null=True, blank=True)
    values = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"Disclosure of {self.student} to {self.to_label} at {self.at:%Y-%m-%d %H:%M}"

    def described(self) -> str:
        """The values disclosed, as the log shows them: "age 15 on 2026-03-14; female; White; ..."."""
        if not self.values:
            return ""
        v = self.values
        age = "age unknown" if v.get("age") is None else f"age {v['age']}"
        if self.as_of:
            age += f" on {self.as_of:%Y-%m-%d}"
        gender = dict(Gender.choices).get(v.get("gender") or "", "gender not given").lower()
        races = ", ".join(label for field, label in RACE_ETHNICITY if v.get(field)) or "no race/ethnicity given"
        disability = {True: "yes", False: "no"}.get(v.get("known_disability"), "unknown")
        return f"{age}; {gender}; {races}; known disability: {disability}"


class LookupCount(models.Model):
    """How many roster searches and fills an SRO made in one minute: the rate limit's counter.

    Claimed with one conditional UPDATE (count below the limit), so parallel requests cannot
    exceed the limit, on SQLite or PostgreSQL, in one server process or many (VII.6).
    """

    membership = models.ForeignKey(Membership, models.CASCADE, related_name="+")
    minute = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["membership", "minute"], name="one_lookup_count_per_minute")]
