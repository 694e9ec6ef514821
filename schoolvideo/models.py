"""VIII. Law enforcement access to images from school cameras.

The system never stores video: it keeps the records the agreement asks for around it.

VIII.1 A police (or other law-enforcement) request for district video in a criminal
investigation, decided by the Superintendent or a certified administrator the Superintendent
designated (`Designation`), with the legal basis; on a grant the Police Department acknowledges
its duties for evidence, juvenile records and personally identifiable information.
VIII.2 The SRO and SSU officers view district video only during the days and hours of their
assignment: the SRO's window is the assignment schedule (assignments), the SSU officers' is
`SSUSchedule` here; every access, allowed or refused, is a `VideoAccess`. A district's video
management system asks through an `ApiToken`.
VIII.3 A disclosure of video with student information by the Superintendent or designee
(`VideoDisclosure`), also written into the FERPA disclosure log (students.Disclosure).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from accounts.models import Membership
from agreements.models import Agreement, School
from students.models import Student

TEXT_MAX = 2000
SHORT_MAX = 200
REASON_MAX = 500
CASE_MAX = 60

# The agreement's own words (VIII, first paragraph), acknowledged by the Police Department on a grant.
DUTIES = (
    "If access is granted, the Department shall abide by its policies and procedures with respect to "
    "evidence, juvenile records, and personally identifiable information."
)


class Kind(models.TextChoices):
    LIVE = "live", "Live"
    RECORDED = "recorded", "Recorded"


class Designation(models.Model):
    """The Superintendent's designation of a certified administrator who may decide VIII.1 requests."""

    agreement = models.ForeignKey(Agreement, models.CASCADE, related_name="video_designations")
    designee = models.ForeignKey(Membership, models.PROTECT, related_name="video_designations")
    certification = models.CharField(max_length=SHORT_MAX)
    designated_by = models.ForeignKey(Membership, models.PROTECT, related_name="+")
    designated_at = models.DateTimeField(default=timezone.now)
    revoked_by = models.ForeignKey(Membership, models.PROTECT, null=True, blank=True, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-designated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["designee"], condition=models.Q(revoked_at__isnull=True), name="one_open_video_designation"
            )
        ]

    def __str__(self) -> str:
        return f"Designation of {self.designee.display_name} for video requests"


class AccessRequest(models.Model):
    """A law-enforcement request for district video in a criminal investigation (VIII.1)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for the Superintendent"
        GRANTED = "granted", "Granted"
        DECLINED = "declined", "Declined"

    class Footage(models.TextChoices):
        LIVE = "live", "Live"
        RECORDED = "recorded", "Recorded"
        BOTH = "both", "Live and recorded"

    agreement = models.ForeignKey(Agreement, models.CASCADE, related_name="video_requests")
    agency = models.CharField("Requesting agency", max_length=SHORT_MAX)
    case_number = models.CharField("Case or incident number", max_length=CASE_MAX, blank=True)
    footage = models.CharField(max_length=10, choices=Footage.choices)
    sought = models.TextField("Video sought", max_length=TEXT_MAX)
    places = models.TextField("Cameras or places", max_length=TEXT_MAX)
    period_start = models.DateTimeField()
    period_end = models.DateTimeField()
    reason = models.TextField("Why (the criminal investigation)", max_length=TEXT_MAX)
    requested_by = models.ForeignKey(Membership, models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(Membership, models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    legal_basis = models.TextField(max_length=TEXT_MAX, blank=True)
    decision_note = models.TextField(max_length=TEXT_MAX, blank=True)
    duties_acknowledged_by = models.ForeignKey(Membership, models.PROTECT, null=True, blank=True, related_name="+")
    duties_acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gt=models.F("period_start")), name="video_request_period_forward"
            ),
            models.CheckConstraint(
                condition=models.Q(status="pending") | ~models.Q(legal_basis=""), name="video_decision_has_basis"
            ),
        ]

    def __str__(self) -> str:
        return f"Video request #{self.pk} from {self.agency}"

    @property
    def awaits_acknowledgment(self) -> bool:
        return self.status == self.Status.GRANTED and self.duties_acknowledged_at is None


class SSUSchedule(models.Model):
    """The days and hours an SSU officer is assigned to schools, from EFFECTIVE_FROM until the next
    schedule of the same officer takes effect (VIII.2). An empty schedule ends the officer's window."""

    agreement = models.ForeignKey(Agreement, models.CASCADE, related_name="ssu_schedules")
    officer = models.ForeignKey(Membership, models.PROTECT, related_name="ssu_schedules")
    effective_from = models.DateField()
    entered_by = models.ForeignKey(Membership, models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-effective_from", "-id"]

    def __str__(self) -> str:
        return f"SSU schedule of {self.officer.display_name} from {self.effective_from:%Y-%m-%d}"


class SSUShift(models.Model):
    """One school, one weekday, one time range (start included, end excluded) of an SSU schedule."""

    schedule = models.ForeignKey(SSUSchedule, models.CASCADE, related_name="shifts")
    school = models.ForeignKey(School, models.PROTECT, related_name="+")
    weekday = models.PositiveSmallIntegerField()  # Monday 0 ... Sunday 6
    starts_at = models.TimeField()
    ends_at = models.TimeField()
    # The School Security Unit also covers buildings without students (evenings, weekends).
    on_days_without_students = models.BooleanField(default=True)

    class Meta:
        ordering = ["weekday", "starts_at", "school__name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="ssu_shift_forward"),
            models.CheckConstraint(condition=models.Q(weekday__lte=6), name="ssu_shift_weekday_in_week"),
        ]

    def __str__(self) -> str:
        return f"{self.weekday} {self.starts_at:%H:%M}–{self.ends_at:%H:%M} at {self.school}"


class ApiToken(models.Model):
    """A district video management system's key to ask the VIII.2 question. Only its SHA-256 is kept."""

    agreement = models.ForeignKey(Agreement, models.CASCADE, related_name="video_tokens")
    label = models.CharField(max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12)
    created_by = models.ForeignKey(Membership, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    revoked_by = models.ForeignKey(Membership, models.PROTECT, null=True, blank=True, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.label} ({self.prefix}…)"


class VideoAccess(models.Model):
    """One attempt by an SRO or SSU officer to view district video, allowed or refused (VIII.2)."""

    class Channel(models.TextChoices):
        APP = "app", "Recorded in this app"
        API = "api", "Video management system"

    agreement = models.ForeignKey(Agreement, models.CASCADE, related_name="video_accesses")
    person = models.ForeignKey(Membership, models.PROTECT, null=True, blank=True, related_name="+")
    username = models.CharField(max_length=150)
    school = models.ForeignKey(School, models.PROTECT, null=True, blank=True, related_name="+")
    school_label = models.CharField(max_length=SHORT_MAX)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    reason = models.CharField(max_length=REASON_MAX)
    allowed = models.BooleanField()
    explanation = models.CharField(max_length=400)
    channel = models.CharField(max_length=5, choices=Channel.choices)
    token = models.ForeignKey(ApiToken, models.PROTECT, null=True, blank=True, related_name="+")
    source = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "video accesses"

    def __str__(self) -> str:
        return f"{'Allowed' if self.allowed else 'Refused'}: {self.username} at {self.school_label}"


class VideoDisclosure(models.Model):
    """A disclosure of video with personally identifiable student information to the Police
    Department (VIII.3; FERPA 34 CFR 99.31(a)(10), 99.36), logged under 99.32(a)(5)."""

    class Basis(models.TextChoices):
        THREAT = "threat", "An articulable and significant threat to the health or safety of a student or others"
        LAW = "law", "Otherwise appropriate under state and federal law"

    agreement = models.ForeignKey(Agreement, models.CASCADE, related_name="video_disclosures")
    disclosed_on = models.DateField()
    basis = models.CharField(max_length=10, choices=Basis.choices)
    threat = models.TextField("The threat, or the law that allows it", max_length=TEXT_MAX)
    footage = models.TextField("Video disclosed", max_length=TEXT_MAX)
    recipient = models.ForeignKey(Membership, models.PROTECT, related_name="+")
    other_recipients = models.CharField(max_length=SHORT_MAX, blank=True)
    students = models.ManyToManyField(Student, related_name="+")
    disclosed_by = models.ForeignKey(Membership, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-disclosed_on", "-id"]

    def __str__(self) -> str:
        return f"Video disclosure #{self.pk}"

    @property
    def recipients(self) -> str:
        person = f"{self.recipient.display_name} ({self.recipient.get_role_display()})"
        return f"{person}; {self.other_recipients}" if self.other_recipients else person
