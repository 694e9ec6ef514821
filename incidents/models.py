"""Section IV's duties to tell the principal: notice of any juvenile delinquency, incident,
charge or arrest at a school (IV.1), and the record of a physical restraint or seclusion by
the SRO, an emergency intervention (IV.4).

No student is named here: the texts pass the no-names guard (VII.4's `students.guard`), and a
record that escalated to violence or constitutes a crime starts a Form A that carries none of
its text across.
"""

from __future__ import annotations

from datetime import time, timedelta

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from accounts.models import Membership
from agreements.models import Agreement, School

DESCRIPTION_LENGTH = 1000
JUSTIFICATION_LENGTH = 1000
INJURY_LENGTH = 300
MAX_NOTICE_HOURS = 72
# A restraint or seclusion is an emergency intervention, not a detention: longer than this is a typing error.
MAX_INTERVENTION = timedelta(hours=4)

# Conn. Gen. Stat. § 10-236b(a), the definitions the MOU points to (section IV).
RESTRAINT_DEFINITION = (
    "“Physical restraint” means any mechanical or personal restriction that immobilizes or reduces the free "
    "movement of a person's arms, legs or head, including, but not limited to, (A) holding, (B) any device used "
    "to restrict the movement of the person's arms, legs or head, or (C) any device used to prevent a person from "
    "leaving a particular area. It does not include briefly holding a person in order to calm or comfort the "
    "person, restraint involving the minimum contact necessary to safely escort a person from one area to another, "
    "medical devices, helmets or other protective gear used to protect a person from injuries due to a fall, or "
    "helmets, mitts and similar devices used to prevent self-injury when the device is part of a documented "
    "treatment plan and is the least restrictive means available to prevent such self-injury."
)
SECLUSION_DEFINITION = (
    "“Seclusion” means the involuntary confinement of a student in a room, from which the student is physically "
    "prevented from leaving, or any other form of confinement from which the student is not permitted to leave. "
    "It does not include any confinement of a student in which the student is physically able to leave the area "
    "of confinement, including, but not limited to, in-school suspension and time-out."
)
# The MOU's own sentence (section IV).
MOU_RESTRAINT_RULE = (
    "No SRO shall use physical restraint or seclusion, as defined in Conn. Gen. Stat. § 10-236b, on a student "
    "except as an emergency intervention to prevent immediate or imminent injury to the student or to others. "
    "Any use of force by an SRO to restrain any student must be the least amount necessary to detain the student, "
    "reasonable in light of the totality of the circumstances, and in compliance with Board policy and applicable "
    "laws."
)

# What the SRO reads when a record does not affirm the MOU's two conditions.
NOT_TO_PREVENT_INJURY = (
    "Restraint or seclusion is allowed only to prevent immediate or imminent injury to the student or to "
    "others: affirm that it was, or do not record it here."
)
NOT_LEAST_FORCE = "The force used must be the least amount necessary to detain the student: affirm that it was."


class NoticeSettings(models.Model):
    """The agreement's parameter for IV.1's "timely manner": when the SRO's notice is due.

    An agreement without a row uses the defaults (the same school day, school ending at 3:30 p.m.);
    `settings_for` returns them unsaved.
    """

    class Rule(models.TextChoices):
        SAME_SCHOOL_DAY = "same_school_day", "The same school day"
        NEXT_SCHOOL_DAY = "next_school_day", "By the end of the next school day"
        HOURS = "hours", "Within a number of hours"

    agreement = models.OneToOneField(Agreement, models.CASCADE, related_name="incident_notice_settings")
    rule = models.CharField(max_length=20, choices=Rule.choices, default=Rule.SAME_SCHOOL_DAY)
    hours = models.PositiveSmallIntegerField(
        default=24,
        validators=[
            MinValueValidator(1, f"Enter from 1 to {MAX_NOTICE_HOURS} hours."),
            MaxValueValidator(MAX_NOTICE_HOURS, f"Enter from 1 to {MAX_NOTICE_HOURS} hours."),
        ],
        help_text="Used only with “Within a number of hours”.",
    )
    school_day_ends_at = models.TimeField(
        default=time(15, 30),
        help_text="When the school day ends: a notice due on a school day is due by this time.",
    )
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Incident notice deadline for {self.agreement}"

    def describe(self) -> str:
        """The rule in words, as the SRO and the principal read it."""
        ends = f"{self.school_day_ends_at:%-I:%M %p}".replace("AM", "a.m.").replace("PM", "p.m.")
        if self.rule == self.Rule.HOURS:
            return f"within {self.hours} hour{'s' if self.hours != 1 else ''} of the event"
        if self.rule == self.Rule.NEXT_SCHOOL_DAY:
            return f"by {ends} on the next school day after the event"
        return (
            f"the same school day, by {ends} (an event after {ends} or on a day without school: "
            f"by {ends} on the next school day)"
        )


def settings_for(agreement: Agreement) -> NoticeSettings:
    """The agreement's notice settings, or the defaults (unsaved) when it has none."""
    found = NoticeSettings.objects.filter(agreement=agreement).first()
    return found or NoticeSettings(agreement=agreement)


class PrincipalAlert(models.Model):
    """What IV.1's notices and IV.4's records share: the SRO tells a school's principal, who
    acknowledges; one that escalated to violence or constitutes a crime may start a Form A."""

    agreement = models.ForeignKey(Agreement, models.PROTECT, related_name="+")
    sro = models.ForeignKey(Membership, models.PROTECT, related_name="+")
    school = models.ForeignKey(School, models.PROTECT, related_name="+")
    escalated_to_violence = models.BooleanField("The conduct escalated to violence", default=False)
    constitutes_crime = models.BooleanField("The conduct constitutes a crime", default=False)
    recorded_at = models.DateTimeField(default=timezone.now, db_index=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledged_by_name = models.CharField(max_length=200, blank=True)
    # The Form A started from this record (VII.1's gate answered here); it carries no text across.
    # A draft the SRO discards frees the record to offer a Form A again.
    form_a = models.OneToOneField("reporting.FormA", models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        abstract = True

    @property
    def offers_form_a(self) -> bool:
        return (self.escalated_to_violence or self.constitutes_crime) and self.form_a_id is None

    @property
    def is_acknowledged(self) -> bool:
        return self.acknowledged_at is not None


class IncidentNoticeQuerySet(models.QuerySet["IncidentNotice"]):
    def waiting(self) -> IncidentNoticeQuerySet:
        return self.filter(acknowledged_at__isnull=True)

    def late(self) -> IncidentNoticeQuerySet:
        return self.filter(late=True)


class IncidentNotice(PrincipalAlert):
    """IV.1: the SRO tells the principal of a juvenile delinquency, incident, charge or arrest."""

    class Kind(models.TextChoices):
        JUVENILE_DELINQUENCY = "delinquency", "Juvenile delinquency"
        INCIDENT = "incident", "Incident"
        CHARGE = "charge", "Charge"
        ARREST = "arrest", "Arrest"

    kind = models.CharField("What happened", max_length=12, choices=Kind.choices)
    occurred_at = models.DateTimeField("When it happened")
    description = models.TextField(
        "Short description",
        max_length=DESCRIPTION_LENGTH,
        validators=[MaxLengthValidator(DESCRIPTION_LENGTH)],
    )
    # Fixed when the notice is recorded, from the agreement's rule then in force; never moves.
    deadline = models.DateTimeField(null=True, blank=True)
    deadline_rule = models.CharField(max_length=300, blank=True)
    # None when the school calendar could not say when the notice was due.
    late = models.BooleanField(null=True)

    objects = IncidentNoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["agreement", "school", "acknowledged_at"])]

    def __str__(self) -> str:
        return f"Incident notice #{self.pk}"

    @property
    def lateness_unknown(self) -> bool:
        return self.late is None


class EmergencyIntervention(PrincipalAlert):
    """IV.4: a physical restraint or seclusion by the SRO, with its justification and duration."""

    class Which(models.TextChoices):
        RESTRAINT = "restraint", "Physical restraint"
        SECLUSION = "seclusion", "Seclusion"

    class Injured(models.TextChoices):
        STUDENT = "student", "The student"
        OTHERS = "others", "Others (staff, other students, the SRO)"
        BOTH = "both", "The student and others"

    which = models.CharField("Physical restraint or seclusion", max_length=10, choices=Which.choices)
    started_at = models.DateTimeField("Started")
    ended_at = models.DateTimeField("Ended")
    imminent_injury = models.TextField(
        "The immediate or imminent injury to the student or others it prevented",
        max_length=JUSTIFICATION_LENGTH,
        validators=[MaxLengthValidator(JUSTIFICATION_LENGTH)],
    )
    least_force = models.TextField(
        "Why the force used was the least amount necessary",
        max_length=JUSTIFICATION_LENGTH,
        validators=[MaxLengthValidator(JUSTIFICATION_LENGTH)],
    )
    injury_occurred = models.BooleanField("Did an injury occur?")
    injured = models.CharField("Who was injured", max_length=8, choices=Injured.choices, blank=True)
    injury_description = models.CharField("The injury", max_length=INJURY_LENGTH, blank=True)
    # The district's own restraint report is due the next school day (§ 10-236b); None when
    # the school calendar does not cover the date.
    district_report_due = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["agreement", "school", "acknowledged_at"])]

    def __str__(self) -> str:
        return f"Emergency intervention #{self.pk}"

    @property
    def duration(self) -> timedelta:
        return self.ended_at - self.started_at

    @property
    def duration_minutes(self) -> int:
        return max(1, round(self.duration.total_seconds() / 60))

    @property
    def recorded_same_day(self) -> bool:
        return timezone.localdate(self.recorded_at) == timezone.localdate(self.started_at)
