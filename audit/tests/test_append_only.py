"""The application cannot change or remove an audit entry (S.3)."""

from __future__ import annotations

import pytest

from audit.log import Actor, record
from audit.models import AppendOnlyError, AuditEntry

pytestmark = [pytest.mark.req("S.3"), pytest.mark.django_db]


@pytest.fixture
def entry() -> AuditEntry:
    record(Actor.system("test"), "thing.made")
    return record(Actor.system("test"), "thing.changed", changes={"colour": ["red", "blue"]})


def test_saving_a_changed_entry_raises(entry):
    entry.action = "thing.forgotten"
    with pytest.raises(AppendOnlyError):
        entry.save()
    assert AuditEntry.objects.get(pk=entry.pk).action == "thing.changed"


def test_deleting_an_entry_raises(entry):
    with pytest.raises(AppendOnlyError):
        entry.delete()
    assert AuditEntry.objects.count() == 2


def test_a_queryset_update_raises(entry):
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="thing.forgotten")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.bulk_update([entry], ["action"])
    assert AuditEntry.objects.get(pk=entry.pk).action == "thing.changed"


def test_a_queryset_delete_raises(entry):
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(seq=1).delete()
    assert AuditEntry.objects.count() == 2


def test_bulk_create_raises_because_it_would_skip_the_chain(entry):
    forged = AuditEntry(seq=3, actor_label="x", action="thing.forged", prev_hash=entry.hash, hash="f" * 64)
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.bulk_create([forged])
    assert AuditEntry.objects.count() == 2
