"""Write audit entries. Every action function calls `record` inside its transaction."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from audit.models import GENESIS, AuditEntry, AuditHead

if TYPE_CHECKING:
    from django.http import HttpRequest

    from accounts.models import User
    from agreements.models import Agreement


@dataclass(frozen=True)
class Actor:
    """Who is acting and from where: a signed-in person, or a named system process."""

    user: User | None
    source: str
    label: str = ""

    @classmethod
    def from_request(cls, request: HttpRequest) -> Actor:
        user = request.user if request.user.is_authenticated else None
        return cls(user=user, source=client_ip(request), label=user.username if user else "anonymous")

    @classmethod
    def system(cls, name: str) -> Actor:
        return cls(user=None, source=f"system:{name}", label=f"system:{name}")


def client_ip(request: HttpRequest) -> str:
    """The client's address. Behind reverse proxies (settings.TRUSTED_PROXIES), the right-most
    X-Forwarded-For address that is not one of them; a client cannot forge past our proxies."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    trusted = settings.TRUSTED_PROXIES
    if not trusted or remote not in trusted:
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    for hop in reversed(hops):
        if hop not in trusted:
            return hop
    return remote


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    """The values of some fields, for an entry's old and new values."""
    result = {}
    for name in fields:
        value = getattr(obj, name)
        if isinstance(value, models.Model):
            value = value.pk
        result[name] = value
    return result


def record(
    actor: Actor,
    action: str,
    obj: models.Model | None = None,
    *,
    agreement: Agreement | None = None,
    changes: dict[str, Any] | None = None,
    outcome: str = AuditEntry.Outcome.OK,
    object_repr: str | None = None,
) -> AuditEntry:
    """Append one entry to the chain. Must run inside the caller's transaction."""
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(id=1, defaults={"hash": GENESIS})
        entry = AuditEntry(
            seq=head.seq + 1,
            at=timezone.now(),
            agreement=agreement,
            actor=actor.user,
            actor_label=(actor.label or (actor.user.username if actor.user else ""))[:200],
            action=action,
            object_type=obj._meta.label if obj is not None else "",
            object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
            object_repr=(object_repr if object_repr is not None else str(obj) if obj is not None else "")[:300],
            source=actor.source[:100],
            outcome=outcome,
            changes=changes or {},
            prev_hash=head.hash,
        )
        # Round-trip the JSON so the hash covers what the database will return (dates as text,
        # tuples as lists, keys as strings); payload() canonicalizes the rest.
        entry.changes = _normalize(entry.changes)
        entry.hash = entry.compute_hash()
        entry.save()
        AuditHead.objects.filter(id=1).update(seq=entry.seq, hash=entry.hash)
    return entry


def _normalize(value: Any) -> Any:
    # allow_nan=False: PostgreSQL's jsonb refuses NaN and Infinity, so SQLite must refuse them too.
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, allow_nan=False))


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    problem: str

    def __str__(self) -> str:
        return f"entry #{self.seq}: {self.problem}"


def verify_chain(batch_size: int = 2000) -> tuple[int, ChainProblem | None]:
    """Walk the chain in order; return how many entries were read and the first problem.

    Appends may go on while this runs. The head row and its entry commit together, so the
    head is read again before an entry is called inserted or missing.
    """
    expected_seq = 1
    prev_hash = GENESIS
    checked = 0
    head_seq = _head_seq()

    def fetch() -> list[AuditEntry]:
        return list(AuditEntry.objects.filter(seq__gte=expected_seq).order_by("seq")[:batch_size])

    while True:
        batch = fetch()
        if not batch:
            head_seq = _head_seq()
            if head_seq < expected_seq:
                return checked, None
            batch = fetch()  # some may have been appended since the last read
            if not batch:
                return checked, ChainProblem(
                    expected_seq, f"missing (the log ends at #{expected_seq - 1}, but #{head_seq} was written)"
                )
        for entry in batch:
            checked += 1
            if entry.seq > expected_seq:
                return checked, ChainProblem(expected_seq, f"missing (the next entry present is #{entry.seq})")
            if entry.seq > head_seq:
                head_seq = _head_seq()
                if entry.seq > head_seq:
                    if not AuditHead.objects.filter(id=1).exists():
                        return checked, ChainProblem(entry.seq, "cannot be checked: the audit head row was removed")
                    return checked, ChainProblem(
                        entry.seq, f"inserted (the application has written entries only up to #{head_seq})"
                    )
            if entry.prev_hash != prev_hash:
                suspect = (
                    f"#{entry.seq - 1} was altered and re-hashed, or this entry was inserted"
                    if entry.seq > 1
                    else "the first entry must follow the genesis hash"
                )
                return checked, ChainProblem(entry.seq, f"does not follow the entry before it ({suspect})")
            if entry.compute_hash() != entry.hash:
                return checked, ChainProblem(entry.seq, "altered (its contents do not match its hash)")
            prev_hash = entry.hash
            expected_seq = entry.seq + 1


def _head_seq() -> int:
    return AuditHead.objects.filter(id=1).values_list("seq", flat=True).first() or 0
