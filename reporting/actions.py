"""Every change to a Form A goes through here, with its audit entry (VII.1, VII.7, VII.8, VII.10).

A report's life: a draft the SRO fills in (several at once if need be); submitted, with the
SRO's signature; then received by the Chief (or, on the § 10-233p route, the Superintendent),
or returned for correction and submitted again. Every submission, return and receipt keeps a
frozen copy (FormAVersion). The due date never moves, and a late report stays late.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import SUPERINTENDENT_ROLES, Membership, Role
from agreements.models import Agreement
from assignments.queries import schools_on
from audit.log import Actor, record
from audit.models import AuditEntry
from reporting.forms import (
    FREE_TEXT_FIELDS,
    MAIN_FIELDS,
    STUDENT_FIELDS,
    check_report,
    confirm_findings,
    incident_date_problem,
    names_message,
    report_values,
    student_values,
)
from reporting.models import FormA, FormAStudent, FormAVersion
from reporting.routes import Document, receiver_roles, receivers
from students import guard

if TYPE_CHECKING:
    from accounts.models import User

MAX_STUDENTS = 52


class NotEditable(ValidationError):
    """The report has left the SRO's hands (submitted or received): nothing about it changes here."""


class Incomplete(ValidationError):
    """The report breaks one of Form A's rules. Its messages may quote words the name guard
    refused, so a page shows them beside their fields, never in a message that travels."""


class WrongState(ValidationError):
    """The report is not in the state this step needs, e.g. it was received a moment ago."""


def due_date_for(agreement: Agreement, incident_date: date | None) -> date | None:
    """Five school days after the incident (VII.2), or None while the calendar does not cover it."""
    if incident_date is None:
        return None
    from schoolcalendar.days import CalendarGap, due_date

    try:
        return due_date(agreement, incident_date)
    except CalendarGap:
        return None


def profile_values(membership: Membership) -> dict[str, str]:
    """The SRO's name and badge number as Form A prints them, from the profile (VII.3)."""
    return {"sro_name": membership.display_name, "badge_number": membership.badge_number}


def _json(value: Any) -> Any:
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def snapshot(report: FormA, students: list[FormAStudent] | None = None) -> dict[str, Any]:
    """The report as it stands, students included (STUDENTS, if the caller has read them in
    order), for a FormAVersion."""
    data = report_values(report)
    data |= {"sro_name": report.sro_name, "badge_number": report.badge_number}
    data["school"] = report.school.name if report.school else ""
    data |= {"number": report.number, "status": report.status, "due_date": report.due_date}
    data |= {
        "school_days_late": report.school_days_late,
        "correction_school_days_late": report.correction_school_days_late,
    }
    # The Chief's reason for a return is kept here, with the version it returned, not in the audit log.
    data["returned_reason"] = report.returned_reason
    if students is None:
        students = list(report.students.order_by("position"))
    data["students"] = [{"label": s.label, **student_values(s)} for s in students]
    return _json(data)


def _keep_version(report: FormA, event: str, by: User, students: list[FormAStudent] | None = None) -> FormAVersion:
    return FormAVersion.objects.create(
        report=report, version=report.version, event=event, snapshot=snapshot(report, students), by=by
    )


def _editable(report_id: int, membership: Membership) -> FormA:
    """Lock the SRO's own report; refuse one that is not a draft or returned."""
    report = FormA.objects.select_for_update().filter(pk=report_id, sro=membership).first()
    if report is None or not report.is_editable:
        raise NotEditable("This report has been submitted; it can no longer be changed.")
    return report


@transaction.atomic
def do_start_draft(
    actor: Actor, membership: Membership, *, escalated_to_violence: bool, constitutes_crime: bool
) -> FormA:
    """Open a new draft after the eligibility question (VII.1), prefilled from the SRO's profile."""
    if membership.role != Role.SRO:
        raise ValidationError("Only a School Resource Officer files Form A.")
    if not (escalated_to_violence or constitutes_crime):
        from reporting.forms import GATE_REFUSAL

        raise ValidationError(GATE_REFUSAL)
    report = FormA.objects.create(
        agreement=membership.agreement,
        sro=membership,
        escalated_to_violence=escalated_to_violence,
        constitutes_crime=constitutes_crime,
        school=next(iter(schools_on(membership, timezone.localdate())), None),
        **profile_values(membership),
    )
    FormAStudent.objects.create(report=report, position=0)
    record(
        actor,
        "form_a.draft_started",
        report,
        agreement=membership.agreement,
        changes={"escalated_to_violence": escalated_to_violence, "constitutes_crime": constitutes_crime},
    )
    return report


@transaction.atomic
def do_save_draft(
    actor: Actor,
    report: FormA,
    membership: Membership,
    *,
    fields: dict[str, Any],
    students: dict[int, dict[str, Any]] | None = None,
) -> list[str]:
    """Save what the SRO has typed so far; return the names of the fields that changed.

    FIELDS are report fields, STUDENTS maps a student's id to its fields; unknown names are
    ignored. The audit entry names the fields changed, never their values. A value outside its
    field's bounds (an age of 40000, a date in 9999) is refused whole, so nothing is stored that
    the form would refuse (S.4); the bounds are checked first, so the guard never scans an
    overlong text. A draft never stores a text the no-names guard blocks (VII.4): such a text is
    refused and nothing is saved.
    """
    locked = _editable(report.pk, membership)
    _check_bounds(FormA, {n: v for n, v in fields.items() if n in MAIN_FIELDS})
    if problem := incident_date_problem(locked.agreement, fields.get("incident_date"), timezone.localdate()):
        raise ValidationError({"incident_date": problem})
    for values in (students or {}).values():
        _check_bounds(FormAStudent, {n: v for n, v in values.items() if n in STUDENT_FIELDS})
    changed: list[str] = []
    refused = {}
    for name in FREE_TEXT_FIELDS:
        value = fields.get(name)
        if value and value != getattr(locked, name):
            found = guard.scan(locked.agreement, value, school=fields.get("school") or locked.school)
            if blocking := [f for f in found if f.severity == guard.BLOCK]:
                refused[name] = names_message(blocking)
    if refused:
        raise ValidationError(refused)
    for name, value in fields.items():
        if name in MAIN_FIELDS and getattr(locked, name) != value:
            setattr(locked, name, value)
            changed.append(name)
    # The due date follows the incident date while the report is a draft; once it has been
    # submitted, it never moves (VII.2, VII.8).
    if "incident_date" in changed and locked.first_submitted_at is None:
        locked.due_date = due_date_for(locked.agreement, locked.incident_date)
    if changed:
        locked.save()
    by_id = {s.pk: s for s in locked.students.all()}
    for student_id, values in (students or {}).items():
        student = by_id.get(student_id)
        if student is None:
            continue
        student_changed = [n for n, v in values.items() if n in STUDENT_FIELDS and getattr(student, n) != v]
        for name in student_changed:
            setattr(student, name, values[name])
        if student_changed:
            student.save(update_fields=student_changed)
            changed += [f"{student.label}: {name}" for name in student_changed]
    if changed:
        record(actor, "form_a.draft_saved", locked, agreement=locked.agreement, changes={"fields": changed})
    for name in ("due_date", *MAIN_FIELDS):
        setattr(report, name, getattr(locked, name))
    return changed


def _check_bounds(model: type[FormA] | type[FormAStudent], values: dict[str, Any]) -> None:
    """Run each field's own validators (lengths, ages, minutes) on VALUES; raise them all at once."""
    errors: dict[str, list[str]] = {}
    for name, value in values.items():
        if value is None or value == "":
            continue
        try:
            model._meta.get_field(name).run_validators(value)
        except ValidationError as e:
            errors[name] = e.messages
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def do_add_student(actor: Actor, report: FormA, membership: Membership) -> FormAStudent:
    """Add the next student block: Student B after Student A, and so on."""
    locked = _editable(report.pk, membership)
    last = locked.students.aggregate(last=Max("position"))["last"]
    position = 0 if last is None else last + 1
    if position >= MAX_STUDENTS:
        raise ValidationError(f"A report can hold at most {MAX_STUDENTS} students.")
    student = FormAStudent.objects.create(report=locked, position=position)
    record(actor, "form_a.student_added", locked, agreement=locked.agreement, changes={"student": student.label})
    return student


@transaction.atomic
def do_remove_student(actor: Actor, report: FormA, membership: Membership, position: int) -> None:
    """Remove one student block; the ones after it move up, so the letters stay A, B, C, ..."""
    locked = _editable(report.pk, membership)
    students = list(locked.students.order_by("position"))
    victim = next((s for s in students if s.position == position), None)
    if victim is None:
        raise ValidationError("That student is no longer on this report.")
    if len(students) == 1:
        raise ValidationError("A report needs at least one student.")
    label = victim.label
    victim.delete()
    # Ascending order: each student moves into the place just vacated, so positions stay unique.
    for student in students:
        if student.position > position:
            FormAStudent.objects.filter(pk=student.pk).update(position=student.position - 1)
    record(actor, "form_a.student_removed", locked, agreement=locked.agreement, changes={"student": label})


@transaction.atomic
def do_discard_draft(actor: Actor, report: FormA, membership: Membership) -> None:
    """Delete a draft that was never submitted (one started by mistake)."""
    locked = _editable(report.pk, membership)
    if locked.first_submitted_at is not None:
        raise ValidationError("A report that was submitted once cannot be discarded; correct it and submit it.")
    pk = locked.pk
    record(actor, "form_a.draft_discarded", locked, agreement=locked.agreement, changes={"draft": pk})
    locked.delete()


def _next_number(agreement: Agreement, year: int) -> str:
    """ "YYYY-NNNN", counting this agreement's reports numbered that year. The caller holds the
    agreement's row lock, so two submissions cannot take the same number."""
    prefix = f"{year}-"
    taken = FormA.objects.filter(agreement=agreement, number__startswith=prefix).count()
    return f"{prefix}{taken + 1:04d}"


def school_days_late(agreement: Agreement, due: date | None, on: date) -> int | None:
    """School days after the due date, 0 when on time; None when there is no due date.

    Anything after the due date is late (VII.2: "no later than five school days after"): a
    report filed on a holiday or weekend after it counts as one school day late, and so does one
    filed where the calendar cannot count the days, rather than passing as on time.
    """
    if due is None:
        return None
    if on <= due:
        return 0
    from schoolcalendar.days import CalendarGap, for_district

    try:
        return max(1, for_district(agreement.district).school_days_between(due, on))
    except CalendarGap:
        return 1


@transaction.atomic
def do_submit(
    actor: Actor, report: FormA, membership: Membership, *, signature: str, names_confirmed: bool = False
) -> FormA:
    """The SRO signs and submits (VII.7). Submitting twice files one report.

    SIGNATURE says how the SRO signed ("password" or "totp"); the caller has checked it.
    """
    # The agreement's row lock serializes numbering; the conditional update below is what makes
    # a double click, a second tab or a retried request file one report. NO KEY UPDATE: a plain
    # FOR UPDATE also blocks every insert that refers to the agreement (an audit entry holding
    # the audit chain's head), a deadlock on PostgreSQL under load (bench/load.py).
    agreement = Agreement.objects.select_for_update(no_key=True).get(pk=membership.agreement_id)
    locked = _editable(report.pk, membership)
    locked.agreement = agreement  # the row just locked: the guard and the calendar read it from here
    students = list(locked.students.order_by("position"))
    today = timezone.localdate()
    problems = check_report(
        report_values(locked),
        [student_values(s) for s in students],
        agreement=agreement,
        today=today,
        sro=membership,
    )
    if problems:
        raise Incomplete([p.message for p in problems])
    to_confirm = confirm_findings(locked)
    if to_confirm and not names_confirmed:
        raise ValidationError("Confirm that the words found are not the names of students.")

    now = timezone.now()
    updates: dict[str, Any] = {
        "status": FormA.Status.SUBMITTED,
        "submitted_at": now,
        "returned_reason": "",
        # As printed on the form: the SRO's profile when signing, never typed on the report.
        **profile_values(membership),
    }
    first = locked.first_submitted_at is None
    if first:
        due = due_date_for(agreement, locked.incident_date)
        updates |= {
            "number": _next_number(agreement, today.year),
            "first_submitted_at": now,
            "due_date": due,
            "school_days_late": school_days_late(agreement, due, today),
        }
    else:
        # Returned and corrected: the report keeps its first lateness and due date (VII.8); whether
        # the correction itself came back after the due date is recorded beside them.
        updates["version"] = locked.version + 1
        updates["correction_school_days_late"] = school_days_late(agreement, locked.due_date, today)
    claimed = FormA.objects.filter(pk=locked.pk, status=locked.status).update(**updates)
    if claimed != 1:
        raise NotEditable("This report has already been submitted.")
    # The row as just written, under its lock: the snapshot reads the school already loaded.
    for name, value in updates.items():
        setattr(locked, name, value)
    _keep_version(locked, "submitted", actor.user, students)
    changes: dict[str, Any] = {
        "number": locked.number,
        "version": locked.version,
        "due_date": locked.due_date,
        "school_days_late": locked.school_days_late,
        "signature": signature,
        **({} if first else {"correction_school_days_late": locked.correction_school_days_late}),
    }
    if to_confirm:
        # Where the confirmed words stand (field and offsets in this version), never the words:
        # the audit chain is permanent, and a wrongly confirmed word would be a student's name.
        changes["confirmed_not_student_names"] = {
            field: [[f.start, f.end] for f in items] for field, items in sorted(to_confirm.items())
        }
    record(actor, "form_a.submitted", locked, agreement=agreement, changes=changes)
    return locked


def _receivable(report: FormA, membership: Membership) -> FormA:
    if membership.role not in receiver_roles(membership.agreement):
        raise ValidationError("Under this agreement's route, you do not receive Form As.")
    locked = FormA.objects.select_for_update().filter(pk=report.pk, agreement=membership.agreement).first()
    if locked is None or locked.status != FormA.Status.SUBMITTED:
        raise WrongState("This report is no longer waiting for receipt.")
    return locked


def do_receive(actor: Actor, report: FormA, membership: Membership, *, signature: str) -> FormA:
    """Record receipt with signature and acknowledgment (VII.8); cc the Superintendent, without content.

    The received report is immutable: the receipt keeps its version and puts that version's
    SHA-256 in the audit entry. Its PDF, which prints the receipt, is laid out afterwards by the
    task worker (`do_store_pdf`, a fifth of a second or more of WeasyPrint that the Chief need
    not wait for); the task is enqueued in the receipt's own transaction, so a receipt never
    loses it.
    """
    from reporting.tasks import store_received_pdf

    now = timezone.now()
    with transaction.atomic():
        locked = _receivable(report, membership)
        FormA.objects.filter(pk=locked.pk).update(
            status=FormA.Status.RECEIVED,
            received_at=now,
            received_by=actor.user,
            received_by_name=membership.display_name,
        )
        locked.refresh_from_db()
        received = _finish_receipt(actor, locked, membership, now=now, signature=signature)
        store_received_pdf.enqueue(received.pk)
    return received


def content_sha256(snapshot: dict[str, Any]) -> str:
    """The SHA-256 of a kept version's content, as canonical JSON (the audit chain's own form)."""
    from audit.models import canonical

    text = json.dumps(canonical(snapshot), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


class _StoredFirst(Exception):
    """Another worker or request stored this report's PDF first."""


def do_store_pdf(report: FormA) -> FormA:
    """Lay out a received report as its PDF once, keep the file and audit its SHA-256 (VII.11).

    Run by the task worker after each receipt, and by anything that needs the file before the
    worker got to it (the PDF download, a compilation). It renders outside any transaction, then
    stores the file's name and digest only if no one stored one first; whoever loses deletes
    their file. So however many run at once, a report has one stored PDF and one audit entry.
    """
    from reporting.pdf import render_form_a, write_form_a_pdf  # WeasyPrint loads only when a PDF is made

    current = FormA.objects.select_related("agreement__district", "agreement__police_department").get(pk=report.pk)
    if current.pdf or current.status != FormA.Status.RECEIVED:
        return current
    name, digest = write_form_a_pdf(current, render_form_a(current))
    try:
        with transaction.atomic():
            stored = FormA.objects.filter(pk=current.pk, status=FormA.Status.RECEIVED, pdf="").update(
                pdf=name, pdf_sha256=digest
            )
            if stored != 1:
                raise _StoredFirst
            record(
                Actor.system("pdf"),
                "form_a.pdf_stored",
                current,
                agreement=current.agreement,
                changes={"number": current.number, "pdf_sha256": digest},
            )
    except BaseException as e:
        current.pdf.storage.delete(name)
        if not isinstance(e, _StoredFirst):
            raise
    current.refresh_from_db()
    return current


def _finish_receipt(actor: Actor, locked: FormA, membership: Membership, *, now: datetime, signature: str) -> FormA:
    kept = _keep_version(locked, "received", actor.user)
    record(
        actor,
        "form_a.received",
        locked,
        agreement=locked.agreement,
        changes={
            "number": locked.number,
            "received_on": timezone.localdate(now),
            "content_sha256": content_sha256(kept.snapshot),
            "signature": signature,
            "acknowledged_confidentiality": True,
        },
    )
    # The Superintendent, who receives the compilations, is cc'd on each receipt.
    cc = receivers(locked.agreement, Document.COMPILATION, besides=actor.user)
    if cc:
        from notices.actions import notify

        notify(
            cc,
            agreement=locked.agreement,
            kind="form_a_received",
            key=f"form_a_received:{locked.pk}",
            # The cc says that a report was received, and nothing of what it says.
            context={
                "number": locked.number,
                "received_on": timezone.localdate(now),
                "received_by": membership.display_name,
                "receiver_title": membership.get_role_display(),
                "agreement_title": locked.agreement.title,
            },
        )
    return locked


@transaction.atomic
def do_return(
    actor: Actor, report: FormA, membership: Membership, *, reason: str, names_confirmed: bool = False
) -> FormA:
    """Return a submitted report to its SRO for correction, with the reason (VII.8).

    The reason is checked by the no-names guard like Form A's own text (VII.4): a full name or
    an identifier is refused, a single name needs the sender's confirmation. It is kept in the
    report's version history; the audit entry says where confirmed words stand, never the text.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError("Write why the report is returned, so the SRO knows what to correct.")
    _check_bounds(FormA, {"returned_reason": reason})
    found = guard.scan(report.agreement, reason, school=report.school)
    if any(f.severity == guard.BLOCK for f in found):
        raise ValidationError("The reason may not identify a student: remove the student's name or identifier.")
    if found and not names_confirmed:
        raise ValidationError("Confirm that the words found in the reason are not the names of students.")
    locked = _receivable(report, membership)
    claimed = FormA.objects.filter(pk=locked.pk, status=FormA.Status.SUBMITTED).update(
        status=FormA.Status.RETURNED, returned_reason=reason
    )
    if claimed != 1:
        raise WrongState("This report is no longer waiting for receipt.")
    locked.refresh_from_db()
    _keep_version(locked, "returned", actor.user)
    changes: dict[str, Any] = {"number": locked.number, "version": locked.version, "reason_kept_in_version": True}
    if found:
        changes["confirmed_not_student_names"] = {"reason": [[f.start, f.end] for f in found]}
    record(actor, "form_a.returned", locked, agreement=locked.agreement, changes=changes)
    from django.urls import reverse

    from notices.actions import notify

    notify(
        [locked.sro.user],
        agreement=locked.agreement,
        kind="form_a_returned",
        key=f"form_a_returned:{locked.pk}:{locked.version}",
        context={
            "number": locked.number,
            "reason": reason,
            "returned_by": membership.display_name,
            "due_date": locked.due_date,
        },
        url=reverse("reporting:edit", kwargs={"slug": locked.agreement.slug, "pk": locked.pk}),
    )
    return locked


@transaction.atomic
def do_forward_to_board(actor: Actor, report: FormA, membership: Membership) -> FormA:
    """On the § 10-233p route, the Superintendent records forwarding a received report to the Board."""
    agreement = membership.agreement
    if agreement.report_route != Agreement.Route.SUPERINTENDENT or membership.role not in SUPERINTENDENT_ROLES:
        raise ValidationError("Only the Superintendent forwards Form As to the Board, on the § 10-233p route.")
    claimed = FormA.objects.filter(
        pk=report.pk, agreement=agreement, status=FormA.Status.RECEIVED, forwarded_to_board_at__isnull=True
    ).update(forwarded_to_board_at=timezone.now())
    if claimed != 1:
        raise WrongState("This report is not received, or was already forwarded to the Board.")
    report.refresh_from_db()
    record(actor, "form_a.forwarded_to_board", report, agreement=agreement, changes={"number": report.number})
    return report


def record_view(actor: Actor, report: FormA) -> None:
    """Each opening of a filed report's content is audited (S.3)."""
    record(actor, "form_a.viewed", report, agreement=report.agreement, changes={"number": report.number})


def record_pdf_download(actor: Actor, report: FormA) -> None:
    """Each download of a received report's PDF is audited, with the file's SHA-256 (S.3)."""
    record(
        actor,
        "form_a.pdf_downloaded",
        report,
        agreement=report.agreement,
        changes={"number": report.number, "sha256": report.pdf_sha256},
    )


def record_refused_signature(actor: Actor, report: FormA, step: str) -> None:
    """A wrong password or code under a signature: audited as refused, without what was typed."""
    record(
        actor,
        f"form_a.{step}",
        report,
        agreement=report.agreement,
        outcome=AuditEntry.Outcome.REFUSED,
        changes={"reason": "signature not accepted"},
    )


def record_guard_limited(actor: Actor, report: FormA) -> None:
    """New text refused because its author had it checked for names too often (VII.4): audited,
    so that trying to list the roster through the guard is never quiet. Without the text."""
    record(
        actor,
        "form_a.names_check_limited",
        report,
        agreement=report.agreement,
        outcome=AuditEntry.Outcome.REFUSED,
        changes={"reason": "too many name checks in a minute"},
    )
