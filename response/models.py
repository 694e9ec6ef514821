"""The graduated response model (V): the school's record of interventions for a student at the
four levels, and the gate to the fourth, a request for police involvement (V.3).

The school's record of lower-level interventions stays with the school. The police see a request
for police involvement: that the gate was met and on which ground, and whom it is about.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from accounts.models import Membership
from agreements.models import Agreement, School
from students.models import Student

TEXT_MAX = 1000
LINE_MAX = 200


class Level(models.TextChoices):
    """The four levels of section V, in the MOU's order and words."""

    CLASSROOM = "classroom", "Classroom Intervention"
    SCHOOL_ADMINISTRATION = "school_administration", "School Administration Intervention"
    ASSESSMENT = "assessment", "Assessment and Service Provision"
    LAW_ENFORCEMENT = "law_enforcement", "Law Enforcement Intervention"


# Each level's options, as the MOU words them (V). Assessment and Service Provision "should
# include any classroom or school administration interventions", so it offers those too.
CLASSROOM_OPTIONS = [
    ("redirection", "Redirection"),
    ("re_teaching", "Re-teaching"),
    ("school_climate_initiatives", "School climate initiatives"),
    ("moving_seats", "Moving seats"),
    ("parental_contact", "Parental contact, initiated by the teacher"),
]
SCHOOL_ADMINISTRATION_OPTIONS = [
    ("time_in_office", "Time in the office"),
    ("after_school_detention", "After school detention"),
    ("loss_of_privileges", "Loss of privileges"),
    ("reparation", "Reparation"),
    ("parent_conference", "Parent conference"),
]
ASSESSMENT_OPTIONS = [
    ("jrb_referral", "Referral to a juvenile review board (JRB)"),
    ("community_service_or_program", "Community service or program"),
    ("suspension", "Suspension"),
    ("expulsion", "Expulsion"),
    ("court_referral", "Referral to court"),
]
LAW_ENFORCEMENT_OPTIONS = [
    ("verbal_warning", "Verbal warning"),
    ("conference", "Conference with the student, parents, teachers and/or others"),
    ("jrb_or_agency_referral", "Referral to a JRB and/or community agencies"),
    ("court_referral", "Referral to court"),
    ("arrest", "Arrest"),
]
OPTIONS: dict[str, list[tuple[str, str]]] = {
    Level.CLASSROOM: CLASSROOM_OPTIONS,
    Level.SCHOOL_ADMINISTRATION: SCHOOL_ADMINISTRATION_OPTIONS,
    Level.ASSESSMENT: CLASSROOM_OPTIONS + SCHOOL_ADMINISTRATION_OPTIONS + ASSESSMENT_OPTIONS,
    Level.LAW_ENFORCEMENT: LAW_ENFORCEMENT_OPTIONS,
}
# The levels the school records itself; the fourth is managed by the police, through a request.
SCHOOL_LEVELS = [Level.CLASSROOM, Level.SCHOOL_ADMINISTRATION, Level.ASSESSMENT]
SCHOOL_OPTIONS = CLASSROOM_OPTIONS + SCHOOL_ADMINISTRATION_OPTIONS + ASSESSMENT_OPTIONS
# Out-of-school options: truant behavior never leads to one (V.4).
OUT_OF_SCHOOL = frozenset({"suspension", "expulsion"})

# The MOU's own sentences, shown where the system applies them.
SRO_NOT_IN_CLASSROOM = "SROs should not be involved at this level."
TRUANCY_REFUSAL = "Truant behavior should not lead to an out-of-school option."
NOT_ARREST = "Involvement of the police does not necessarily mean arrest and referral to court."
ARREST_FOLLOWS_VI = (
    "In appropriate circumstances, law enforcement options may include arrest. Absent an emergency, any such "
    "arrest will be conducted in accordance with Section VI regarding Law Enforcement Professionals/SRO Activity "
    "at Schools."
)
SECTION_VI_REFERRAL = (
    "Except in an emergency, all Law Enforcement Professionals seeking to conduct formal police interviews, "
    "interrogations, and/or arrests of any student on District property or at school-sponsored activities shall "
    "be referred to the building principal."
)


class Intervention(models.Model):
    """One intervention for a student at one of the school's three levels: the school's record."""

    agreement = models.ForeignKey(Agreement, models.CASCADE, related_name="interventions")
    student = models.ForeignKey(Student, models.PROTECT, related_name="interventions")
    school = models.ForeignKey(School, models.PROTECT, related_name="+")
    level = models.CharField(max_length=30, choices=Level.choices)
    option = models.CharField(max_length=40, choices=SCHOOL_OPTIONS)
    on = models.DateField("Date")
    # V.4: the behavior addressed was truancy and nothing else.
    truancy_only = models.BooleanField("The behavior was truancy alone", default=False)
    # IV: the SRO assists school personnel at an administrator's request; never in the classroom (V.2).
    sro_took_part = models.BooleanField("The SRO took part, at an administrator's request", default=False)
    outcome = models.CharField(max_length=TEXT_MAX)
    recorded_by = models.ForeignKey(Membership, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(level__in=SCHOOL_LEVELS), name="intervention_at_a_school_level"),
            models.CheckConstraint(
                condition=~models.Q(level=Level.CLASSROOM, sro_took_part=True), name="no_sro_at_the_classroom_level"
            ),
            models.CheckConstraint(
                condition=~models.Q(truancy_only=True, option__in=sorted(OUT_OF_SCHOOL)),
                name="truancy_never_out_of_school",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()}: {self.get_option_display()} on {self.on:%Y-%m-%d}"


class PoliceRequest(models.Model):
    """A school administrator's request for police involvement in a specific student
    intervention (V.3), and what the SRO did (V.5)."""

    class Ground(models.TextChoices):
        LOWER_LEVELS_INEFFECTIVE = "ineffective", "Classroom, school and community options have been found ineffective"
        ADMINISTRATION = "administration", "Deemed appropriate by the administration"
        EMERGENCY = "emergency", "An emergency"

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for the SRO"
        ANSWERED = "answered", "Law-enforcement option recorded"

    agreement = models.ForeignKey(Agreement, models.CASCADE, related_name="police_requests")
    school = models.ForeignKey(School, models.PROTECT, related_name="+")
    student = models.ForeignKey(Student, models.PROTECT, related_name="police_requests")
    made_by = models.ForeignKey(Membership, models.PROTECT, related_name="+")
    made_at = models.DateTimeField(default=timezone.now)
    asked = models.CharField("What the school asks of the police", max_length=TEXT_MAX)
    ground = models.CharField(max_length=20, choices=Ground.choices)
    # Ground 1: the lower-level interventions tried, each with its date and outcome.
    interventions = models.ManyToManyField(Intervention, blank=True, related_name="requests")
    # Ground 2: by whom and why.
    determined_by = models.CharField("Determined by", max_length=LINE_MAX, blank=True)
    determination = models.CharField("Why police involvement is appropriate", max_length=TEXT_MAX, blank=True)
    # Ground 3: what the emergency is.
    emergency = models.CharField("The emergency", max_length=TEXT_MAX, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    # The SRO's part (V.5): no option until the SRO chooses one, and never a default.
    option = models.CharField(
        "Law-enforcement option taken", max_length=40, choices=LAW_ENFORCEMENT_OPTIONS, blank=True
    )
    outcome = models.CharField(max_length=TEXT_MAX, blank=True)
    escalated_to_violence = models.BooleanField(default=False)
    constitutes_crime = models.BooleanField(default=False)
    answered_by = models.ForeignKey(Membership, models.PROTECT, null=True, blank=True, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-made_at", "-pk"]
        constraints = [
            # V.3: no request without its ground's particulars (the interventions are checked by
            # the action: a many-to-many cannot be constrained here).
            models.CheckConstraint(
                condition=~models.Q(ground="administration")
                | (~models.Q(determined_by="") & ~models.Q(determination="")),
                name="police_request_determination_says_who_and_why",
            ),
            models.CheckConstraint(
                condition=~models.Q(ground="emergency") | ~models.Q(emergency=""),
                name="police_request_emergency_says_what",
            ),
            models.CheckConstraint(condition=~models.Q(asked=""), name="police_request_says_what_is_asked"),
            # V.2: the SRO's option is always one of the Law Enforcement level's, never a lower level's.
            models.CheckConstraint(
                condition=models.Q(option="") | models.Q(option__in=[k for k, _ in LAW_ENFORCEMENT_OPTIONS]),
                name="police_request_option_at_law_enforcement_level",
            ),
            # V.5: an answered request names the option taken; a waiting one names none.
            models.CheckConstraint(
                condition=(
                    models.Q(status="waiting", option="") | (models.Q(status="answered") & ~models.Q(option=""))
                ),
                name="police_request_option_only_when_answered",
            ),
        ]

    def __str__(self) -> str:
        # Not the student: this string reaches the audit trail, which the Chief reads.
        return f"Request for police involvement #{self.pk}"

    @property
    def is_waiting(self) -> bool:
        return self.status == self.Status.WAITING

    @property
    def offers_form_a(self) -> bool:
        """Conduct that escalated to violence or constitutes a crime goes on Form A (VII.1)."""
        return not self.is_waiting and (self.escalated_to_violence or self.constitutes_crime)
