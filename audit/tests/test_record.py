"""Appending to the audit log: every entry links to the one before it (S.3, L.2)."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime
from decimal import Decimal
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection, transaction

from audit.log import Actor, record, verify_chain
from audit.models import GENESIS, AuditEntry, AuditHead

pytestmark = pytest.mark.req("S.3")

SYSTEM = Actor.system("test")


@pytest.mark.django_db
def test_each_entry_links_to_the_hash_of_the_one_before():
    for n in range(5):
        record(SYSTEM, "thing.made", changes={"n": n})

    entries = list(AuditEntry.objects.order_by("seq"))
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
    assert entries[0].prev_hash == GENESIS
    for before, after in pairwise(entries):
        assert after.prev_hash == before.hash
    assert all(e.hash == e.compute_hash() for e in entries)
    assert AuditHead.objects.get().seq == 5
    assert AuditHead.objects.get().hash == entries[-1].hash


@pytest.mark.django_db
def test_it_records_who_what_when_where_and_the_outcome(member):
    chief = member("chief")
    with time_machine.travel(datetime(2024, 3, 5, 14, 30, tzinfo=UTC), tick=False):
        entry = record(
            Actor(user=chief.user, source="203.0.113.9"),
            "report.viewed",
            chief,
            agreement=chief.agreement,
            outcome=AuditEntry.Outcome.REFUSED,
        )
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert (entry.actor, entry.actor_label, entry.source) == (chief.user, "chief", "203.0.113.9")
    assert (entry.action, entry.object_type, entry.object_id) == ("report.viewed", "accounts.Membership", str(chief.pk))
    assert entry.at == datetime(2024, 3, 5, 14, 30, tzinfo=UTC)
    assert entry.outcome == "refused"
    assert entry.agreement == chief.agreement


TRICKY_CHANGES = {
    # jsonb sorts keys by length, then bytes; the payload must not care.
    "zeta": 1,
    "a": {"long_key": [3, 2, 1], "b": None},
    "whole_float": 1.0,
    "huge_float": 1e20,  # jsonb gives this back as 100000000000000000000
    "tiny_float": 1.5e-7,  # and this as 0.00000015
    "fraction": 0.1,
    "big_int": 12345678901234567890123,
    "decimal": Decimal("12.50"),
    "date": date(2024, 3, 5),
    "moment": datetime(2024, 3, 5, 9, 0, tzinfo=ZoneInfo("America/New_York")),
    "tuple": (1, "two"),
    "unicode": "Ünïcødé — ✓ 𝄞",
    7: "an int key",
    "empty": {},
}


@pytest.mark.django_db
@pytest.mark.req("L.2")
def test_the_hash_survives_a_database_round_trip_of_awkward_values():
    """The payload is stable across SQLite and PostgreSQL: run the suite on both."""
    with time_machine.travel(datetime(2024, 3, 5, 14, 30, 0, tzinfo=UTC), tick=False):
        whole_second = record(SYSTEM, "thing.changed", changes=TRICKY_CHANGES)
    with time_machine.travel(datetime(2024, 3, 5, 14, 30, 0, 123456, tzinfo=UTC), tick=False):
        with_micros = record(SYSTEM, "thing.changed", changes={"nested": [TRICKY_CHANGES]})

    for written in (whole_second, with_micros):
        read = AuditEntry.objects.get(pk=written.pk)
        assert read.at == written.at
        assert read.compute_hash() == written.hash
    assert verify_chain() == (2, None)


@pytest.mark.django_db
def test_the_payload_is_the_same_whatever_time_zone_the_moment_comes_back_in():
    entry = record(SYSTEM, "thing.made")
    original = entry.payload()
    entry.at = entry.at.astimezone(ZoneInfo("America/New_York"))
    assert entry.payload() == original


@pytest.mark.django_db
def test_it_refuses_numbers_that_postgresql_cannot_store():
    with pytest.raises(ValueError):
        record(SYSTEM, "thing.made", changes={"ratio": float("nan")})
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_an_entry_rolls_back_with_the_change_it_records():
    with pytest.raises(RuntimeError), transaction.atomic():
        record(SYSTEM, "thing.made")
        raise RuntimeError("the change failed")
    assert not AuditEntry.objects.exists()
    assert record(SYSTEM, "thing.made").seq == 1
    assert verify_chain() == (1, None)


@pytest.mark.django_db
@pytest.mark.req("S.1")
def test_loading_the_demo_writes_audit_entries(demo):
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"agreement.created", "membership.created", "school.created", "account.mfa_enrolled"} <= actions
    westport = AuditEntry.objects.filter(agreement__slug="westport", action="membership.created")
    assert set(westport.values_list("changes__username", flat=True)) == {
        "sro",
        "sro2",
        "chief",
        "ssu",
        "superintendent",
        "principal",
        "steward",
        "admin",
    }
    assert all(e.actor_label == "system:load_demo" for e in westport)
    checked, problem = verify_chain()
    assert problem is None
    assert checked == AuditEntry.objects.count()


@pytest.mark.django_db(transaction=True)
def test_appends_from_concurrent_threads_still_form_one_valid_chain():
    """Threads with their own connections append at once; the head row serializes them."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("SQLite's shared-cache in-memory test database reports 'table is locked' across threads")
    threads, per_thread = 4, 15
    start = threading.Barrier(threads)
    errors: list[BaseException] = []

    def append(n: int) -> None:
        try:
            start.wait()
            for i in range(per_thread):
                with transaction.atomic():
                    record(Actor.system(f"thread-{n}"), "thing.made", changes={"i": i})
        except BaseException as e:  # reported below; a thread's exception is otherwise lost
            errors.append(e)
        finally:
            connection.close()

    workers = [threading.Thread(target=append, args=(n,)) for n in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()

    assert errors == []
    total = threads * per_thread
    assert list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True)) == list(range(1, total + 1))
    assert verify_chain() == (total, None)
    assert AuditHead.objects.get().seq == total
