"""State changes to the roster, each with its audit entry (VII.6, VII.4, L.2, S.4)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import F, Q
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import Membership, Role
from agreements.models import Agreement, School
from audit.log import Actor, record
from lib import ratelimit
from reporting.models import MAX_AGE, MIN_AGE, FormA, FormAStudent
from students import oneroster, roster_index
from students.models import RACE_FLAGS, Disclosure, LookupCount, OrgMapping, Roster, RosterImport, Sex, Student
from students.roster_index import normalize, words_of

# The fields an import writes, in a fixed order for comparing and for the bulk UPDATE.
IMPORTED_FIELDS = [
    "identifier",
    "username",
    "email",
    "given_name",
    "family_name",
    "middle_name",
    "preferred_given_name",
    "preferred_family_name",
    "org_sourced_id",
    "school_id",
    "grade",
    "birth_date",
    "sex",
    "hispanic_latino",
    "white",
    "black",
    "pacific_islander",
    "asian",
    "american_indian",
    "race_known",
    "active",
    "search_text",
]
DISABILITY_FIELDS = ["known_disability"]
DEFAULTS: dict[str, Any] = {
    "birth_date": None,
    "sex": "",
    "hispanic_latino": False,
    "white": False,
    "black": False,
    "pacific_islander": False,
    "asian": False,
    "american_indian": False,
    "race_known": False,
}
# The Form A fields a lookup discloses, and nothing else (VII.6).
DISCLOSED_FIELDS = ["age", "gender", "race_ethnicity", "known_disability"]
# Roster searches and fills per SRO per minute: enough for real use, too few to page through the
# roster (settings.ROSTER_LOOKUPS_PER_MINUTE overrides it).
LOOKUPS_PER_MINUTE = 30
NEEDS_INCIDENT_DATE = (
    "Enter the date of the investigation/intervention first: the student's age is taken on that date. "
    "Then choose the student again."
)
STEWARD_ROLES = frozenset({Role.DATA_STEWARD})


def roster_for(agreement: Agreement) -> Roster:
    roster, _ = Roster.objects.get_or_create(agreement=agreement)
    return roster


def search_text(fields: dict[str, Any]) -> str:
    names = [fields[k] for k in ("given_name", "preferred_given_name", "middle_name", "family_name")]
    names.append(fields["preferred_family_name"])
    words = [" ".join(words_of(n)) for n in names if n]
    return " ".join([*words, fields["identifier"].lower()]).strip()


class NeedsConfirmation(Exception):
    """The import would make more than a tenth of the active students inactive; nothing changed."""

    def __init__(self, count: int, active: int, warnings: list[str]):
        self.count, self.active, self.warnings = count, active, warnings
        super().__init__(deactivation_question(count, active))


def deactivation_question(count: int, active: int) -> str:
    share = 100 * count / active if active else 100
    return (
        f"This import would make {count} of the {active} active students inactive ({share:.0f} %). "
        "A bulk export makes inactive every student of its schools that it does not list: check that "
        "the export is complete before you confirm."
    )


def match_orgs(
    agreement: Agreement,
    orgs: dict[str, oneroster.Org],
    used: set[str],
    chosen: dict[str, School] | None = None,
) -> dict[str, int | None]:
    """Map each org that students belong to onto one of the agreement's schools.

    By sourcedId, then identifier, then exact name; a mapping the data steward chose stays,
    and CHOSEN (org sourcedId -> school, from the command's --map-school) is the steward's choice.
    """
    chosen = chosen or {}
    schools = list(agreement.schools.all())
    by_sid = {s.sourced_id: s for s in schools if s.sourced_id}
    by_name = {s.name.casefold(): s for s in schools}
    existing = {m.org_sourced_id: m for m in OrgMapping.objects.filter(agreement=agreement)}
    result: dict[str, int | None] = {}
    for sid in sorted(used | set(chosen)):
        org = orgs.get(sid) or oneroster.Org(sid, "", "", "")
        mapping = existing.get(sid) or OrgMapping(agreement=agreement, org_sourced_id=sid)
        mapping.name, mapping.identifier, mapping.org_type = org.name, org.identifier, org.org_type
        if sid in chosen:
            mapping.school, mapping.matched_by = chosen[sid], "steward"
        elif mapping.matched_by != "steward":
            school, how = None, ""
            if sid in by_sid:
                school, how = by_sid[sid], "sourcedId"
            elif org.identifier and org.identifier in by_sid:
                school, how = by_sid[org.identifier], "identifier"
            elif org.name.casefold() in by_name:
                school, how = by_name[org.name.casefold()], "name"
            mapping.school, mapping.matched_by = school, how
        mapping.save()
        result[sid] = mapping.school_id
    return result


def do_import_roster(
    actor: Actor,
    agreement: Agreement,
    files: dict[str, bytes],
    *,
    roster_import: RosterImport | None = None,
    progress: Callable[[int, int], None] | None = None,
    allow_deactivate: bool | int = False,
    map_schools: dict[str, School] | None = None,
) -> RosterImport:
    """Import a OneRoster bundle: all of it, or nothing (raise ImportRefused with every problem).

    A bulk file makes inactive the students of its own schools that it does not list. When that
    is more than a tenth of the active students, raise NeedsConfirmation unless ALLOW_DEACTIVATE
    is True, or a count at least as large (what the steward confirmed on the page).
    """
    bundle = oneroster.read_bundle(files, progress)
    return _write(
        actor,
        agreement,
        bundle,
        roster_import=roster_import,
        filename="OneRoster bundle",
        allow_deactivate=allow_deactivate,
        map_schools=map_schools or {},
    )


def do_import_disability(
    actor: Actor, agreement: Agreement, data: bytes, *, roster_import: RosterImport | None = None
) -> RosterImport:
    """Import the district's disability extract on its own: it replaces the previous one."""
    known = set(Student.objects.filter(agreement=agreement).values_list("sourced_id", flat=True))
    disability = oneroster.read_disability_file(data, known)
    bundle = oneroster.Bundle(disability=disability)
    return _write(actor, agreement, bundle, roster_import=roster_import, filename="disability.csv", students=False)


def _unmatched_warning(unmatched: dict[str, int], orgs: dict[str, oneroster.Org]) -> str:
    n = len(unmatched)
    listed = "; ".join(
        f"{sid or '(no org)'!r} ({orgs[sid].name if sid in orgs and orgs[sid].name else 'no name'}, "
        f"{count} student{'s' if count != 1 else ''})"
        for sid, count in sorted(unmatched.items())[:10]
    )
    more = f"; and {n - 10} more" if n > 10 else ""
    return (
        f"{n} school{'s' if n != 1 else ''} in the export match{'es' if n == 1 else ''} none of this "
        f"agreement's schools, so {'its' if n == 1 else 'their'} students cannot be looked up: {listed}{more}. "
        'Match them on the roster\'s "Schools in the export" page, or import again with '
        "--map-school ORG_SOURCEDID=SCHOOL_NAME."
    )


@transaction.atomic
def _write(
    actor: Actor,
    agreement: Agreement,
    bundle: oneroster.Bundle,
    *,
    roster_import: RosterImport | None,
    filename: str,
    students: bool = True,
    allow_deactivate: bool | int = False,
    map_schools: dict[str, School] | None = None,
) -> RosterImport:
    roster = Roster.objects.select_for_update().get_or_create(agreement=agreement)[0]
    now = timezone.now()
    existing = {
        row[0]: row[1:]
        for row in Student.objects.filter(agreement=agreement).values_list(
            "sourced_id", "id", *IMPORTED_FIELDS, *DISABILITY_FIELDS
        )
    }
    was_active = IMPORTED_FIELDS.index("active") + 1
    created = updated = deactivated = 0
    warnings = list(bundle.notes)
    fields = list(IMPORTED_FIELDS) if students else []
    if bundle.disability is not None:
        fields += DISABILITY_FIELDS

    if students:
        # Only the schools the bundle covers: a bulk export from one school leaves the others alone.
        covered = {s["org_sourced_id"] for s in bundle.students.values()}
        gone = []
        if bundle.bulk:
            gone = [
                old[0]
                for sid, old in existing.items()
                if old[was_active]
                and sid not in bundle.students
                and old[IMPORTED_FIELDS.index("org_sourced_id") + 1] in covered
            ]
        leaving = len(gone) + sum(
            1 for sid, v in bundle.students.items() if not v["active"] and existing.get(sid, [0] * 30)[was_active]
        )
        active = sum(1 for old in existing.values() if old[was_active])
        confirmed = allow_deactivate is True or (not isinstance(allow_deactivate, bool) and allow_deactivate >= leaving)
        if leaving * 10 > active and leaving and not confirmed:
            raise NeedsConfirmation(leaving, active, warnings)

        map_schools = map_schools or {}
        used = {s["org_sourced_id"] for s in bundle.students.values() if s["org_sourced_id"]}
        school_of = match_orgs(agreement, bundle.orgs, used, map_schools)
        for sid, school in sorted(map_schools.items()):
            record(
                actor,
                "roster.org_mapped",
                OrgMapping.objects.get(agreement=agreement, org_sourced_id=sid),
                agreement=agreement,
                changes={"org": sid, "school": school.pk, "by": "--map-school"},
            )
        to_create: list[list[Any]] = []
        changes: list[list[Any]] = []
        per_org: dict[str, int] = {}
        for sid, values in bundle.students.items():
            row = DEFAULTS | values
            row["school_id"] = school_of.get(row["org_sourced_id"])
            if row["school_id"] is None:
                per_org[row["org_sourced_id"]] = per_org.get(row["org_sourced_id"], 0) + 1
            row["search_text"] = search_text(row)
            if bundle.disability is not None:
                row["known_disability"] = bundle.disability.get(sid, False)
            old = existing.get(sid)
            if old is None:
                to_create.append([agreement.pk, sid, *(row[f] for f in fields), now])
            else:
                current = dict(zip(["id", *IMPORTED_FIELDS, *DISABILITY_FIELDS], old, strict=True))
                if any(current[f] != row[f] for f in fields):
                    changes.append([row[f] for f in fields] + [now, current["id"]])
        created = _insert_rows(["agreement_id", "sourced_id", *fields, "updated_at"], to_create)
        updated = _update_rows(fields, changes)
        for i in range(0, len(gone), 500):
            Student.objects.filter(id__in=gone[i : i + 500]).update(active=False, updated_at=now)
        deactivated = leaving
        if per_org:
            warnings.append(_unmatched_warning(per_org, bundle.orgs))
        for sid in sorted(set(map_schools) - used):
            warnings.append(f"--map-school {sid}: no student in this export belongs to that org.")
        if deactivated:
            warnings.append(
                f"{deactivated} student{'s' if deactivated != 1 else ''} made inactive: not in this bulk export "
                "of their school, or marked tobedeleted."
            )
        roster.has_demographics = bundle.has_demographics
    elif bundle.disability is not None:
        changes = []
        for sid, old in existing.items():
            current = dict(zip(["id", *IMPORTED_FIELDS, *DISABILITY_FIELDS], old, strict=True))
            new = bundle.disability.get(sid, False)
            if current["known_disability"] != new:
                changes.append([new, now, current["id"]])
        updated = _update_rows(DISABILITY_FIELDS, changes)

    if roster_import is None:
        roster_import = RosterImport.objects.create(
            agreement=agreement,
            by=actor.user,
            by_label=actor.label,
            filename=filename,
            kind="oneroster" if students else "disability",
            status=RosterImport.Status.RUNNING,
        )
    roster.generation = uuid.uuid4()
    roster.imported_at = now
    roster.save(update_fields=["generation", "imported_at", "has_demographics"])
    RosterImport.objects.filter(pk=roster_import.pk).update(
        status=RosterImport.Status.DONE,
        created=created,
        updated=updated,
        deactivated=deactivated,
        processed=len(bundle.students) or len(bundle.disability or {}),
        total=len(bundle.students) or len(bundle.disability or {}),
        errors=[],
        warnings=warnings,
        to_deactivate=0,
        finished_at=timezone.now(),
    )
    roster_import.refresh_from_db()
    record(
        actor,
        "roster.imported",
        roster_import,
        agreement=agreement,
        changes={
            "kind": roster_import.kind,
            "created": created,
            "updated": updated,
            "deactivated": deactivated,
            "students": len(bundle.students),
            "disability_extract": bundle.disability is not None,
            "demographics": bundle.has_demographics if students else None,
            "warnings": len(warnings),
        },
    )
    transaction.on_commit(lambda: roster_index.forget(agreement.pk))
    return roster_import


# Imports write with executemany rather than bulk_create/bulk_update: the ORM's per-value
# preparation was most of the import's time (see bench/bench_students_import.py).


def _by_attname(name: str):
    return next(f for f in Student._meta.concrete_fields if f.attname == name)


def _adapt(names: list[str], rows: list[list[Any]]) -> list[list[Any]]:
    """Turn dates and datetimes into what the database driver takes."""
    adapters = []
    for i, name in enumerate(names):
        kind = _by_attname(name).get_internal_type()
        if kind == "DateField":
            adapters.append((i, connection.ops.adapt_datefield_value))
        elif kind == "DateTimeField":
            adapters.append((i, connection.ops.adapt_datetimefield_value))
    for row in rows:
        for i, adapt in adapters:
            row[i] = adapt(row[i])
    return rows


def _insert_rows(names: list[str], rows: list[list[Any]]) -> int:
    """INSERT new students; columns not named take their model defaults."""
    if not rows:
        return 0
    q = connection.ops.quote_name
    others = [f for f in Student._meta.concrete_fields if f.attname not in names and not f.primary_key]
    all_names = names + [f.attname for f in others]
    defaults = [f.get_default() for f in others]
    columns = ", ".join(q(_by_attname(n).column) for n in all_names)
    sql = f"INSERT INTO {q(Student._meta.db_table)} ({columns}) VALUES ({', '.join(['%s'] * len(all_names))})"
    with connection.cursor() as cursor:
        for i in range(0, len(rows), 2000):
            cursor.executemany(sql, _adapt(all_names, [r + defaults for r in rows[i : i + 2000]]))
    return len(rows)


def _update_rows(fields: list[str], rows: list[list[Any]]) -> int:
    """One UPDATE per changed student (rows end with updated_at and id), sent as a batch."""
    if not rows:
        return 0
    q = connection.ops.quote_name
    assignments = ", ".join(f"{q(_by_attname(f).column)} = %s" for f in [*fields, "updated_at"])
    sql = f"UPDATE {q(Student._meta.db_table)} SET {assignments} WHERE {q('id')} = %s"
    with connection.cursor() as cursor:
        for i in range(0, len(rows), 2000):
            cursor.executemany(sql, _adapt([*fields, "updated_at", "id"], rows[i : i + 2000]))
    return len(rows)


def do_record_refusal(actor: Actor, roster_import: RosterImport, problems: list[oneroster.Problem]) -> None:
    """Keep the problems of a refused import for the steward; the roster is unchanged."""
    with transaction.atomic():
        RosterImport.objects.filter(pk=roster_import.pk).update(
            status=RosterImport.Status.FAILED,
            errors=[p.as_dict() for p in problems],
            finished_at=timezone.now(),
        )
        roster_import.refresh_from_db()
        record(
            actor,
            "roster.import_refused",
            roster_import,
            agreement=roster_import.agreement,
            changes={"problems": len(problems)},
            outcome="refused",
        )


def do_record_confirmation_needed(actor: Actor, roster_import: RosterImport, question: NeedsConfirmation) -> None:
    """The import would make many students inactive: keep the count and ask; nothing changed."""
    with transaction.atomic():
        RosterImport.objects.filter(pk=roster_import.pk).update(
            status=RosterImport.Status.CONFIRM,
            to_deactivate=question.count,
            total=question.active,
            warnings=question.warnings,
            finished_at=timezone.now(),
        )
        roster_import.refresh_from_db()
        record(
            actor,
            "roster.import_needs_confirmation",
            roster_import,
            agreement=roster_import.agreement,
            changes={"would_deactivate": question.count, "active": question.active},
            outcome="refused",
        )


# A running import renews its heartbeat at least every few seconds while it reads, and writing
# 50,000 students takes well under a minute; a queued one waits for the worker.
STALLED_RUNNING = timedelta(minutes=10)
STALLED_QUEUED = timedelta(hours=1)
STALLED_MESSAGE = (
    "the import stopped before it finished (the background worker ended, or never started it); "
    "nothing was changed and the uploaded file was deleted. Upload the file again to retry."
)


def do_fail_stalled_imports(agreement: Agreement | None = None) -> int:
    """Mark imports whose worker died as failed, and delete their uploads (issue 13).

    An import is stalled when its heartbeat (or, before the first, its start) is older than
    STALLED_RUNNING, or when it has been queued longer than STALLED_QUEUED. Each is claimed
    with a conditional update, so two sweeps at once fail it once.
    """
    now = timezone.now()
    stalled = RosterImport.objects.filter(
        Q(status=RosterImport.Status.RUNNING, heartbeat_at__lt=now - STALLED_RUNNING)
        | Q(status=RosterImport.Status.RUNNING, heartbeat_at__isnull=True, created_at__lt=now - STALLED_RUNNING)
        | Q(status=RosterImport.Status.QUEUED, created_at__lt=now - STALLED_QUEUED)
    )
    if agreement is not None:
        stalled = stalled.filter(agreement=agreement)
    failed = 0
    for item in stalled.select_related("agreement"):
        with transaction.atomic():
            claimed = RosterImport.objects.filter(pk=item.pk, status=item.status).update(
                status=RosterImport.Status.FAILED,
                errors=[oneroster.Problem(item.filename, 0, "", STALLED_MESSAGE).as_dict()],
                finished_at=now,
            )
            if claimed != 1:
                continue
            if item.task_id:
                # The worker that ran it died: its task would otherwise stay RUNNING for ever.
                DBTaskResult.objects.filter(
                    id=item.task_id, status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
                ).update(
                    status=TaskResultStatus.FAILED,
                    finished_at=now,
                    exception_class_path="students.actions.StalledImport",
                    traceback=STALLED_MESSAGE,
                )
            record(
                Actor.system("roster-import-sweep"),
                "roster.import_failed",
                item,
                agreement=item.agreement,
                changes={"was": item.status, "reason": "stalled"},
                outcome="refused",
            )
            failed += 1
        delete_upload(item)
    return failed


def delete_upload(item: RosterImport) -> None:
    """Delete an import's uploaded file: it holds student information (issue 13)."""
    if item.upload:
        item.upload.delete(save=False)
        RosterImport.objects.filter(pk=item.pk).update(upload="")


@transaction.atomic
def do_map_org(actor: Actor, agreement: Agreement, mapping: OrgMapping, school: School | None) -> OrgMapping:
    """The data steward says which of the agreement's schools an org is (or none)."""
    if school is not None and not agreement.schools.filter(pk=school.pk).exists():
        raise ValidationError("That school is not one of this agreement's schools.")
    old = mapping.school_id
    mapping.school = school
    mapping.matched_by = "steward"
    mapping.save(update_fields=["school", "matched_by"])
    Student.objects.filter(agreement=agreement, org_sourced_id=mapping.org_sourced_id).update(school=school)
    Roster.objects.filter(agreement=agreement).update(generation=uuid.uuid4())
    record(
        actor,
        "roster.org_mapped",
        mapping,
        agreement=agreement,
        changes={"org": mapping.org_sourced_id, "school": [old, school.pk if school else None]},
    )
    return mapping


@transaction.atomic
def do_set_other_gender(actor: Actor, agreement: Agreement, value: str) -> Roster:
    if value not in Roster.OtherGender.values:
        raise ValidationError("Choose Non-binary or ask the SRO.")
    roster = roster_for(agreement)
    old = roster.other_gender
    roster.other_gender = value
    roster.save(update_fields=["other_gender"])
    record(actor, "roster.setting_changed", roster, agreement=agreement, changes={"other_gender": [old, value]})
    return roster


# -- Lookups for Form A (VII.6) ------------------------------------------------------------


def lookup_schools(membership: Membership) -> list[int]:
    """The schools an SRO may look students up in: the SRO's assigned schools."""
    ids = set(membership.schools.values_list("id", flat=True))
    if membership.primary_school_id:
        ids.add(membership.primary_school_id)
    return sorted(ids)


def claim_lookup(membership: Membership) -> bool:
    """Count one roster search or fill against the SRO's limit for this minute; False once over it.

    One conditional UPDATE claims a place, so parallel requests cannot all read the same count
    and all pass (a cache's get-then-set can), whatever the number of server processes.
    """
    limit = getattr(settings, "ROSTER_LOOKUPS_PER_MINUTE", LOOKUPS_PER_MINUTE)
    minute = datetime.fromtimestamp(ratelimit.window_start(60), tz=UTC)
    _, created = LookupCount.objects.get_or_create(membership=membership, minute=minute)
    if created:
        LookupCount.objects.filter(membership=membership, minute__lt=minute - timedelta(minutes=2)).delete()
    claimed = LookupCount.objects.filter(membership=membership, minute=minute, count__lt=limit).update(
        count=F("count") + 1
    )
    return claimed == 1


@transaction.atomic
def do_search_roster(actor: Actor, membership: Membership, query: str) -> list[Student] | None:
    """Students matching QUERY for the SRO's lookup, or None over the rate limit.

    Every search is logged: who, when and how many results, never the words searched (they are
    often a student's name), so a list of students cannot be pulled quietly (S.3, VII.6).
    """
    if membership.role != Role.SRO:
        raise PermissionDenied("Only the SRO filing Form A may search the roster.")
    if not claim_lookup(membership):
        record(
            actor,
            "roster.searched",
            agreement=membership.agreement,
            changes={"results": 0, "over_limit": True},
            outcome="refused",
        )
        return None
    found = find_students(membership, query)
    record(actor, "roster.searched", agreement=membership.agreement, changes={"results": len(found)})
    return found


# How many matches find_students ranks: a common fragment matches many, the exact name among them.
CANDIDATES = 200


def find_students(membership: Membership, query: str, limit: int = 8) -> list[Student]:
    """Active students of the SRO's schools whose names or student ID contain every word of QUERY,
    the likeliest first: exact matches, then names that start with the words typed, then the rest
    (so "Ana" finds Ana before Banana and Joanna)."""
    words = [normalize(w) for w in query.split() if w.strip()]
    if not words or sum(len(w) for w in words) < 2:
        return []
    qs = Student.objects.active().filter(agreement=membership.agreement, school_id__in=lookup_schools(membership))
    for w in words[:4]:
        qs = qs.filter(search_text__contains=w)
    candidates = list(
        qs.select_related("school").only(
            "id", "given_name", "family_name", "preferred_given_name", "grade", "school__name", "search_text"
        )[:CANDIDATES]
    )
    candidates.sort(key=lambda s: (match_rank(s.search_text, words[:4]), s.family_name, s.given_name, s.pk))
    return candidates[:limit]


def match_rank(search_text: str, words: list[str]) -> int:
    """0 when every word is a whole name (or the ID), 1 when every word starts one, 2 otherwise."""
    names = search_text.split()
    if all(w in names for w in words):
        return 0
    if all(any(n.startswith(w) for n in names) for w in words):
        return 1
    return 2


def initials(student: Student) -> str:
    """ "A. O.": enough for the SRO to catch a wrong pick, shown once and never stored."""
    given = student.preferred_given_name or student.given_name
    return " ".join(f"{part[0].upper()}." for part in (given, student.family_name) if part)


def form_a_values(student: Student, incident_date: date | None, roster: Roster) -> dict[str, Any]:
    """Form A's fields for STUDENT, and nothing else: no name, no identifier, no birth date."""
    gender = {Sex.MALE: "male", Sex.FEMALE: "female"}.get(student.sex, "")
    if student.sex in (Sex.OTHER, Sex.UNSPECIFIED) and roster.other_gender == Roster.OtherGender.NON_BINARY:
        gender = "non_binary"
    values = {
        "age": student.age_on(incident_date or timezone.localdate()),
        "gender": gender,
        "hispanic_latino": student.hispanic_latino,
        "white": student.white,
        "black": student.black,
        "pacific_islander": student.pacific_islander,
        "asian": student.asian,
        "american_indian": student.american_indian,
        "known_disability": student.known_disability,
    }
    # Fill only what the district supplied (VII.6): where it said nothing (no birth date, no sex,
    # race/ethnicity all blank) the block keeps what the SRO entered, and the SRO completes it.
    if student.birth_date is None:
        del values["age"]
    if not student.sex:
        del values["gender"]
    if not student.race_known:
        for name in RACE_FLAGS:
            del values[name]
    return values


def supplied_in_full(student: Student) -> bool:
    """Whether the district supplied every part of a Form A block but perhaps the disability
    answer (which, like a gender the SRO must choose, has an empty state the SRO must fill)."""
    return student.birth_date is not None and bool(student.sex) and student.race_known


@transaction.atomic
def do_disclose_for_form_a(
    actor: Actor,
    membership: Membership,
    student: Student,
    *,
    incident_date: date | None,
    report_id: int | None = None,
    report_label: str = "",
    student_label: str = "",
) -> dict[str, Any]:
    """Give the SRO a student's Form A fields, logging the disclosure (FERPA 34 CFR 99.32, L.2).

    INCIDENT_DATE is the report's stored incident date: the age is taken on it, and there is
    no disclosure without one. The log keeps the date and the values disclosed.
    """
    if membership.role != Role.SRO:
        raise PermissionDenied("Only the SRO filing Form A may look up a student's demographics.")
    if not student.active or student.school_id not in lookup_schools(membership):
        raise PermissionDenied("That student is not in your assigned schools.")
    if incident_date is None:
        raise ValidationError(NEEDS_INCIDENT_DATE)
    values = form_a_values(student, incident_date, roster_for(membership.agreement))
    if values.get("age") is not None and not MIN_AGE <= values["age"] <= MAX_AGE:
        # A birth date that gives an age Form A cannot hold is the district's error: the SRO enters it.
        del values["age"]
    disclosure = Disclosure.objects.create(
        agreement=membership.agreement,
        student=student,
        to=membership,
        to_label=f"{membership.display_name} ({membership.get_role_display()}, badge {membership.badge_number})",
        purpose="Form A",
        report_id=report_id,
        report_label=report_label,
        student_label=student_label,
        fields=DISCLOSED_FIELDS,
        as_of=incident_date,
        values=values,
    )
    # The audit entry points at the disclosure record only. Which student went into which report
    # stays in the disclosure log, which the police cannot read; the audit trail, which the Chief
    # reads beside the reports, must not tie a student to a Form A.
    record(
        actor,
        "student.disclosed",
        disclosure,
        agreement=membership.agreement,
        changes={"purpose": "Form A", "fields": DISCLOSED_FIELDS},
        object_repr=f"Disclosure #{disclosure.pk} (see the disclosure log)",
    )
    return values


@transaction.atomic
def do_fill_student_block(
    actor: Actor, membership: Membership, student: Student, block: FormAStudent
) -> dict[str, Any]:
    """Copy a student's Form A fields onto a draft's student block, logging the disclosure.

    Only the values are copied: the block never learns which student they came from (VII.4).
    The age is taken on the incident date stored on the report, read here and nowhere else:
    a date sent with the request could be chosen to find the birth date (VII.6).
    """
    from reporting import actions as reporting_actions

    report = block.report
    incident_date = FormA.objects.filter(pk=report.pk).values_list("incident_date", flat=True).first()
    values = do_disclose_for_form_a(
        actor,
        membership,
        student,
        incident_date=incident_date,
        report_id=report.pk,
        report_label=str(report),
        student_label=block.label,
    )
    reporting_actions.do_save_draft(actor, report, membership, fields={}, students={block.pk: values})
    # A block the district could not wholly fill holds the SRO's values beside the district's:
    # it is marked as entered by hand, never as the district's data.
    FormAStudent.objects.filter(pk=block.pk).update(entered_by_hand=not supplied_in_full(student))
    record(
        actor, "form_a.student_filled_from_roster", report, agreement=report.agreement, changes={"block": block.label}
    )
    return values


def do_log_disclosure(
    actor: Actor,
    membership: Membership,
    student: Student,
    *,
    purpose: str,
    fields: list[str],
    report_label: str = "",
) -> Disclosure:
    """Log that MEMBERSHIP was shown FIELDS of STUDENT, for PURPOSE (FERPA 34 CFR 99.32, L.2).

    For disclosures other than a Form A fill (which `do_disclose_for_form_a` logs with its values):
    the entry names the fields shown, and the audit entry points at the log only, as there.
    """
    badge = f", badge {membership.badge_number}" if membership.badge_number else ""
    (disclosure,) = do_log_disclosures(
        actor,
        membership.agreement,
        [student],
        to=membership,
        to_label=f"{membership.display_name} ({membership.get_role_display()}{badge})",
        purpose=purpose,
        report_label=report_label,
        fields=fields,
    )
    return disclosure


@transaction.atomic
def do_log_disclosures(
    actor: Actor,
    agreement: Agreement,
    students: list[Student],
    *,
    to: Membership,
    to_label: str,
    purpose: str,
    report_label: str,
    fields: list[str],
    as_of: date | None = None,
    at: datetime | None = None,
) -> list[Disclosure]:
    """Log another part of the agreement's disclosure of these students' information (FERPA
    34 CFR 99.32, L.2), in the same log as Form A's: one entry per student. Used by VIII.3."""
    entries = [
        Disclosure.objects.create(
            agreement=agreement,
            student=student,
            to=to,
            to_label=to_label[:300],
            at=at or timezone.now(),
            purpose=purpose[:200],
            report_label=report_label[:100],
            fields=fields,
            as_of=as_of,
        )
        for student in students
    ]
    for disclosure in entries:
        record(
            actor,
            "student.disclosed",
            disclosure,
            agreement=agreement,
            changes={"purpose": purpose, "fields": fields},
            object_repr=f"Disclosure #{disclosure.pk} (see the disclosure log)",
        )
    return entries
