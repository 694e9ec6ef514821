"""II. Assignment and supervision: who the SROs are, where they are assigned and when they are there.

II.1 The Chief nominates a sworn officer as SRO with the schools proposed; the Superintendent
approves or declines with a written reason. II.2 An approved nomination starts an assignment
(one primary school, any number of assist schools); a reassignment ends the old one and
starts the new one on the same day. II.3 The SRO's schedule (per school, weekday and time
range, from a date) is proposed by one party and confirmed by the other.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from accounts.models import Membership
from agreements.models import Agreement, School

REASON_MAX = 2000
NOTE_MAX = 200


class Party(models.TextChoices):
    """The two parties to the agreement, as they act on the schedule (II.3)."""

    POLICE = "police", "Police Department"
    DISTRICT = "district", "School district"


class Nomination(models.Model):
    """The Chief's nomination of a sworn officer as SRO, with the schools proposed (II.1)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for the Superintendent"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"

    agreement = models.ForeignKey(Agreement, models.CASCADE, related_name="nominations")
    # The officer's role when nominated (a police role); approval makes them an SRO.
    officer = models.ForeignKey(Membership, models.PROTECT, related_name="nominations")
    primary_school = models.ForeignKey(School, models.PROTECT, related_name="+")
    assist_schools = models.ManyToManyField(School, blank=True, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    nominated_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(max_length=REASON_MAX, blank=True)

    class Meta:
        ordering = ["-nominated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["officer"], condition=models.Q(status="pending"), name="one_pending_nomination_per_officer"
            ),
            # "Approval shall not unreasonably be withheld": a decline always says why.
            models.CheckConstraint(
                condition=~models.Q(status="declined") | ~models.Q(decline_reason=""), name="decline_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"Nomination of {self.officer.display_name} as SRO"

    def schools(self) -> list[School]:
        """The schools proposed, primary first."""
        return [self.primary_school, *sorted(self.assist_schools.all(), key=lambda s: s.name)]


class AssignmentQuerySet(models.QuerySet["Assignment"]):
    def of(self, membership: Membership) -> AssignmentQuerySet:
        """The person's assignments in the membership's agreement, whatever role they held then."""
        return self.filter(agreement_id=membership.agreement_id, sro__user_id=membership.user_id)

    def on(self, day) -> AssignmentQuerySet:
        return self.filter(models.Q(ends_on__isnull=True) | models.Q(ends_on__gt=day), starts_on__lte=day)


class Assignment(models.Model):
    """Where an SRO is assigned (II.2): held from STARTS_ON up to, not including, ENDS_ON.

    A reassignment ends the old assignment and starts the new one on the same day, so on any
    date at most one assignment holds.
    """

    agreement = models.ForeignKey(Agreement, models.CASCADE, related_name="assignments")
    sro = models.ForeignKey(Membership, models.PROTECT, related_name="assignments")
    nomination = models.OneToOneField(Nomination, models.PROTECT, related_name="assignment")
    primary_school = models.ForeignKey(School, models.PROTECT, related_name="+")
    assist_schools = models.ManyToManyField(School, blank=True, related_name="+")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sro"], condition=models.Q(ends_on__isnull=True), name="one_open_assignment_per_sro"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="assignment_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sro.display_name} at {self.primary_school}"

    def schools(self) -> list[School]:
        """The assigned schools, primary first."""
        return [self.primary_school, *sorted(self.assist_schools.all(), key=lambda s: s.name)]


class Schedule(models.Model):
    """The SRO's days and hours per school from EFFECTIVE_FROM (II.3), as data: VIII.2's
    video-access window reads it. One party proposes; the other confirms."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed, waiting for confirmation"
        CONFIRMED = "confirmed", "Confirmed"
        SET_ASIDE = "set_aside", "Set aside"

    agreement = models.ForeignKey(Agreement, models.CASCADE, related_name="sro_schedules")
    sro = models.ForeignKey(Membership, models.PROTECT, related_name="schedules")
    effective_from = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    proposed_by_party = models.CharField(max_length=10, choices=Party.choices)
    proposed_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-effective_from", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sro"], condition=models.Q(status="proposed"), name="one_proposed_schedule_per_sro"
            ),
        ]

    def __str__(self) -> str:
        return f"Schedule of {self.sro.display_name} from {self.effective_from:%Y-%m-%d}"


class ScheduleEntry(models.Model):
    """One school, one weekday, one time range of a schedule."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"
        SATURDAY = 5, "Saturday"
        SUNDAY = 6, "Sunday"

    schedule = models.ForeignKey(Schedule, models.CASCADE, related_name="entries")
    school = models.ForeignKey(School, models.PROTECT, related_name="+")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    starts_at = models.TimeField()
    ends_at = models.TimeField()
    # Scheduled hours fall on days with students only, unless the entry says otherwise (summer
    # school, a professional day the SRO attends).
    on_days_without_students = models.BooleanField(default=False)

    class Meta:
        ordering = ["weekday", "starts_at", "school__name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="entry_ends_after_start"
            ),
            models.CheckConstraint(condition=models.Q(weekday__lte=6), name="entry_weekday_in_week"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts_at:%H:%M}–{self.ends_at:%H:%M} at {self.school}"


class Absence(models.Model):
    """A day the SRO is away from the assigned schools: training or another absence (II.3)."""

    class Kind(models.TextChoices):
        TRAINING = "training", "Training"
        OTHER = "other", "Other absence"

    agreement = models.ForeignKey(Agreement, models.CASCADE, related_name="sro_absences")
    sro = models.ForeignKey(Membership, models.PROTECT, related_name="absences")
    on = models.DateField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    note = models.CharField(max_length=NOTE_MAX, blank=True)
    # Whether students were in school that day when it was entered: the MOU asks for training
    # when school is not in session, so this is shown as a warning, not refused.
    on_school_day = models.BooleanField(default=False)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-on", "-id"]
        constraints = [models.UniqueConstraint(fields=["sro", "on"], name="one_absence_per_sro_per_day")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.sro.display_name} on {self.on:%Y-%m-%d}"
