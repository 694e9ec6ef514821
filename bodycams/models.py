"""III. Body-worn cameras: the log of each activation during the school day (III.1, III.2), the
principals' acknowledgements of the notice (III.1), requests to view a recording and the viewings
(III.3), and disputes about camera use (III.4).

The recordings are the Police Department's records: the system holds the department's reference
(its evidence number), never video.

How the system knows of an activation not yet logged: an activation is an entry that is *started*
(the SRO's "camera on", or the Chief's entry from the department's camera export, with its evidence
number) and becomes *logged* when it has its school, start, end and law-enforcement purpose. A
started entry still open after its school day ends reminds the SRO every morning until it is logged.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from accounts.models import Membership
from agreements.models import Agreement, School

DETAIL_MAX = 2000
EVIDENCE_MAX = 40
PLACE_MAX = 200
ATTENDEES_MAX = 500
REASON_MAX = 2000
LAW_MAX = 500
POSITION_MAX = 4000


class Purpose(models.TextChoices):
    """The law-enforcement purposes an activation may have (III.2); "other" is described in the text."""

    CRIME = "crime", "Responding to a crime in progress or just committed"
    ARREST = "arrest", "Arrest or custodial detention"
    INVESTIGATION = "investigation", "Criminal investigation (interview of a suspect or witness)"
    THREAT = "threat", "Imminent threat to the safety of students, staff or the public"
    FORCE = "force", "Use of force, or force likely to be needed"
    WARRANT = "warrant", "Service of a warrant or court order"
    OTHER = "other", "Other law-enforcement purpose required by Police Department policy"


class Party(models.TextChoices):
    """The two sides that set expectations for camera use and resolve disputes jointly (III.4)."""

    POLICE = "police", "Police Department"
    DISTRICT = "district", "Superintendent"


class ActivationQuerySet(models.QuerySet["Activation"]):
    def open(self) -> ActivationQuerySet:
        return self.filter(logged_at__isnull=True)

    def logged(self) -> ActivationQuerySet:
        return self.filter(logged_at__isnull=False)


class Activation(models.Model):
    """One activation of the SRO's body-worn camera during the school day in a school setting."""

    agreement = models.ForeignKey(Agreement, models.CASCADE, related_name="camera_activations")
    sro = models.ForeignKey(Membership, models.PROTECT, related_name="camera_activations")
    school = models.ForeignKey(School, models.PROTECT, null=True, blank=True, related_name="+")
    started_at = models.DateTimeField("Camera on")
    ended_at = models.DateTimeField("Camera off", null=True, blank=True)
    purpose = models.CharField("Law-enforcement purpose", max_length=20, choices=Purpose.choices, blank=True)
    purpose_detail = models.TextField("What happened", max_length=DETAIL_MAX, blank=True)
    # The department's reference to the recording (its evidence or export number), never the video.
    evidence_number = models.CharField("Evidence number", max_length=EVIDENCE_MAX, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(default=timezone.now)
    logged_at = models.DateTimeField(null=True, blank=True)

    objects = ActivationQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_at__isnull=True) | models.Q(ended_at__gt=models.F("started_at")),
                name="activation_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=models.Q(logged_at__isnull=True)
                | (
                    models.Q(ended_at__isnull=False, school__isnull=False)
                    & ~models.Q(purpose="")
                    & ~models.Q(purpose_detail="")
                ),
                name="logged_activation_is_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"Camera activation by {self.sro.display_name}, {timezone.localtime(self.started_at):%Y-%m-%d %H:%M}"

    @property
    def is_logged(self) -> bool:
        return self.logged_at is not None


class ActivationNotice(models.Model):
    """The notice of one logged activation to one school's principal or designee, tracked until
    one of them acknowledges it (III.1)."""

    activation = models.ForeignKey(Activation, models.CASCADE, related_name="notices")
    school = models.ForeignKey(School, models.PROTECT, related_name="+")
    notified_at = models.DateTimeField(default=timezone.now)
    acknowledged_by = models.ForeignKey(Membership, models.PROTECT, null=True, blank=True, related_name="+")
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-notified_at", "school__name"]
        constraints = [models.UniqueConstraint(fields=["activation", "school"], name="one_notice_per_school")]

    def __str__(self) -> str:
        return f"Notice to {self.school} of {self.activation}"


class ViewingRequest(models.Model):
    """A principal's or the Superintendent's office's request to view a recording, decided by the Chief (III.3)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for the Chief"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"

    agreement = models.ForeignKey(Agreement, models.CASCADE, related_name="recording_requests")
    activation = models.ForeignKey(Activation, models.PROTECT, related_name="viewing_requests")
    requested_by = models.ForeignKey(Membership, models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField("Why you ask to view it", max_length=REASON_MAX)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(Membership, models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(max_length=REASON_MAX, blank=True)
    law_note = models.CharField("FOIA or other law", max_length=LAW_MAX, blank=True)
    viewing_at = models.DateTimeField("Viewing on", null=True, blank=True)
    viewing_place = models.CharField("Viewing at", max_length=PLACE_MAX, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="pending") | ~models.Q(decision_reason=""), name="decision_has_reason"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="approved")
                | (models.Q(viewing_at__isnull=False) & ~models.Q(viewing_place="")),
                name="approval_says_when_and_where",
            ),
        ]

    def __str__(self) -> str:
        return f"Request to view the recording of {self.activation}"


class Viewing(models.Model):
    """One viewing of a recording under an approved request, with who attended (III.3)."""

    request = models.ForeignKey(ViewingRequest, models.PROTECT, related_name="viewings")
    viewed_at = models.DateTimeField("Viewed on")
    place = models.CharField("Where", max_length=PLACE_MAX)
    attendees = models.TextField("Who attended", max_length=ATTENDEES_MAX)
    logged_by = models.ForeignKey(Membership, models.PROTECT, related_name="+")
    logged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-viewed_at", "-id"]

    def __str__(self) -> str:
        return f"Viewing of {self.request.activation}, {timezone.localtime(self.viewed_at):%Y-%m-%d %H:%M}"


class Dispute(models.Model):
    """A dispute about camera use, resolved jointly by the Police Department and the Superintendent (III.4).

    Each side records its position; one side proposes a resolution and the other side agrees to
    it. Neither side alone can close a dispute."""

    agreement = models.ForeignKey(Agreement, models.CASCADE, related_name="camera_disputes")
    activation = models.ForeignKey(Activation, models.PROTECT, null=True, blank=True, related_name="disputes")
    raised_by = models.ForeignKey(Membership, models.PROTECT, related_name="+")
    raised_by_party = models.CharField(max_length=10, choices=Party.choices)
    raised_at = models.DateTimeField(default=timezone.now)
    summary = models.TextField("What the dispute is about", max_length=POSITION_MAX)
    police_position = models.TextField(max_length=POSITION_MAX, blank=True)
    police_position_by = models.ForeignKey(Membership, models.PROTECT, null=True, blank=True, related_name="+")
    district_position = models.TextField(max_length=POSITION_MAX, blank=True)
    district_position_by = models.ForeignKey(Membership, models.PROTECT, null=True, blank=True, related_name="+")
    resolution = models.TextField(max_length=POSITION_MAX, blank=True)
    resolution_proposed_by = models.ForeignKey(Membership, models.PROTECT, null=True, blank=True, related_name="+")
    resolution_proposed_by_party = models.CharField(max_length=10, choices=Party.choices, blank=True)
    resolution_agreed_by = models.ForeignKey(Membership, models.PROTECT, null=True, blank=True, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(resolved_at__isnull=True)
                | (
                    ~models.Q(police_position="")
                    & ~models.Q(district_position="")
                    & ~models.Q(resolution="")
                    & models.Q(resolution_agreed_by__isnull=False)
                ),
                name="resolution_needs_both_sides",
            ),
        ]

    def __str__(self) -> str:
        return f"Dispute about camera use raised {timezone.localtime(self.raised_at):%Y-%m-%d}"

    def position(self, party: str) -> str:
        return self.police_position if party == Party.POLICE else self.district_position
