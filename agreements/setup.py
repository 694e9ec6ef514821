"""An agreement from a declarative TOML file (P.1): `manage.py setup_agreement PATH.toml`.

The file says what the agreement is: its parties, schools, parameters, signatories and people.
Applying it creates what is missing and changes what differs, through the same actions the
pages use, so running it twice changes nothing. It is all-or-nothing: every key is checked
before anything is written, and any refusal while writing rolls the whole file back. Each error
names the key it is about (`people[2].schools`), so a town can fix its file.

The demo's two towns are such files (demo/*.toml) and `load_demo` loads them through `apply`.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction

from accounts import actions as account_actions
from accounts.models import POLICE_ROLES, SCHOOL_ROLES, Invitation, Role
from agreements import actions
from agreements.models import Agreement, PoliceDepartment, School, SchoolDistrict
from audit.log import Actor, record

TOP_KEYS = {
    "slug",
    "title",
    "signed_on",
    "effective_date",
    "police_department",
    "district",
    "schools",
    "parameters",
    "incident_notice",
    "signatories",
    "people",
}
PARAMETER_KEYS = {
    "report_deadline_school_days",
    "chief_post_certified",
    "termination_notice",
    "termination_effective",
}
INCIDENT_NOTICE_KEYS = {"rule", "hours", "school_day_ends_at"}
TIME_OF_DAY = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
MONTH_DAY = re.compile(r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,49}$")
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)


class SetupError(Exception):
    """The file cannot be applied; ERRORS lists (key, message) pairs."""

    def __init__(self, errors: list[tuple[str, str]]):
        self.errors = errors
        super().__init__("\n".join(f"{key}: {message}" for key, message in errors))


@dataclass
class SchoolSpec:
    name: str
    level: str
    sourced_id: str = ""


@dataclass
class PersonSpec:
    key: str
    username: str
    name: str
    email: str
    role: str
    schools: list[str] = field(default_factory=list)
    badge_number: str = ""
    title: str = ""
    starts_on: date | None = None


@dataclass
class Spec:
    slug: str
    title: str
    signed_on: date
    effective_date: date
    police_department: dict[str, str]
    district: dict[str, str]
    schools: list[SchoolSpec]
    parameters: dict[str, Any]
    signatories: list[dict[str, Any]]
    people: list[PersonSpec]
    # IV.1: when the SRO's notice to the principal is due; empty leaves the agreement's as it is.
    incident_notice: dict[str, Any] = field(default_factory=dict)


@dataclass
class Result:
    agreement: Agreement
    created: bool
    # Audit entries written: zero when the file changed nothing.
    changes: int
    # (username, link) for each person invited by this run.
    invited: list[tuple[str, str]]
    invitations: list[Invitation]


class _Reader:
    """Read values out of the parsed TOML, collecting one error per bad key."""

    def __init__(self) -> None:
        self.errors: list[tuple[str, str]] = []

    def fail(self, key: str, message: str) -> None:
        self.errors.append((key, message))

    def table(self, data: Any, key: str, allowed: set[str], required: bool = True) -> dict[str, Any]:
        if data is None:
            if required:
                self.fail(key, "is missing")
            return {}
        if not isinstance(data, dict):
            self.fail(key, "must be a table")
            return {}
        for unknown in sorted(set(data) - allowed):
            self.fail(
                f"{key}.{unknown or repr(unknown)}" if key else unknown or repr(unknown),
                f"is not a key this file may have ({', '.join(sorted(allowed))})",
            )
        return data

    def array(self, data: dict, key: str, prefix: str = "") -> list[Any]:
        value = data.get(key, [])
        if not isinstance(value, list):
            self.fail(prefix + key, "must be an array")
            return []
        return value

    def text(self, data: dict, key: str, prefix: str, max_length: int, required: bool = True) -> str:
        value = data.get(key)
        if value is None:
            if required:
                self.fail(prefix + key, "is missing")
            return ""
        if not isinstance(value, str):
            self.fail(prefix + key, "must be text in quotes")
            return ""
        # Normalise once at the boundary (NFKC, format characters removed, runs of spaces as one).
        value = "".join(c for c in unicodedata.normalize("NFKC", value) if unicodedata.category(c) != "Cf")
        value = " ".join(value.split())
        if any(unicodedata.category(c) == "Cc" for c in value):
            self.fail(prefix + key, "holds control characters")
            return ""
        if required and not value:
            self.fail(prefix + key, "is empty")
        if len(value) > max_length:
            self.fail(prefix + key, f"is longer than {max_length} characters")
        return value

    def day(self, data: dict, key: str, prefix: str) -> date:
        value = data.get(key)
        if value is None:
            self.fail(prefix + key, "is missing")
            return EARLIEST
        if isinstance(value, datetime) or not isinstance(value, date):
            self.fail(prefix + key, "must be a date written like 2024-08-15 (no quotes, no time)")
            return EARLIEST
        if not EARLIEST <= value <= LATEST:
            self.fail(prefix + key, f"must be between {EARLIEST} and {LATEST}")
        return value


def read(path: str | Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except FileNotFoundError:
        raise SetupError([(str(path), "no such file")]) from None
    except tomllib.TOMLDecodeError as e:
        raise SetupError([(str(path), f"is not valid TOML: {e}")]) from None


def parse(data: dict[str, Any]) -> Spec:
    """Check every key of the file; raise SetupError listing all the problems at once."""
    r = _Reader()
    r.table(data, "", TOP_KEYS)
    slug = r.text(data, "slug", "", 50)
    if slug and not SLUG.match(slug):
        r.fail("slug", "must be lower-case letters, digits and hyphens, starting with a letter or digit")
    title = r.text(data, "title", "", 300)
    signed_on = r.day(data, "signed_on", "")
    effective_date = r.day(data, "effective_date", "")

    parties = {}
    for key in ("police_department", "district"):
        table = r.table(data.get(key), key, {"name", "town"})
        parties[key] = {"name": r.text(table, "name", f"{key}.", 200), "town": r.text(table, "town", f"{key}.", 100)}

    schools: list[SchoolSpec] = []
    levels = School.Level.values
    for i, raw in enumerate(r.array(data, "schools")):
        key = f"schools[{i}]"
        table = r.table(raw, key, {"name", "level", "sourced_id"})
        school = SchoolSpec(
            name=r.text(table, "name", f"{key}.", 200),
            level=r.text(table, "level", f"{key}.", 12),
            sourced_id=r.text(table, "sourced_id", f"{key}.", 100, required=False),
        )
        if school.level and school.level not in levels:
            r.fail(f"{key}.level", f"must be one of {', '.join(levels)}, not {school.level!r}")
        if school.name and any(s.name.lower() == school.name.lower() for s in schools):
            r.fail(f"{key}.name", f"{school.name!r} is listed twice")
        schools.append(school)
    if not schools and "schools" not in {k for k, _ in r.errors}:
        r.fail("schools", "list at least one school")

    params_raw = r.table(data.get("parameters"), "parameters", PARAMETER_KEYS, required=False)
    parameters: dict[str, Any] = {}
    if "report_deadline_school_days" in params_raw:
        days = params_raw["report_deadline_school_days"]
        if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 30:
            r.fail("parameters.report_deadline_school_days", "must be a whole number of school days from 1 to 30")
        else:
            parameters["report_deadline_school_days"] = days
    if "chief_post_certified" in params_raw:
        certified = params_raw["chief_post_certified"]
        if not isinstance(certified, bool):
            r.fail("parameters.chief_post_certified", "must be true or false")
        else:
            parameters["chief_post_certified"] = certified
    for key, model_field in (
        ("termination_notice", "termination_notice_month_day"),
        ("termination_effective", "termination_effective_month_day"),
    ):
        if key in params_raw:
            value = params_raw[key]
            if not isinstance(value, str) or not MONTH_DAY.match(value):
                r.fail(f"parameters.{key}", 'must be a month and day in quotes, like "07-01"')
            else:
                parameters[model_field] = value

    incident_notice = _incident_notice(r, data.get("incident_notice"))

    signatories = []
    for i, raw in enumerate(r.array(data, "signatories")):
        key = f"signatories[{i}]"
        table = r.table(raw, key, {"name", "title", "organization", "signed_on"})
        signatories.append(
            {
                "name": r.text(table, "name", f"{key}.", 200),
                "title": r.text(table, "title", f"{key}.", 200),
                "organization": r.text(table, "organization", f"{key}.", 200),
                "signed_on": r.day(table, "signed_on", f"{key}."),
            }
        )

    people: list[PersonSpec] = []
    school_names = {s.name for s in schools}
    person_keys = {"username", "name", "email", "role", "schools", "badge_number", "title", "starts_on"}
    for i, raw in enumerate(r.array(data, "people")):
        key = f"people[{i}]"
        table = r.table(raw, key, person_keys)
        person = PersonSpec(
            key=key,
            username=r.text(table, "username", f"{key}.", 150),
            name=r.text(table, "name", f"{key}.", 150),
            email=r.text(table, "email", f"{key}.", 254),
            role=r.text(table, "role", f"{key}.", 30),
            badge_number=r.text(table, "badge_number", f"{key}.", 20, required=False),
            title=r.text(table, "title", f"{key}.", 100, required=False),
            starts_on=r.day(table, "starts_on", f"{key}.") if "starts_on" in table else None,
        )
        try:
            UnicodeUsernameValidator()(person.username)
        except ValidationError:
            r.fail(f"{key}.username", "may hold only letters, digits and @ . + - _")
        if person.email:
            try:
                validate_email(person.email)
            except ValidationError:
                r.fail(f"{key}.email", f"{person.email!r} is not an email address")
        if person.username and any(p.username.lower() == person.username.lower() for p in people):
            r.fail(f"{key}.username", f"{person.username!r} is listed twice")
        if person.role and person.role not in Role.values:
            r.fail(f"{key}.role", f"must be one of {', '.join(Role.values)}, not {person.role!r}")
        names = table.get("schools", [])
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            r.fail(f"{key}.schools", "must be a list of school names in quotes")
            names = []
        for name in names:
            if name not in school_names:
                r.fail(f"{key}.schools", f"{name!r} is not one of the schools in this file")
        person.schools = list(names)
        if person.role in SCHOOL_ROLES and not names:
            r.fail(f"{key}.schools", f"a {Role(person.role).label} needs at least one school")
        if person.role in Role.values and person.role not in SCHOOL_ROLES and names:
            r.fail(f"{key}.schools", f"a {Role(person.role).label} is not tied to schools")
        if person.role in POLICE_ROLES and not person.badge_number:
            r.fail(f"{key}.badge_number", f"a {Role(person.role).label} needs a badge number")
        if person.role in Role.values and person.role not in POLICE_ROLES and person.badge_number:
            r.fail(f"{key}.badge_number", f"a {Role(person.role).label} has no badge number")
        people.append(person)

    if r.errors:
        raise SetupError(r.errors)
    return Spec(
        slug=slug,
        title=title,
        signed_on=signed_on,
        effective_date=effective_date,
        police_department=parties["police_department"],
        district=parties["district"],
        schools=schools,
        parameters=parameters,
        signatories=signatories,
        people=people,
        incident_notice=incident_notice,
    )


def _incident_notice(r: _Reader, raw: Any) -> dict[str, Any]:
    """The [incident_notice] table: IV.1's "timely manner" as this agreement sets it."""
    from incidents.models import MAX_NOTICE_HOURS, NoticeSettings

    rules = NoticeSettings.Rule.values
    table = r.table(raw, "incident_notice", INCIDENT_NOTICE_KEYS, required=False)
    if not table:
        return {}
    values: dict[str, Any] = {}
    rule = table.get("rule")
    if rule not in rules:
        r.fail("incident_notice.rule", f"must be one of {', '.join(rules)}")
    else:
        values["rule"] = rule
    if "hours" in table:
        hours = table["hours"]
        if rule != NoticeSettings.Rule.HOURS:
            r.fail("incident_notice.hours", 'is used only with rule = "hours"; remove it or change the rule')
        elif isinstance(hours, bool) or not isinstance(hours, int) or not 1 <= hours <= MAX_NOTICE_HOURS:
            r.fail("incident_notice.hours", f"must be a whole number of hours from 1 to {MAX_NOTICE_HOURS}")
        else:
            values["hours"] = hours
    elif rule == NoticeSettings.Rule.HOURS:
        r.fail("incident_notice.hours", 'say how many hours, with rule = "hours"')
    if "school_day_ends_at" in table:
        ends = table["school_day_ends_at"]
        if not isinstance(ends, str) or not TIME_OF_DAY.match(ends):
            r.fail("incident_notice.school_day_ends_at", 'must be a 24-hour time in quotes, like "15:30"')
        else:
            values["school_day_ends_at"] = time.fromisoformat(ends)
    return values


def apply_file(path: str | Path, actor: Actor, *, send_links: bool = True) -> Result:
    return apply(parse(read(path)), actor, send_links=send_links)


def apply(spec: Spec, actor: Actor, *, send_links: bool = True) -> Result:
    """Make the database say what SPEC says, in one transaction."""
    from audit.models import AuditEntry

    try:
        with transaction.atomic():
            before = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
            agreement, created = _apply(spec, actor)
            if spec.incident_notice:
                from incidents.actions import do_update_notice_settings

                with _keyed("incident_notice"):
                    do_update_notice_settings(actor, agreement, values=spec.incident_notice)
            invited, invitations = _invite(spec, agreement, actor, send_links)
            after = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    except ValidationError as e:
        raise SetupError([(_key_of(e), "; ".join(e.messages))]) from None
    return Result(agreement, created, after - before, invited, invitations)


class _Keyed(ValidationError):
    def __init__(self, key: str, error: ValidationError):
        super().__init__(error.messages)
        self.key = key


def _key_of(e: ValidationError) -> str:
    return getattr(e, "key", "file")


@contextmanager
def _keyed(key: str) -> Iterator[None]:
    """Re-raise an action's refusal with the file's key attached."""
    try:
        yield
    except _Keyed:
        raise
    except ValidationError as e:
        raise _Keyed(key, e) from None
    except PermissionDenied as e:
        raise _Keyed(key, ValidationError(str(e))) from None


def _party(actor: Actor, model: type[PoliceDepartment] | type[SchoolDistrict], key: str, values: dict[str, str]):
    party = model.objects.filter(name=values["name"]).first()
    if party is None:
        with _keyed(key):
            return actions.do_create_party(actor, model, **values)
    if party.town != values["town"]:
        old = party.town
        party.town = values["town"]
        party.save(update_fields=["town"])
        record(actor, f"{model._meta.model_name}.changed", party, changes={"town": [old, party.town]})
    return party


def _apply(spec: Spec, actor: Actor) -> tuple[Agreement, bool]:
    agreement = Agreement.objects.filter(slug=spec.slug).select_related("police_department", "district").first()
    police = _party(actor, PoliceDepartment, "police_department", spec.police_department)
    district = _party(actor, SchoolDistrict, "district", spec.district)
    if agreement is not None and (agreement.police_department_id, agreement.district_id) != (police.pk, district.pk):
        raise _Keyed(
            "slug",
            ValidationError(
                f"The agreement {spec.slug!r} is between {agreement.police_department} and {agreement.district}; "
                "its parties cannot change. Use a new slug for a new agreement."
            ),
        )
    parameters = {
        "title": spec.title,
        "signed_on": spec.signed_on,
        "effective_date": spec.effective_date,
        **spec.parameters,
    }
    if agreement is None:
        schools = []
        for i, s in enumerate(spec.schools):
            school = School.objects.filter(district=district, name=s.name).first()
            with _keyed(f"schools[{i}]"):
                if school is None:
                    school = actions.do_add_school(actor, district, name=s.name, level=s.level, sourced_id=s.sourced_id)
                elif (school.level, school.sourced_id) != (s.level, s.sourced_id):
                    raise ValidationError(
                        f"{s.name} already exists in {district} as a {school.get_level_display().lower()} "
                        f"with sourced_id {school.sourced_id!r}; the file must agree."
                    )
            schools.append(school)
        for i, s in enumerate(spec.signatories):
            if not s["name"]:
                raise _Keyed(f"signatories[{i}]", ValidationError("is incomplete"))
        with _keyed("parameters"):
            agreement = actions.do_create_agreement(
                actor,
                slug=spec.slug,
                police_department=police,
                district=district,
                schools=schools,
                signatories=spec.signatories,
                version=1,
                **parameters,
            )
        return agreement, True

    with _keyed("parameters"):
        actions.do_update_agreement(actor, agreement, **parameters)
    agreement.refresh_from_db()
    listed = set()
    for i, s in enumerate(spec.schools):
        school = School.objects.filter(district=district, name=s.name).first()
        with _keyed(f"schools[{i}]"):
            saved = actions.do_save_school(
                actor, agreement, school, name=s.name, level=s.level, sourced_id=s.sourced_id
            )
        listed.add((saved or school).pk)
    for school in agreement.schools.exclude(pk__in=listed):
        with _keyed("schools"):
            actions.do_remove_school(actor, agreement, school)
    _apply_signatories(spec, agreement, actor)
    return agreement, False


def _apply_signatories(spec: Spec, agreement: Agreement, actor: Actor) -> None:
    existing = list(agreement.signatories.all())
    matched: set[int] = set()
    for i, s in enumerate(spec.signatories):
        current = next(
            (x for x in existing if x.pk not in matched and (x.name, x.organization) == (s["name"], s["organization"])),
            None,
        )
        with _keyed(f"signatories[{i}]"):
            saved = actions.do_save_signatory(actor, agreement, current, **s)
        matched.add((saved or current).pk)
    for signatory in existing:
        if signatory.pk not in matched:
            actions.do_remove_signatory(actor, agreement, signatory)


def _invite(
    spec: Spec, agreement: Agreement, actor: Actor, send_links: bool
) -> tuple[list[tuple[str, str]], list[Invitation]]:
    by_name = {s.name: s for s in agreement.schools.all()}
    invited, invitations = [], []
    for person in spec.people:
        with _keyed(person.key):
            result = account_actions.do_invite(
                actor,
                agreement,
                username=person.username,
                name=person.name,
                email=person.email,
                role=person.role,
                schools=[by_name[n] for n in person.schools],
                badge_number=person.badge_number,
                title=person.title,
                starts_on=person.starts_on,
                send_link=send_links,
            )
        if result is not None and result.invitation is not None:
            invited.append((person.username, result.link))
            invitations.append(result.invitation)
    return invited, invitations
