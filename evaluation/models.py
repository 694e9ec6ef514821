"""The district's feedback on the SRO to the Chief (X.1), and the Superintendent's written
concerns with documentation, on which the Chief records a decision (X.2).

The SRO is evaluated by the Police Department; these records are what the district gives it.
Documents are kept with their SHA-256 and only the two parties (the Chief and the
Superintendent's office) can read them.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from accounts.models import Membership
from agreements.models import Agreement

SUMMARY_MAX = 2000
CONCERN_MAX = 4000
DECISION_NOTE_MAX = 2000
DOCUMENT_NAME_MAX = 120
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
DOCUMENTS_MAX = 10


class Feedback(models.Model):
    class Kind(models.TextChoices):
        FORMAL = "formal", "Formal"
        INFORMAL = "informal", "Informal"

    agreement = models.ForeignKey(Agreement, models.CASCADE, related_name="sro_feedback")
    sro = models.ForeignKey(Membership, models.PROTECT, related_name="feedback_received")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    given_on = models.DateField("Given on")
    given_by = models.ForeignKey(Membership, models.PROTECT, related_name="feedback_given")
    summary = models.TextField(max_length=SUMMARY_MAX)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-given_on", "-id"]
        verbose_name_plural = "feedback"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} feedback on {self.sro.display_name}, {self.given_on:%Y-%m-%d}"


class Concern(models.Model):
    class Decision(models.TextChoices):
        NO_CHANGE = "no_change", "No change"
        REASSIGN = "reassign", "Reassign the SRO"
        DISMISS = "dismiss", "Dismiss the SRO from the SRO program"

    agreement = models.ForeignKey(Agreement, models.CASCADE, related_name="sro_concerns")
    sro = models.ForeignKey(Membership, models.PROTECT, related_name="concerns")
    written_on = models.DateField("Date of the written concerns")
    summary = models.TextField("Concerns", max_length=CONCERN_MAX)
    sent_by = models.ForeignKey(Membership, models.PROTECT, related_name="concerns_sent")
    sent_at = models.DateTimeField(default=timezone.now)
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decision_note = models.TextField(max_length=DECISION_NOTE_MAX, blank=True)
    decided_by = models.ForeignKey(Membership, models.PROTECT, null=True, blank=True, related_name="concerns_decided")

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"Concerns about {self.sro.display_name}, {self.written_on:%Y-%m-%d}"


class ConcernDocument(models.Model):
    concern = models.ForeignKey(Concern, models.CASCADE, related_name="documents")
    name = models.CharField(max_length=DOCUMENT_NAME_MAX)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    # Stored under its SHA-256 (evaluation/<agreement>/<sha256>), never under the name it came with.
    file = models.FileField(upload_to="evaluation/", max_length=200)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name
