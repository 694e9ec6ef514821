"""Form A as the SRO fills it in, the rules a report must pass before it is submitted, and the
signatures of the SRO (VII.7) and of the Chief or Superintendent (VII.8).

Labels are Form A's own words, so a person who knows the paper form, or a screen reader, finds
every field by its label. There is no name field and no file field anywhere (VII.4, VII.5).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import BadRequest
from django.db.models import Case, When
from django.forms import modelformset_factory
from django.utils import timezone

from accounts import actions as account_actions
from agreements.models import School
from assignments.queries import schools_on
from audit.log import Actor
from lib.bounds import MonthField, bound_dates, say_max_length, spell
from lib.text import clean as clean_text
from reporting.models import (
    MAX_AGE,
    MAX_DETAINED_MINUTES,
    MIN_AGE,
    RACE_ETHNICITY,
    RETURN_REASON_LENGTH,
    STUDENT_ACTIONS,
    Disposition,
    FormA,
    FormAStudent,
    student_letter,
)
from students import guard

if TYPE_CHECKING:
    from accounts.models import Membership, User
    from agreements.models import Agreement

# Form A's words, verbatim.
GATE_REFUSAL = (
    "The SRO may only report investigations and/or behavioral interventions of challenging behavior or "
    "conflict that escalate to violence or constitute a crime. If the conduct did not escalate to violence "
    "or constitute a crime, it may not be reported in this form."
)
CERTIFICATION = (
    "By signing below, I certify that the information I have provided in this report is true and accurate "
    "to the best of my ability and recollection. I have not maintained a copy of this report and I understand "
    "that the information set forth herein is confidential and may not be redisclosed except in accordance "
    "with state and federal law."
)
CONFIDENTIALITY = (
    "I understand that the information set forth herein is confidential and may not be redisclosed except in "
    "accordance with state and federal law."
)
NAMES_CONFIRMATION = "I confirm these words are not the names of students"

YES_NO = [("True", "Yes"), ("False", "No")]
DISPOSITION_FIELDS = [f"disposition_{d.value}" for d in Disposition]
FREE_TEXT_FIELDS = ["location", "reason_and_nature", "disposition_other_text"]
# The SRO's name and badge number are not here: they come from the SRO's profile (the user's
# name, the membership's badge number), are shown read-only and printed, and nothing typed on
# the report can reach them (VII.3, VII.4).
PROFILE_FIELDS = ["sro_name", "badge_number"]
MAIN_FIELDS = [
    "escalated_to_violence",
    "constitutes_crime",
    "school",
    "incident_date",
    "incident_time",
    "location",
    "reason_and_nature",
    *DISPOSITION_FIELDS[:5],
    "disposition_other_text",
    *DISPOSITION_FIELDS[5:],
]
RACE_FIELDS = [name for name, _ in RACE_ETHNICITY]
ACTION_FIELDS = [name for name, _ in STUDENT_ACTIONS]
# What a roster fill writes on a block (students.actions.form_a_values): the district's data.
ROSTER_FIELDS = ["age", "gender", *RACE_FIELDS, "known_disability"]
# A student block's fields as the SRO fills them in.
STUDENT_INPUTS = [*ROSTER_FIELDS, *ACTION_FIELDS, "detained_minutes"]
# What a draft save stores on a block: the inputs, and whether the block's district data is
# still the district's. Nobody types the latter; StudentForm works it out.
STUDENT_FIELDS = [*STUDENT_INPUTS, "entered_by_hand"]
# The disposition box and the per-student box that must agree, both ways.
CONSISTENT_PAIRS = [
    ("disposition_arrest", "arrested"),
    ("disposition_search", "searched"),
    ("disposition_citation", "cited"),
]


def _yes_no(label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "True",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )


class GateForm(forms.Form):
    """VII.1: the first question. Conduct that did neither may not be reported."""

    escalated_to_violence = _yes_no("Did the challenging behavior or conflict escalate to violence?")
    constitutes_crime = _yes_no("Does the challenging behavior or conflict constitute a crime?")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for name in ("escalated_to_violence", "constitutes_crime"):
            if data.get(name) is None and name not in self.errors:
                self.add_error(name, "Answer Yes or No.")
        return data

    @property
    def eligible(self) -> bool:
        return bool(self.cleaned_data.get("escalated_to_violence") or self.cleaned_data.get("constitutes_crime"))


class FormAForm(forms.ModelForm):
    """The report's own fields, in the paper form's order. Every field is optional in a draft;
    `check_report` says what a report needs before it can be submitted."""

    escalated_to_violence = GateForm.base_fields["escalated_to_violence"]
    constitutes_crime = GateForm.base_fields["constitutes_crime"]

    class Meta:
        model = FormA
        fields = MAIN_FIELDS
        widgets = {
            "incident_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "incident_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "reason_and_nature": forms.Textarea(attrs={"rows": 6}),
            "location": forms.TextInput(attrs={"autocomplete": "off"}),
            "disposition_other_text": forms.TextInput(attrs={"autocomplete": "off"}),
        }
        labels = {"disposition_other_text": "Other: describe"}

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.membership = membership
        school = self.fields["school"]
        offered = schools_on(membership, self._incident_date())
        # The SRO's assignment on the incident date, primary school first (II.2).
        school.queryset = School.objects.filter(pk__in=[s.pk for s in offered]).order_by(
            Case(*(When(pk=s.pk, then=i) for i, s in enumerate(offered)), default=len(offered))
        )
        school.empty_label = "Choose a school"
        school.error_messages["invalid_choice"] = (
            "Choose one of the schools you were assigned to on the date of the investigation/intervention."
        )
        for name in self.fields:
            self.fields[name].required = False
        say_max_length(self)
        # A screen reader reads the guard's finding (reporting/_guard.html) with its field.
        for name in FREE_TEXT_FIELDS:
            field = self.fields[name]
            described = [f"id_{name}_helptext"] if field.help_text else []
            field.widget.attrs["aria-describedby"] = " ".join([*described, f"guard-{name}"])
        # The date picker offers only the dates clean_incident_date accepts.
        when = self.fields["incident_date"].widget.attrs
        when |= {"min": membership.agreement.effective_date.isoformat(), "max": timezone.localdate().isoformat()}
        # Words in a free-text field that may be a student's name: shown under the field, saved.
        self.names_to_confirm: dict[str, str] = {}
        self.over_guard_limit = False

    def clean_incident_date(self) -> date | None:
        """Refused at every save, not only at submit: a draft never holds a date that cannot be."""
        when = self.cleaned_data.get("incident_date")
        problem = incident_date_problem(self.membership.agreement, when, timezone.localdate())
        if problem:
            raise forms.ValidationError(problem, code="out_of_range")
        return when

    def clean(self) -> dict[str, Any]:
        """A draft never stores a text the guard would block (VII.4): such a field is refused
        with the words found and keeps its stored value; the rest of the draft saves."""
        data = super().clean()
        for name in FREE_TEXT_FIELDS:
            if data.get(name):
                data[name] = clean_text(data[name])  # NFKC, no invisible characters: stored as read
        changed = [
            name
            for name in FREE_TEXT_FIELDS
            if data.get(name) and data[name] != getattr(self.instance, name) and name not in self.errors
        ]
        if not changed:
            return data
        if not guard.check_allowed(self.membership.user_id):
            self.over_guard_limit = True
            for name in changed:
                self.add_error(name, guard.LIMIT_MESSAGE)
            return data
        school = data.get("school") or self.instance.school
        for name in changed:
            found = guard.scan(self.membership.agreement, data[name], school=school)
            blocking = [f for f in found if f.severity == guard.BLOCK]
            if blocking:
                self.add_error(name, f"{names_message(blocking)} This text was not saved.")
            elif found:
                self.names_to_confirm[name] = confirm_message(found)
        return data

    def _incident_date(self) -> date:
        """The incident date being entered, else the stored one, else today: it picks the assignment."""
        if self.is_bound:
            try:
                posted = self.fields["incident_date"].clean(self.data.get("incident_date"))
            except forms.ValidationError:
                posted = None
            if posted is not None:
                return posted
        return self.instance.incident_date or timezone.localdate()

    def disposition_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in DISPOSITION_FIELDS]


class StudentForm(forms.ModelForm):
    """One student block: Form A's fields only. There is no name field, by design (VII.4)."""

    known_disability = _yes_no("Does the student have a known disability?")

    class Meta:
        model = FormAStudent
        fields = STUDENT_INPUTS
        widgets = {
            "gender": forms.RadioSelect,
            "age": forms.NumberInput(attrs={"inputmode": "numeric", "min": MIN_AGE, "max": MAX_AGE}),
            "detained_minutes": forms.NumberInput(
                attrs={"inputmode": "numeric", "min": 1, "max": MAX_DETAINED_MINUTES}
            ),
        }
        labels = {"detained_minutes": "If detained, how long the student was detained (minutes)"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gender"].choices = [c for c in self.fields["gender"].choices if c[0]]
        for name in self.fields:
            self.fields[name].required = False

    def clean(self) -> dict[str, Any]:
        """A block filled from the roster is entered by hand again once the SRO changes any of the
        district's values (VII.6): the report must not claim district data the SRO changed.

        The stored block is the record of what the roster gave: the fill wrote those values,
        and from then on every change comes through here. So the posted values are compared
        with the stored ones; a block once entered by hand stays so until it is filled again.
        """
        data = super().clean()
        changed = any(name in data and data[name] != getattr(self.instance, name) for name in ROSTER_FIELDS)
        data["entered_by_hand"] = self.instance.entered_by_hand or changed
        return data

    @property
    def label(self) -> str:
        return f"Student {student_letter(self.instance.position)}"

    def race_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in RACE_FIELDS]

    def action_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ACTION_FIELDS]


StudentFormSet = modelformset_factory(FormAStudent, form=StudentForm, extra=0)


STALE_OR_TAMPERED = "This page does not match the report's students any more: reload it and try again."


def student_formset(report: FormA, data: Mapping[str, Any] | None = None) -> forms.BaseFormSet:
    """The report's student blocks, prefix "students".

    Posted data must name the report's own blocks and no others: a count or an id that is not
    the report's (tampered, or a page left open while another tab removed a student) is a bad
    request (400), never a 500 from deep inside the formset (S.4). Blocks are added and removed
    by their own buttons, so a post never carries a new one.
    """
    queryset = report.students.order_by("position")
    if data is not None and ("students-TOTAL_FORMS" in data or "students-INITIAL_FORMS" in data):
        own = {str(pk) for pk in queryset.values_list("pk", flat=True)}
        total, initial = data.get("students-TOTAL_FORMS", ""), data.get("students-INITIAL_FORMS", "")
        if not (total.isdecimal() and total == initial and int(total) <= len(own)):
            raise BadRequest(STALE_OR_TAMPERED)
        posted = [data.get(f"students-{i}-id", "") for i in range(int(total))]
        if any(pk not in own for pk in posted) or len(set(posted)) != len(posted):
            raise BadRequest(STALE_OR_TAMPERED)
    return StudentFormSet(data, queryset=queryset, prefix="students")


# -- The rules a report must pass before it is submitted ---------------------------------------


@dataclass(frozen=True)
class Problem:
    """FIELD is a report field, "students-<i>-<field>" for a student's, or "" for the whole report."""

    field: str
    message: str


def scan_free_text(agreement: Agreement, values: Mapping[str, Any], school: School | None = None) -> dict[str, list]:
    """The name guard's findings for each free-text field that has any (VII.4)."""
    from students.roster_index import index_for

    findings: dict[str, list] = {}
    texts = {name: values.get(name) or "" for name in FREE_TEXT_FIELDS}
    if not any(texts.values()):
        return findings
    index = index_for(agreement)  # one look at the roster's generation for every field
    for name, text in texts.items():
        if not text:
            continue
        found = guard.scan_with(index, text, school=school)
        if found:
            findings[name] = list(found)
    return findings


def _describe(findings: Sequence) -> str:
    return ", ".join(f"“{f.text}” ({f.label})" for f in findings)


def names_message(blocking: Sequence) -> str:
    """What the SRO reads when the guard blocks words in a free-text field."""
    return f"Remove these words: Form A may not identify a student. {_describe(blocking)}."


def confirm_message(found: Sequence) -> str:
    """What the SRO reads under a field where words may be a student's name."""
    return (
        f"These words may be a student's name: {_describe(found)}. Refer to students as “Student A”, “Student B”; "
        "if they are not students' names, you will confirm that when you sign."
    )


def check_report(
    report: Mapping[str, Any],
    students: Sequence[Mapping[str, Any]],
    *,
    agreement: Agreement,
    today: date,
    sro: Membership | None = None,
) -> list[Problem]:
    """Everything that stops a report from being submitted, each with a specific message.

    REPORT maps the report's fields to their values, STUDENTS each student block's; both are
    Python values (as cleaned by the forms, or read from the models), so the page and the
    submit action apply the very same rules. With SRO, the school must be one of the SRO's
    assignment on the incident date (II.2).
    """
    problems: list[Problem] = []

    def need(field: str, message: str) -> None:
        value = report.get(field)
        if value is None or value == "":
            problems.append(Problem(field, message))

    if not (report.get("escalated_to_violence") or report.get("constitutes_crime")):
        problems.append(Problem("escalated_to_violence", GATE_REFUSAL))
    need("school", "Choose the school affiliation.")
    need("incident_date", "Enter the date of the investigation/intervention.")
    need("incident_time", "Enter the time of the investigation/intervention.")
    need("location", "Enter the location of the incident.")
    need("reason_and_nature", "Describe the reason for and nature of the investigation and/or behavioral intervention.")

    for name in FREE_TEXT_FIELDS:
        # A draft saved before the bounds existed may hold more than Form A has room for.
        limit = FormA._meta.get_field(name).max_length
        if len(report.get(name) or "") > limit:
            label = FormA._meta.get_field(name).verbose_name
            problems.append(Problem(name, f"“{label}” is limited to {limit:,} characters: shorten it."))
    when = report.get("incident_date")
    school = report.get("school")
    if sro is not None and when and school is not None and school not in schools_on(sro, when):
        problems.append(
            Problem(
                "school",
                f"On {when:%B} {when.day}, {when.year} you were not assigned to {school}: choose one of the "
                "schools you were assigned to on the date of the investigation/intervention.",
            )
        )
    if problem := incident_date_problem(agreement, when, today):
        problems.append(Problem("incident_date", problem))

    if not any(report.get(name) for name in DISPOSITION_FIELDS):
        problems.append(Problem("disposition_referral_admin", "Check at least one disposition."))
    other_text = (report.get("disposition_other_text") or "").strip()
    if report.get("disposition_other") and not other_text:
        problems.append(Problem("disposition_other_text", "“Other” is checked: describe the other disposition."))
    if other_text and not report.get("disposition_other"):
        problems.append(Problem("disposition_other_text", "Check “Other”, or clear its description."))

    if not students:
        problems.append(Problem("", "Add at least one student: Form A needs a block for each student involved."))
    for i, student in enumerate(students):
        label = f"Student {student_letter(i)}"
        key = f"students-{i}-"
        age = student.get("age")
        if age is None:
            problems.append(Problem(key + "age", f"Enter {label}’s age."))
        elif not MIN_AGE <= age <= MAX_AGE:
            problems.append(Problem(key + "age", f"{label}’s age must be between {MIN_AGE} and {MAX_AGE}."))
        if not student.get("gender"):
            problems.append(Problem(key + "gender", f"Choose {label}’s gender."))
        if student.get("known_disability") is None:
            problems.append(
                Problem(key + "known_disability", f"Answer “Does the student have a known disability?” for {label}.")
            )
        minutes = student.get("detained_minutes")
        if student.get("detained") and not minutes:
            problems.append(
                Problem(
                    key + "detained_minutes",
                    f"{label} is marked “Detained”: note how long the student was detained, in minutes.",
                )
            )
        if minutes and not 1 <= minutes <= MAX_DETAINED_MINUTES:
            problems.append(
                Problem(
                    key + "detained_minutes", f"{label}’s detention must be from 1 to {MAX_DETAINED_MINUTES} minutes."
                )
            )
        if minutes and not student.get("detained"):
            problems.append(
                Problem(key + "detained_minutes", f"{label} has a detention time, but “Detained” is not checked.")
            )

    for disposition, action in CONSISTENT_PAIRS:
        box = Disposition(disposition.removeprefix("disposition_")).label
        action_label = dict(STUDENT_ACTIONS)[action]
        marked = [i for i, s in enumerate(students) if s.get(action)]
        if report.get(disposition) and students and not marked:
            problems.append(
                Problem(
                    disposition,
                    f"“{box}” is checked, but no student is marked “{action_label}”. "
                    "Mark the student(s), or uncheck the box.",
                )
            )
        if not report.get(disposition):
            for i in marked:
                problems.append(
                    Problem(
                        f"students-{i}-{action}",
                        f"Student {student_letter(i)} is marked “{action_label}”, "
                        f"but the disposition “{box}” is not checked.",
                    )
                )

    for field, found in scan_free_text(agreement, report, report.get("school")).items():
        blocking = [f for f in found if f.severity == "block"]
        if blocking:
            problems.append(Problem(field, names_message(blocking)))
    return problems


def incident_date_problem(agreement: Agreement, when: date | None, today: date) -> str:
    """Why WHEN cannot be the date of an investigation/intervention, or "" if it can."""
    if when and when > today:
        return "The date of the investigation/intervention cannot be in the future."
    if when and when < agreement.effective_date:
        return (
            "The date of the investigation/intervention cannot be before the agreement took effect "
            f"({spell(agreement.effective_date)})."
        )
    return ""


def report_values(report: FormA) -> dict[str, Any]:
    """The report's fields as `check_report` reads them."""
    return {name: getattr(report, name) for name in MAIN_FIELDS}


def student_values(student: FormAStudent) -> dict[str, Any]:
    return {name: getattr(student, name) for name in STUDENT_FIELDS}


def confirm_findings(report: FormA) -> dict[str, list]:
    """Words the guard cannot tell from a student's name: the SRO confirms them when signing."""
    found = scan_free_text(report.agreement, report_values(report), report.school)
    result = {field: [f for f in items if f.severity == "confirm"] for field, items in found.items()}
    return {field: items for field, items in result.items() if items}


def apply_problems(problems: Sequence[Problem], form: forms.Form, formset: forms.BaseFormSet) -> None:
    """Show each problem beside its field, unless that field already says what is wrong."""
    for problem in problems:
        target, field = form, problem.field or None
        if problem.field.startswith("students-"):
            _, index, field = problem.field.split("-", 2)
            if int(index) >= len(formset.forms):
                target, field = form, None
            else:
                target = formset.forms[int(index)]
        if field and target.has_error(field):
            continue
        if field and field not in target.fields:
            field = None
        target.add_error(field, problem.message)


# -- Signatures ---------------------------------------------------------------------------------


class SignatureForm(forms.Form):
    """A signature is the person's password or a current authenticator code (VII.7, VII.8)."""

    signature = forms.CharField(
        label="Your password or authenticator code",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    names_confirmed = forms.BooleanField(label=NAMES_CONFIRMATION, required=False)

    def __init__(
        self, user: User, *args: Any, actor: Actor | None = None, needs_names_confirmation: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.actor = actor or Actor(user=user, source="", label=user.username)
        self.method = ""
        if needs_names_confirmation:
            self.fields["names_confirmed"].required = True
            self.fields["names_confirmed"].error_messages["required"] = (
                "Confirm that these words are not the names of students, or go back and remove them."
            )
        else:
            del self.fields["names_confirmed"]

    def clean_signature(self) -> str:
        value = self.cleaned_data["signature"]
        if self.user.is_locked():
            raise forms.ValidationError("Your account is locked; you cannot sign until it is unlocked.")
        self.method = account_actions.do_check_signature(self.actor, self.user, value)
        if self.method:
            return ""
        if self.user.is_locked():
            raise forms.ValidationError("Too many wrong signatures: your account is now locked.")
        raise forms.ValidationError("That is not your password or a current authenticator code.")


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label="Reason for returning the report for correction",
        max_length=RETURN_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The SRO reads this; do not name students.",
    )
    names_confirmed = forms.BooleanField(label=NAMES_CONFIRMATION, required=False)

    def __init__(self, *args: Any, report: FormA, membership: Membership | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.report = report
        self.membership = membership
        self.to_confirm: list = []
        self.over_guard_limit = False
        say_max_length(self)

    def clean_reason(self) -> str:
        reason = clean_text(self.cleaned_data["reason"]).strip()
        if not reason:
            raise forms.ValidationError("Write why the report is returned, so the SRO knows what to correct.")
        if self.membership is not None and not guard.check_allowed(self.membership.user_id):
            self.over_guard_limit = True
            raise forms.ValidationError(guard.LIMIT_MESSAGE)
        # The reason is kept with the report's versions and sent to the SRO: it may not name a student either.
        found = guard.scan(self.report.agreement, reason, school=self.report.school)
        blocking = [f for f in found if f.severity == guard.BLOCK]
        if blocking:
            raise forms.ValidationError(
                f"Remove these words: the reason may not identify a student. {_describe(blocking)}. "
                "Refer to students as “Student A”, “Student B”."
            )
        self.to_confirm = found
        return reason

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.to_confirm and not data.get("names_confirmed"):
            self.add_error(
                "names_confirmed",
                f"These words may be a student's name: {_describe(self.to_confirm)}. Replace them with "
                "“Student A”, “Student B”, or confirm that they are not the names of students.",
            )
        return data


class InboxFilterForm(forms.Form):
    status = forms.ChoiceField(
        choices=[(s.value, s.label) for s in (FormA.Status.SUBMITTED, FormA.Status.RECEIVED, FormA.Status.RETURNED)],
        required=False,
    )
    month = MonthField(label="Month submitted", required=False)
    school = forms.ModelChoiceField(queryset=None, required=False, empty_label="All schools")

    def __init__(self, *args: Any, agreement: Agreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = agreement.schools.order_by("name")
        bound_dates(self, agreement)
