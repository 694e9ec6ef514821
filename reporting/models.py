"""Section VII: Form A, the SRO's report on an investigation or behavioral intervention, and the
Chief's monthly compilation for the Superintendent.

No student name, identifier or birth date is ever stored here: students are "Student A",
"Student B", ... with only Form A's demographic fields (VII.3, VII.4, VII.6).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from accounts.models import Membership, Role
from agreements.models import Agreement, School


class Disposition(models.TextChoices):
    """Form A's disposition boxes, in the paper form's order and wording."""

    REFERRAL_TO_ADMINISTRATION = "referral_admin", "Referral to administration for possible discipline"
    RESTORATIVE_PRACTICES = "restorative", "Restorative practices implemented"
    PEER_MEDIATION = "peer_mediation", "Peer mediation"
    REFERRAL_TO_SUPPORT_SERVICES = "referral_support", "Referral to student support services"
    OTHER = "other", "Other"
    CITATION_OR_SUMMONS = "citation", "Citation or summons issued"
    ARREST = "arrest", "Arrest of student(s)"
    SEARCH = "search", "Search of student(s) by SRO"
    CRISIS_MANAGEMENT = "crisis", "Management of crisis or emergency"


# Form A's bounds (S.4): what fits the paper form and what a real incident can be. The model
# validators hold at every save (reporting.actions.do_save_draft), not only at submit.
MIN_AGE, MAX_AGE = 3, 22
MAX_DETAINED_MINUTES = 24 * 60
LOCATION_LENGTH = 200
NARRATIVE_LENGTH = 3000
OTHER_TEXT_LENGTH = 300
RETURN_REASON_LENGTH = 2000


class FormAQuerySet(models.QuerySet["FormA"]):
    def for_agreement(self, agreement: Agreement) -> FormAQuerySet:
        return self.filter(agreement=agreement)

    def editable(self) -> FormAQuerySet:
        """Reports in the SRO's hands: drafts, and reports returned for correction."""
        return self.filter(status__in=EDITABLE)

    def filed(self) -> FormAQuerySet:
        """Reports that have left the SRO's hands at least once."""
        return self.filter(first_submitted_at__isnull=False)


class FormA(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        RECEIVED = "received", "Received"
        RETURNED = "returned", "Returned for correction"

    agreement = models.ForeignKey(Agreement, models.PROTECT, related_name="form_as")
    sro = models.ForeignKey(Membership, models.PROTECT, related_name="form_as")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    # Assigned at first submission, e.g. "2026-0007"; the SRO's receipt and the Chief's inbox use it.
    number = models.CharField(max_length=20, blank=True)
    version = models.PositiveIntegerField(default=1)

    # VII.1: the gate. A report exists only for conduct that escalated to violence or is a crime.
    escalated_to_violence = models.BooleanField(null=True)
    constitutes_crime = models.BooleanField(null=True)

    # As printed on the form; copied from the SRO's profile and assignment, editable in a draft.
    sro_name = models.CharField("Name of School Resource Officer", max_length=200, blank=True)
    badge_number = models.CharField("Badge Number", max_length=20, blank=True)
    school = models.ForeignKey(
        School, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="School Affiliation"
    )

    incident_date = models.DateField("Date of Investigation/Intervention", null=True, blank=True)
    incident_time = models.TimeField("Time of Investigation/Intervention", null=True, blank=True)
    location = models.CharField("Location of Incident", max_length=LOCATION_LENGTH, blank=True)
    # A TextField's max_length bounds its form field only: the validator bounds every save too.
    reason_and_nature = models.TextField(
        "The reason for and nature of such investigation and/or behavioral intervention",
        max_length=NARRATIVE_LENGTH,
        validators=[MaxLengthValidator(NARRATIVE_LENGTH)],
        blank=True,
    )

    # Disposition (check all that apply): one field per box so that summaries are plain counts.
    disposition_referral_admin = models.BooleanField(Disposition.REFERRAL_TO_ADMINISTRATION.label, default=False)
    disposition_restorative = models.BooleanField(Disposition.RESTORATIVE_PRACTICES.label, default=False)
    disposition_peer_mediation = models.BooleanField(Disposition.PEER_MEDIATION.label, default=False)
    disposition_referral_support = models.BooleanField(Disposition.REFERRAL_TO_SUPPORT_SERVICES.label, default=False)
    disposition_other = models.BooleanField(Disposition.OTHER.label, default=False)
    disposition_other_text = models.CharField("Other (describe)", max_length=OTHER_TEXT_LENGTH, blank=True)
    disposition_citation = models.BooleanField(Disposition.CITATION_OR_SUMMONS.label, default=False)
    disposition_arrest = models.BooleanField(Disposition.ARREST.label, default=False)
    disposition_search = models.BooleanField(Disposition.SEARCH.label, default=False)
    disposition_crisis = models.BooleanField(Disposition.CRISIS_MANAGEMENT.label, default=False)

    # VII.2: five school days after the incident, fixed when the incident date is set.
    due_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # VII.7: "This report was completed on"; the signature is the SRO's re-authentication.
    first_submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    school_days_late = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Set at first submission; a late report stays late. Empty when the school calendar "
        "could not count the days (the Chief is told so).",
    )
    # A report returned for correction keeps its lateness; the resubmission's own lateness
    # against the same (unchanged) due date is kept beside it.
    correction_school_days_late = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Set at each resubmission after a return: school days after the due date."
    )

    # VII.8: the Chief's (or, on the § 10-233p route, the Superintendent's) receipt.
    received_at = models.DateTimeField(null=True, blank=True)
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    received_by_name = models.CharField(max_length=200, blank=True)
    returned_reason = models.TextField(
        max_length=RETURN_REASON_LENGTH, validators=[MaxLengthValidator(RETURN_REASON_LENGTH)], blank=True
    )
    # On the § 10-233p route, the Superintendent records forwarding to the Board.
    forwarded_to_board_at = models.DateTimeField(null=True, blank=True)
    # The received report's PDF, rendered once (VII.11), and its SHA-256.
    pdf = models.FileField(upload_to="form_a/", blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)

    objects = FormAQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "Form A"
        verbose_name_plural = "Form As"
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"], condition=~models.Q(number=""), name="form_a_number_unique"
            )
        ]
        indexes = [
            models.Index(fields=["agreement", "status", "first_submitted_at"]),
            # The SRO's receipts, newest first: read from the index, not sorted (issue 14).
            models.Index(fields=["sro", "first_submitted_at"], name="form_a_sro_receipts"),
            # The Superintendent's last receipts (the cc of VII.10), newest first, likewise.
            models.Index(fields=["agreement", "status", "received_at"], name="form_a_receipts_cc"),
        ]

    def __str__(self) -> str:
        return f"Form A {self.number}" if self.number else f"Form A draft #{self.pk}"

    @property
    def is_eligible(self) -> bool:
        return bool(self.escalated_to_violence or self.constitutes_crime)

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def is_late(self) -> bool:
        return bool(self.school_days_late)

    @property
    def lateness_unknown(self) -> bool:
        """Filed, but the school calendar could not say whether it was on time (VII.2)."""
        return self.first_submitted_at is not None and self.school_days_late is None

    @property
    def correction_was_late(self) -> bool:
        return bool(self.correction_school_days_late)

    def dispositions(self) -> list[str]:
        """The labels of the boxes checked, in Form A's order."""
        return [d.label for d in Disposition if getattr(self, f"disposition_{d.value}")]


# The statuses in which the report is in the SRO's hands and may change; the one definition (VII.7).
EDITABLE = (FormA.Status.DRAFT, FormA.Status.RETURNED)


class Gender(models.TextChoices):
    MALE = "male", "Male"
    FEMALE = "female", "Female"
    NON_BINARY = "non_binary", "Non-binary"


RACE_ETHNICITY = [
    ("hispanic_latino", "Hispanic or Latino"),
    ("white", "White"),
    ("black", "Black or African American"),
    ("pacific_islander", "Native Hawaiian or Other Pacific Islander"),
    ("asian", "Asian"),
    ("american_indian", "American Indian or Alaska Native"),
]
STUDENT_ACTIONS = [
    ("searched", "Searched by SRO"),
    ("apprised_of_rights", "Apprised of constitutional rights"),
    ("cited", "Issued a citation or a summons"),
    ("arrested", "Arrested"),
    ("detained", "Detained"),
]


class FormAStudent(models.Model):
    """One student block: a label and Form A's fields, never a name or an identifier."""

    report = models.ForeignKey(FormA, models.CASCADE, related_name="students")
    position = models.PositiveSmallIntegerField()  # 0 -> Student A, 1 -> Student B, ...
    age = models.PositiveSmallIntegerField(
        "Age",
        null=True,
        blank=True,
        validators=[
            MinValueValidator(MIN_AGE, f"Enter an age from {MIN_AGE} to {MAX_AGE}."),
            MaxValueValidator(MAX_AGE, f"Enter an age from {MIN_AGE} to {MAX_AGE}."),
        ],
    )
    gender = models.CharField("Gender", max_length=12, choices=Gender.choices, blank=True)
    hispanic_latino = models.BooleanField("Hispanic or Latino", default=False)
    white = models.BooleanField("White", default=False)
    black = models.BooleanField("Black or African American", default=False)
    pacific_islander = models.BooleanField("Native Hawaiian or Other Pacific Islander", default=False)
    asian = models.BooleanField("Asian", default=False)
    american_indian = models.BooleanField("American Indian or Alaska Native", default=False)
    known_disability = models.BooleanField("Does the student have a known disability?", null=True)
    searched = models.BooleanField("Searched by SRO", default=False)
    apprised_of_rights = models.BooleanField("Apprised of constitutional rights", default=False)
    cited = models.BooleanField("Issued a citation or a summons", default=False)
    arrested = models.BooleanField("Arrested", default=False)
    detained = models.BooleanField("Detained", default=False)
    detained_minutes = models.PositiveIntegerField(
        "How long the student was detained (minutes)",
        null=True,
        blank=True,
        validators=[
            MinValueValidator(1, "Enter the detention in whole minutes, at least 1."),
            MaxValueValidator(
                MAX_DETAINED_MINUTES,
                f"Enter the detention in minutes: at most {MAX_DETAINED_MINUTES} minutes (24 hours).",
            ),
        ],
    )
    # VII.6: filled from the district's student information system, or typed by the SRO for a
    # student not in the roster (a visitor from another district).
    entered_by_hand = models.BooleanField(default=True)

    class Meta:
        ordering = ["report", "position"]
        constraints = [models.UniqueConstraint(fields=["report", "position"], name="one_student_per_position")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"Student {student_letter(self.position)}"

    def races(self) -> list[str]:
        return [label for field, label in RACE_ETHNICITY if getattr(self, field)]

    def actions(self) -> list[str]:
        return [label for field, label in STUDENT_ACTIONS if getattr(self, field)]


def student_letter(position: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: Form A's "Student A", "Student B", ..."""
    letters = ""
    n = position
    while True:
        letters = chr(ord("A") + n % 26) + letters
        n = n // 26 - 1
        if n < 0:
            return letters


class FormAVersion(models.Model):
    """A frozen copy of a report each time it is submitted or returned (VII.8: versions kept)."""

    report = models.ForeignKey(FormA, models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    event = models.CharField(max_length=20)  # submitted, returned, received
    snapshot = models.JSONField()
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    class Meta:
        ordering = ["report", "at"]


class MonthlyCompilation(models.Model):
    """VII.9: the Chief's compilation for one calendar month, or a supplement to it.

    A month with no reports is the written "did not engage" notice. A report first submitted
    after its month was compiled goes into a supplement (sequence 1, 2, ...) of that month.
    """

    class Status(models.TextChoices):
        PREPARED = "prepared", "Prepared for review"
        SENT = "sent", "Sent to the Superintendent"
        ACKNOWLEDGED = "acknowledged", "Acknowledged by the Superintendent"

    agreement = models.ForeignKey(Agreement, models.PROTECT, related_name="compilations")
    month = models.DateField(help_text="The first day of the month compiled.")
    supplement = models.PositiveSmallIntegerField(default=0, help_text="0 for the compilation itself.")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PREPARED)
    reports = models.ManyToManyField(FormA, through="CompiledReport", related_name="compilations")
    prepared_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+"
    )
    pdf = models.FileField(upload_to="compilations/", blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-month", "supplement"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "month", "supplement"], name="one_compilation_per_month")
        ]

    def __str__(self) -> str:
        name = f"Compilation {self.month:%B %Y}"
        return f"{name}, supplement {self.supplement}" if self.supplement else name

    def status_for(self, role: str) -> str:
        """The status in the reader's words: the Superintendent is not told it was "sent to the
        Superintendent", but that it waits for their acknowledgement."""
        if role in (Role.SUPERINTENDENT, Role.SUPERINTENDENT_DESIGNEE):
            return {
                self.Status.SENT: "Waiting for your acknowledgement",
                self.Status.ACKNOWLEDGED: "Acknowledged",
            }.get(self.status, self.get_status_display())
        return self.get_status_display()


class CompiledReport(models.Model):
    """A report's place in exactly one compilation: never missing, never in two."""

    compilation = models.ForeignKey(MonthlyCompilation, models.PROTECT, related_name="entries")
    report = models.OneToOneField(FormA, models.PROTECT, related_name="compiled")
