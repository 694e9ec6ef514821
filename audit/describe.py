"""The audit trail in plain English: "Form A 2026-0008 returned for correction", by "Alan Mercer
(chief)", with each changed field under its label. Only how entries read: the stored entries
(and their hash chain) are never changed."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder

from audit.models import AuditEntry

# What happened to the object, as the words that follow its name. An action without an entry
# here reads from its own name ("evaluation.feedback_recorded" -> "feedback recorded").
PHRASES = {
    "form_a.draft_started": "draft started",
    "form_a.draft_saved": "draft saved",
    "form_a.student_added": "student added",
    "form_a.student_removed": "student removed",
    "form_a.submitted": "signed and submitted",
    "form_a.received": "received",
    "form_a.pdf_stored": "PDF laid out and stored",
    "form_a.pdf_downloaded": "PDF downloaded",
    "form_a.returned": "returned for correction",
    "form_a.viewed": "opened",
    "form_a.view": "opened",
    "form_a.forwarded": "forwarded to the Board",
    "compilation.prepare": "prepared",
    "compilation.send": "sent to the Superintendent",
    "compilation.acknowledge": "receipt acknowledged",
    "compilation.view": "opened",
    "compilation.download": "PDF downloaded",
    "account.invited": "invited",
    "account.invitation_used": "set up their sign-in with the one-time link",
    "account.mfa_enrolled": "set up multi-factor sign-in",
    "account.mfa_reset": "multi-factor sign-in reset",
    "account.deactivated": "account deactivated",
    "account.signin": "signed in",
    "account.sign_in": "signed in",
    "account.sign_out": "signed out",
    "account.sign_in_failed": "sign-in refused",
    "membership.created": "given a role",
    "membership.schools_changed": "schools changed",
    "membership.ended": "role ended",
}


def phrase(action: str) -> str:
    """The words for ACTION ("form_a.returned" -> "returned for correction")."""
    if action in PHRASES:
        return PHRASES[action]
    return action.rpartition(".")[2].replace("_", " ")


def action_label(action: str) -> str:
    """ACTION for a list of actions: its kind of object, then what happened."""
    kind = action.partition(".")[0].replace("_", " ")
    kind = {"form a": "Form A"}.get(kind, kind.capitalize())
    return f"{kind}: {phrase(action)}"


def _person(user: Any) -> str:
    name = user.get_full_name()
    return f"{name} ({user.username})" if name else user.username


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list) and len(value) == 2 and not any(isinstance(v, (list, dict)) for v in value):
        return f"{_text(value[0])} → {_text(value[1])}"
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ", ".join(value)
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)


def _label(model: Any, key: str) -> str:
    if model is not None:
        try:
            name = getattr(model._meta.get_field(key), "verbose_name", None)
        except FieldDoesNotExist:
            name = None
        if name:
            return str(name)[:1].upper() + str(name)[1:]
    return key.replace("_", " ").capitalize()


def _field_names(model: Any, key: str, value: Any) -> str:
    """A list of changed fields by their labels ("Student A: known_disability" too)."""
    if key != "fields" or not isinstance(value, list):
        return _text(value)
    names = []
    for name in map(str, value):
        prefix, _, field = name.rpartition(": ")
        label = _label(model, field) if not prefix else field.replace("_", " ")
        names.append(f"{prefix}: {label}" if prefix else label)
    return ", ".join(names)


@dataclass
class Readable:
    entry: AuditEntry
    who: str
    what: str
    changes: list[tuple[str, str]]


def readable(entries: list[AuditEntry]) -> list[Readable]:
    """ENTRIES as sentences, with two queries for the whole page (people, report numbers)."""
    # Each lookup runs once whatever the page holds (an empty list would skip the query), so the
    # page's query count is the same for every page of the trail (pinned by a test).
    User = get_user_model()
    users = {u.pk: u for u in User.objects.filter(pk__in={e.actor_id for e in entries if e.actor_id} or {0})}
    usernames = {e.object_repr for e in entries if e.object_type == "accounts.User"} or {""}
    by_username = {u.username: u for u in User.objects.filter(username__in=usernames)}
    report_ids = [e.object_id for e in entries if e.object_type == "reporting.FormA" and e.object_id.isdigit()]
    FormA = apps.get_model("reporting", "FormA")
    numbers = {str(pk): n for pk, n in FormA.objects.filter(pk__in=report_ids or [0]).values_list("pk", "number")}
    result = []
    for e in entries:
        if e.actor_id in users:
            who = _person(users[e.actor_id])
        elif e.actor_label.startswith("system:"):
            who = f"The system ({e.actor_label.partition(':')[2]})"
        else:
            who = e.actor_label
        subject = e.object_repr
        if e.object_type == "reporting.FormA":
            number = numbers.get(e.object_id)
            subject = f"Form A {number}" if number else "A Form A draft"
        elif e.object_type == "accounts.User" and e.object_repr in by_username:
            subject = _person(by_username[e.object_repr])
        words = phrase(e.action)
        if subject.endswith(" draft") and words.startswith("draft "):
            words = words.removeprefix("draft ")
        what = f"{subject} {words}" if subject else words.capitalize()
        try:
            model = apps.get_model(e.object_type) if e.object_type else None
        except (LookupError, ValueError):
            model = None
        changes = [(_label(model, key), _field_names(model, key, value)) for key, value in (e.changes or {}).items()]
        result.append(Readable(e, who, what, changes))
    return result
