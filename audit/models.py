"""An append-only, hash-chained audit log (S.3, L.2).

Each entry's hash covers its own fields and the previous entry's hash, so altering,
inserting or removing a row breaks the chain at that point; `manage.py verify_audit`
walks it. The application never updates or deletes an entry; in production the
database role should hold only INSERT and SELECT on this table (docs/operations.md).
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

GENESIS = "0" * 64


class AppendOnlyError(Exception):
    pass


class AuditQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("Audit entries cannot be changed.")

    def bulk_update(self, *args: Any, **kwargs: Any) -> int:
        raise AppendOnlyError("Audit entries cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit entries cannot be deleted.")

    def bulk_create(self, *args: Any, **kwargs: Any) -> list[AuditEntry]:
        # Rows made here would skip the head lock and the hash; audit.log.record is the only way in.
        raise AppendOnlyError("Audit entries are added one at a time by audit.log.record.")

    def for_agreement(self, agreement: Any) -> AuditQuerySet:
        return self.filter(agreement=agreement)


class AuditEntry(models.Model):
    class Outcome(models.TextChoices):
        OK = "ok", "Done"
        REFUSED = "refused", "Refused"

    seq = models.BigIntegerField(unique=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    agreement = models.ForeignKey("agreements.Agreement", models.PROTECT, null=True, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, related_name="+")
    # Kept as text too, so the entry reads the same if the person is renamed.
    actor_label = models.CharField(max_length=200)
    action = models.CharField(max_length=100, db_index=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=300, blank=True)
    source = models.CharField(max_length=100, blank=True, help_text="IP address, or the command that acted.")
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.OK)
    changes = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-seq"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} by {self.actor_label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit entries cannot be deleted.")

    def payload(self) -> str:
        """The canonical text that the hash covers: the same on SQLite and PostgreSQL.

        The time is written in UTC with all six digits of microseconds, whatever time zone the
        driver hands back; keys are sorted (PostgreSQL's jsonb reorders them); numbers in
        `changes` are canonical (jsonb returns 1e20 as 100000000000000000000).
        """
        fields = {
            "seq": self.seq,
            "at": self.at.astimezone(UTC).isoformat(timespec="microseconds"),
            "agreement": self.agreement_id,
            "actor": self.actor_id,
            "actor_label": self.actor_label,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "source": self.source,
            "outcome": self.outcome,
            "changes": canonical(self.changes),
            "prev_hash": self.prev_hash,
        }
        return json.dumps(fields, sort_keys=True, cls=DjangoJSONEncoder, separators=(",", ":"))

    def compute_hash(self) -> str:
        return hashlib.sha256(self.payload().encode()).hexdigest()


def canonical(value: Any) -> Any:
    """VALUE with whole-number floats as ints, so a JSON number hashes alike whichever database returned it."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        return [canonical(v) for v in value]
    return value


class AuditHead(models.Model):
    """A single row that serializes appends: the last sequence number and hash."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS)
