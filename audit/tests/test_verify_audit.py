"""`manage.py verify_audit` finds tampering done behind the application's back (S.3, L.2).

Each test alters the table with raw SQL, as someone with database access could, and expects
the command to exit non-zero and name the first bad entry.
"""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from audit.log import Actor, record
from audit.models import AuditEntry

pytestmark = [pytest.mark.req("S.3"), pytest.mark.req("L.2")]

TABLE = AuditEntry._meta.db_table
COLUMNS = (
    "at, actor_label, action, object_type, object_id, object_repr, source, outcome, changes, actor_id, agreement_id"
)


@pytest.fixture
def chain(db) -> list[AuditEntry]:
    """Five intact entries."""
    return [record(Actor.system("test"), "thing.made", changes={"n": n}) for n in range(1, 6)]


def verify(*args: str) -> str:
    out = StringIO()
    call_command("verify_audit", *args, stdout=out)
    return out.getvalue()


def broken(*args: str) -> str:
    with pytest.raises(CommandError) as raised:
        verify(*args)
    assert raised.value.returncode != 0  # manage.py exits with this code
    return str(raised.value)


def sql(statement: str, params: list | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params or [])


def test_an_intact_chain_passes_and_says_how_many_entries_it_checked(chain):
    out = verify()
    assert "Audit chain intact: 5 entries verified." in out
    assert f"Last entry: 5:{chain[-1].hash}" in out


def test_an_empty_log_passes(db):
    assert "Audit chain intact: 0 entries verified." in verify()


def test_it_names_a_row_altered_in_the_database(chain):
    sql(f"UPDATE {TABLE} SET action = 'thing.forgotten' WHERE seq = 3")
    assert "entry #3: altered" in broken()


def test_it_names_a_row_whose_changes_were_altered(chain):
    sql(f"UPDATE {TABLE} SET changes = %s WHERE seq = 2", ['{"n": 99}'])
    assert "entry #2: altered" in broken()


def test_it_finds_an_altered_row_even_when_its_hash_was_recomputed(chain):
    forged = AuditEntry.objects.get(seq=3)
    forged.action = "thing.forgotten"
    sql(f"UPDATE {TABLE} SET action = %s, hash = %s WHERE seq = 3", [forged.action, forged.compute_hash()])
    message = broken()
    assert "entry #4: does not follow the entry before it (#3 was altered and re-hashed" in message


def test_it_names_a_row_inserted_after_the_last_with_a_made_up_hash(chain):
    sql(
        f"INSERT INTO {TABLE} (seq, prev_hash, hash, {COLUMNS}) "
        f"SELECT seq + 1, hash, %s, {COLUMNS} FROM {TABLE} WHERE seq = 5",
        ["e" * 64],
    )
    assert "entry #6: inserted" in broken()


def test_it_names_a_row_put_in_place_of_a_deleted_one(chain):
    sql(f"DELETE FROM {TABLE} WHERE seq = 3")
    sql(
        f"INSERT INTO {TABLE} (seq, prev_hash, hash, {COLUMNS}) SELECT 3, %s, %s, {COLUMNS} FROM {TABLE} WHERE seq = 2",
        [chain[1].hash, "e" * 64],
    )
    assert "entry #3: altered" in broken()


@pytest.mark.parametrize("seq", [1, 3, 5], ids=["first", "middle", "last"])
def test_it_names_a_deleted_row(chain, seq):
    sql(f"DELETE FROM {TABLE} WHERE seq = %s", [seq])
    assert f"entry #{seq}: missing" in broken()


def test_it_notices_when_every_row_was_deleted(chain):
    sql(f"DELETE FROM {TABLE}")
    assert "entry #1: missing (the log ends at #0, but #5 was written)" in broken()


def test_it_notices_when_the_head_row_was_removed(chain):
    sql("DELETE FROM audit_audithead")
    assert "entry #1: cannot be checked: the audit head row was removed" in broken()


def test_an_anchor_from_an_earlier_run_catches_a_rewritten_chain(chain):
    assert "intact" in verify("--anchor", f"4:{chain[3].hash}")
    assert "entry #4: its hash differs from the anchor" in broken("--anchor", f"4:{'a' * 64}")
    assert "entry #9: missing" in broken("--anchor", f"9:{'a' * 64}")


def test_a_malformed_anchor_gets_a_clear_message(chain):
    assert "is not SEQ:HASH" in broken("--anchor", "4:xyz")


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


APPEND = (
    "from audit.log import Actor, record\n"
    "for i in range(20):\n"
    "    record(Actor.system('process'), 'thing.made', changes={'i': i})\n"
)


def test_processes_appending_at_once_on_sqlite_keep_the_chain_and_the_command_exits_1_on_tampering(tmp_path):
    """End to end on a database file: concurrent processes, then the command's real exit codes."""
    database = tmp_path / "audit.sqlite3"
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY"}}
    env |= {"DEBUG": "1", "DATABASE_URL": f"sqlite:///{database}"}
    migrated = run("migrate", "-v0", env=env)
    assert migrated.returncode == 0, migrated.stderr

    workers = [
        subprocess.Popen(
            [sys.executable, "manage.py", "shell", "-c", APPEND],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    for worker in workers:
        _, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err

    intact = run("verify_audit", env=env)
    assert intact.returncode == 0, intact.stderr
    assert "Audit chain intact: 60 entries verified." in intact.stdout

    import sqlite3

    with sqlite3.connect(database) as db:
        db.execute(f"UPDATE {TABLE} SET source = 'elsewhere' WHERE seq = 17")
    tampered = run("verify_audit", env=env)
    assert tampered.returncode == 1
    assert "entry #17: altered" in tampered.stderr
