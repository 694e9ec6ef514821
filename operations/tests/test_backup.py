"""`manage.py backup` and `manage.py restore`: a consistent dump, the stored PDFs and a manifest,
restored into a fresh database with the audit chain and every PDF verified (S.3, VII.11;
issue 14)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from agreements.models import Agreement
from audit.models import AuditEntry
from operations.backup import DUMP, MANIFEST, sha256_of
from reporting.models import FormA
from reporting.tests.filing import calendar_fixture, received  # noqa: F401

pytestmark = pytest.mark.req("S.3")


@pytest.fixture
def backed_up(member, calendar, tmp_path) -> Path:
    """The demo with one received report (so a stored PDF), backed up into tmp_path/backup."""
    report = received(member("sro"), member("chief"))
    assert report.pdf and report.pdf_sha256
    target = tmp_path / "backup"
    call_command("backup", str(target), stdout=open(os.devnull, "w"))  # noqa: SIM115
    return target


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def rows(path: Path) -> list[tuple]:
    return sorted(
        (o["model"], json.dumps(o.get("pk")), json.dumps(o["fields"], sort_keys=True))
        for o in json.loads(path.read_text())
    )


def test_the_backup_holds_the_dump_every_stored_pdf_and_a_manifest_of_their_hashes(backed_up):
    manifest = json.loads((backed_up / MANIFEST).read_text())
    report = FormA.objects.get(pdf__gt="")
    assert manifest["files"][f"media/{report.pdf.name}"]["sha256"] == report.pdf_sha256
    for name, entry in manifest["files"].items():
        assert sha256_of(backed_up / name) == entry["sha256"]
    assert manifest["rows"]["audit.auditentry"] == AuditEntry.objects.count()
    assert manifest["rows"]["agreements.agreement"] == Agreement.objects.count() == 2
    # Times keep their microseconds, or the audit hashes could not be checked after a restore.
    entry = AuditEntry.objects.order_by("seq").last()
    [dumped] = [
        o
        for o in json.loads((backed_up / DUMP).read_text())
        if o["model"] == "audit.auditentry" and o["pk"] == entry.pk
    ]
    assert dumped["fields"]["at"].startswith(entry.at.isoformat().removesuffix("+00:00"))


def test_a_backup_restores_into_a_fresh_database_with_the_same_rows_and_files(backed_up, tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")},
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "fresh-media"),
    }
    assert manage("migrate", "-v0", env=env).returncode == 0
    restored = manage("restore", str(backed_up), env=env)
    assert restored.returncode == 0, restored.stderr
    assert "Audit chain intact" in restored.stdout and "Stored PDFs match their SHA-256: 1." in restored.stdout

    after = tmp_path / "after.json"
    dumped = manage(
        "dumpdata", "--format", "json_exact", "--natural-foreign", "--all", "-o", str(after),
        "--exclude", "contenttypes", "--exclude", "auth.permission", "--exclude", "sessions", env=env,
    )  # fmt: skip
    assert dumped.returncode == 0, dumped.stderr
    assert rows(after) == rows(backed_up / DUMP)
    report = FormA.objects.get(pdf__gt="")
    assert sha256_of(tmp_path / "fresh-media" / report.pdf.name) == report.pdf_sha256
    assert manage("verify_audit", env=env).returncode == 0

    again = manage("restore", str(backed_up), env=env)
    assert again.returncode != 0
    assert "Restore only into an empty, newly migrated database" in again.stderr


def test_restore_refuses_a_database_that_holds_anything_and_changes_nothing(backed_up):
    before = (AuditEntry.objects.count(), FormA.objects.count())
    with pytest.raises(
        CommandError, match=r"Restore only into an empty, newly migrated database; this one holds .*agreement"
    ):
        call_command("restore", str(backed_up))
    assert (AuditEntry.objects.count(), FormA.objects.count()) == before


def test_restore_refuses_a_damaged_backup_and_names_the_damaged_file(backed_up):
    pdf = next((backed_up / "media").rglob("*.pdf"))
    data = bytearray(pdf.read_bytes())
    data[len(data) // 2] ^= 1
    pdf.write_bytes(bytes(data))
    with pytest.raises(CommandError, match=r"is damaged; nothing was restored: media/.*\.pdf \(its SHA-256 differs"):
        call_command("restore", str(backed_up))


def test_backup_refuses_a_folder_that_already_holds_something(demo, tmp_path):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "x").write_text("x")
    with pytest.raises(CommandError, match="already exists and is not empty"):
        call_command("backup", str(tmp_path / "old"))
