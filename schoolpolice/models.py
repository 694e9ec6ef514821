"""Section VI: police activity at school, and the § 10-233h arrest notice (L.1).

- `Request`: outside an emergency, a formal interview, interrogation, citation or arrest of a
  student at school is first referred to the building principal, with the three considerations
  of VI (VI.1), who acts (VI.2) and where custody happens (VI.3).
- `EmergencyAction`: what was done without a request, recorded after the fact (VI.4).
- `ArrestNotice`: the arrest of an enrolled student for a felony or class A misdemeanor, with
  its oral (end of the next weekday) and written (72 hours) notice to the Superintendent (L.1).

The student is named here (the principal must know whom the police want to see); every time
the police side is shown a roster student, the disclosure is logged (L.2, students.Disclosure).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone

from accounts.models import Membership
from agreements.models import Agreement, School
from students.models import Student

TEXT_LENGTH = 1000
SHORT_LENGTH = 200
DESCRIPTION_LENGTH = 2000


def made_by(record: Any, membership: Membership) -> bool:
    """Whether MEMBERSHIP is the officer RECORD names or whoever entered it (a request, an
    emergency action or an arrest notice)."""
    return membership.pk in (record.officer_id, record.entered_by_id)


class Kind(models.TextChoices):
    """What the police mean to do with the student (VI, first paragraph; VI.2 adds the citation)."""

    INTERVIEW = "interview", "Formal police interview"
    INTERROGATION = "interrogation", "Interrogation"
    CITATION = "citation", "Citation or summons"
    ARREST = "arrest", "Arrest"


ENFORCEMENT = frozenset({Kind.CITATION, Kind.ARREST})


class Acting(models.TextChoices):
    """VI.2: every reasonable effort is made to have another officer on duty act, not the SRO."""

    OTHER_OFFICER = "other_officer", "Another officer on duty, not the SRO"
    SRO = "sro", "The SRO"


class CustodyPlace(models.TextChoices):
    """VI.3: custody away from school premises, or out of sight and sound of other students."""

    OFF_PREMISES = "off_premises", "Off school premises and away from school-sponsored activities"
    OUT_OF_SIGHT = "out_of_sight", "On school premises, out of sight and sound of other students"
    NEITHER = "neither", "Neither is possible"


class PoliceActivity(models.Model):
    """What a request and an emergency record share: where, whom, what, and VI.2/VI.3."""

    agreement = models.ForeignKey(Agreement, models.CASCADE, related_name="+")
    school = models.ForeignKey(School, models.PROTECT, related_name="+")
    student = models.ForeignKey(Student, models.PROTECT, null=True, blank=True, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # The law-enforcement professional who acts or asks, and who entered the record (the SRO or
    # the Chief may enter it on another officer's behalf).
    officer = models.ForeignKey(Membership, models.PROTECT, related_name="+")
    entered_by = models.ForeignKey(Membership, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # VI.2, for a citation or an arrest.
    acting = models.CharField("Who will act", max_length=20, choices=Acting.choices, blank=True)
    sro_reason = models.CharField("Why the SRO acts", max_length=TEXT_LENGTH, blank=True)
    # VI.3, for an arrest.
    custody_place = models.CharField("Where custody happens", max_length=20, choices=CustodyPlace.choices, blank=True)
    custody_reason = models.CharField("Why neither is possible", max_length=TEXT_LENGTH, blank=True)
    # Whether the conduct escalated to violence or constitutes a crime: Form A may then be owed (VII).
    escalated = models.BooleanField("Escalated to violence or constitutes a crime", default=False)

    class Meta:
        abstract = True

    @property
    def is_enforcement(self) -> bool:
        return self.kind in ENFORCEMENT


class Request(PoliceActivity):
    """VI.1: a request to the building principal for a formal interview, interrogation or arrest."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for the principal"
        AGREED = "agreed", "Agreed"
        OTHER_TIME = "other_time", "Another time or place proposed"
        DECLINED = "declined", "Declined"

    proposed_at = models.DateTimeField("Proposed date and time")
    place = models.CharField("Proposed place", max_length=SHORT_LENGTH)
    # The three considerations of VI.
    danger = models.CharField("Potential danger to persons", max_length=TEXT_LENGTH)
    evidence = models.CharField("Likelihood of destruction of evidence or other property", max_length=TEXT_LENGTH)
    elsewhere = models.CharField("Ability to conduct it elsewhere", max_length=TEXT_LENGTH)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.WAITING)
    decided_by = models.ForeignKey(Membership, models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField("Note", max_length=TEXT_LENGTH, blank=True)
    other_at = models.DateTimeField("Other date and time", null=True, blank=True)
    other_place = models.CharField("Other place", max_length=SHORT_LENGTH, blank=True)
    # The requester took the principal's other time or place: the request is then agreed at it.
    accepted_by = models.ForeignKey(Membership, models.PROTECT, null=True, blank=True, related_name="+")
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Police request #{self.pk} ({self.get_kind_display()}, {self.school})"


class EmergencyAction(PoliceActivity):
    """VI.4: an action taken in an emergency without a request, recorded after the fact."""

    occurred_at = models.DateTimeField("When it happened")
    emergency = models.CharField("The emergency", max_length=TEXT_LENGTH)
    description = models.CharField("What was done", max_length=TEXT_LENGTH)

    class Meta:
        ordering = ["-occurred_at"]

    def __str__(self) -> str:
        return f"Emergency action #{self.pk} ({self.get_kind_display()}, {self.school})"


class OffenseClass(models.TextChoices):
    FELONY = "felony", "Felony"
    CLASS_A_MISDEMEANOR = "class_a", "Class A misdemeanor"


def late_condition() -> models.Q:
    """Notices flagged late, or whose deadline has passed with no notice given."""
    now = timezone.now()
    return (
        models.Q(oral_late=True)
        | models.Q(written_late=True)
        | models.Q(oral_given_at__isnull=True, oral_due_at__lt=now)
        | models.Q(written_at__isnull=True, written_due_at__lt=now)
    )


class ArrestNoticeQuerySet(models.QuerySet["ArrestNotice"]):
    def open(self) -> ArrestNoticeQuerySet:
        """Notices the Superintendent has not yet acknowledged."""
        return self.filter(acknowledged_at__isnull=True)

    def late(self) -> ArrestNoticeQuerySet:
        return self.filter(late_condition())


class ArrestNotice(models.Model):
    """L.1 (Conn. Gen. Stat. § 10-233h): the arrest of an enrolled student for a felony or a class A
    misdemeanor, told to the Superintendent orally by the end of the next weekday and in writing,
    with a brief description of the incident, within 72 hours. Separate from Form A."""

    agreement = models.ForeignKey(Agreement, models.CASCADE, related_name="arrest_notices")
    school = models.ForeignKey(School, models.PROTECT, related_name="+")
    student = models.ForeignKey(Student, models.PROTECT, related_name="+")
    officer = models.ForeignKey(Membership, models.PROTECT, related_name="+")
    entered_by = models.ForeignKey(Membership, models.PROTECT, related_name="+")
    arrested_at = models.DateTimeField("Date and time of the arrest")
    offense_class = models.CharField("Offense", max_length=10, choices=OffenseClass.choices)
    created_at = models.DateTimeField(default=timezone.now)
    # Where the arrest came from, if recorded here (a request the principal agreed, an emergency).
    request = models.ForeignKey(Request, models.SET_NULL, null=True, blank=True, related_name="+")
    emergency = models.ForeignKey(EmergencyAction, models.SET_NULL, null=True, blank=True, related_name="+")
    # The deadlines, fixed when the arrest is recorded.
    oral_due_at = models.DateTimeField("Oral notice due by")
    written_due_at = models.DateTimeField("Written notice due by")
    # The oral notice, as the officer records it: when, and to whom.
    oral_given_at = models.DateTimeField("Oral notice given at", null=True, blank=True)
    oral_to = models.CharField("Oral notice given to", max_length=SHORT_LENGTH, blank=True)
    oral_recorded_by = models.ForeignKey(Membership, models.PROTECT, null=True, blank=True, related_name="+")
    # The written notice: a brief description of the incident, rendered once as a PDF.
    description = models.CharField("Brief description of the incident", max_length=DESCRIPTION_LENGTH, blank=True)
    written_at = models.DateTimeField(null=True, blank=True)
    written_by = models.ForeignKey(Membership, models.PROTECT, null=True, blank=True, related_name="+")
    written_pdf = models.FileField(upload_to="arrest_notices/", blank=True)
    # Late flags are permanent: once a deadline is missed, the record says so for good.
    oral_late = models.BooleanField(default=False)
    written_late = models.BooleanField(default=False)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(Membership, models.PROTECT, null=True, blank=True, related_name="+")

    objects = ArrestNoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-arrested_at"]

    def __str__(self) -> str:
        return f"Arrest notice #{self.pk} ({self.school})"

    @property
    def oral_overdue(self) -> bool:
        return self.oral_given_at is None and timezone.now() > self.oral_due_at

    @property
    def written_overdue(self) -> bool:
        return self.written_at is None and timezone.now() > self.written_due_at

    @property
    def is_late(self) -> bool:
        return self.oral_late or self.written_late or self.oral_overdue or self.written_overdue
