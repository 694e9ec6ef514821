"""Backups a person can trust: a consistent database dump, the stored files, and a manifest with
the SHA-256 of each, checked again on restore (issue 14; docs/operations.md, "Backups").

A backup folder holds:

    manifest.json    format, when, from which database, migrations, row counts, and for every
                     file below its size and SHA-256
    database.json    every row (Django's JSON serialization), read in one snapshot
    media/...        the stored files (Form A and compilation PDFs, roster imports)

The dump is taken first, in one read-only snapshot, then the stored files are copied: a file is
written before the row that names it commits, so every file the dump names is there.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from audit.log import verify_chain
from audit.models import GENESIS, AuditHead

FORMAT = 1
DUMP = "database.json"
MANIFEST = "manifest.json"
MEDIA = "media"
# Made again by `migrate` in the target database, or not worth keeping (sessions sign in again).
EXCLUDED = ("contenttypes", "auth.permission", "sessions")


class BackupError(Exception):
    """A backup or restore that must not go on; the message says why and what to do."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def applied_migrations() -> list[str]:
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations())


@contextmanager
def snapshot() -> Iterator[None]:
    """One read-only view of the whole database for the length of the block, without blocking
    writers: REPEATABLE READ on PostgreSQL; on SQLite (WAL) a deferred read transaction, not
    the IMMEDIATE one the settings give writers, which would stop every other user."""
    connection.ensure_connection()
    outer = connection.in_atomic_block  # inside a caller's transaction (tests): already one view
    mode = getattr(connection, "transaction_mode", None)
    if connection.vendor == "sqlite":
        connection.transaction_mode = "DEFERRED"
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql" and not outer:
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
    finally:
        if connection.vendor == "sqlite":
            connection.transaction_mode = mode


def model_counts() -> dict[str, int]:
    counts = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.proxy or label.split(".")[0] in EXCLUDED or label in EXCLUDED:
            continue
        counts[label] = model._base_manager.count()
    return counts


def stored_files_with_hashes() -> Iterator[tuple[models.Model, str, str]]:
    """(row, file name, recorded SHA-256) for every stored file that has a recorded hash: each
    FileField `x` next to a field `x_sha256` (Form A and compilation PDFs)."""
    for model in apps.get_models():
        names = {f.name for f in model._meta.concrete_fields}
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField) and f"{field.name}_sha256" in names:
                rows = model._base_manager.exclude(**{field.name: ""}).values_list(
                    "pk", field.name, f"{field.name}_sha256"
                )
                for pk, name, digest in rows.order_by("pk").iterator():
                    yield (model, pk), name, digest


def media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file())


def write_backup(target: Path) -> dict[str, Any]:
    """Write a backup into TARGET (which must not exist or be empty); return the manifest."""
    target = target.resolve()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupError(f"{target} already exists and is not empty; give a new folder for each backup.")
    target.parent.mkdir(parents=True, exist_ok=True)
    # Written beside the target and renamed at the end: a folder named TARGET is always complete.
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.partial-", dir=target.parent))
    try:
        with snapshot():
            migrations = applied_migrations()
            counts = model_counts()
            call_command(
                "dumpdata",
                format="json_exact",
                exclude=list(EXCLUDED),
                natural_foreign=True,
                use_base_manager=True,
                output=str(work / DUMP),
                verbosity=0,
            )
        media_root = Path(settings.MEDIA_ROOT)
        for source in media_files(media_root):
            copy = work / MEDIA / source.relative_to(media_root)
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy)
        files = {
            path.relative_to(work).as_posix(): {"sha256": sha256_of(path), "bytes": path.stat().st_size}
            for path in [work / DUMP, *media_files(work / MEDIA)]
        }
        manifest = {
            "format": FORMAT,
            "created_at": timezone.now().isoformat(),
            "database": connection.vendor,
            "migrations": migrations,
            "rows": counts,
            "files": files,
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
        if target.exists():
            target.rmdir()
        work.rename(target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return manifest


def read_manifest(source: Path) -> dict[str, Any]:
    """The backup's manifest, after checking every file in it against its size and SHA-256."""
    path = source / MANIFEST
    if not path.is_file():
        raise BackupError(f"{source} is not a backup: it has no {MANIFEST}.")
    try:
        manifest = json.loads(path.read_text())
    except ValueError as e:
        raise BackupError(f"{path} is damaged: {e}.") from None
    if manifest.get("format") != FORMAT or DUMP not in manifest.get("files", {}):
        raise BackupError(f"{path} is not a backup this version can read (format {manifest.get('format')!r}).")
    bad = []
    for name, expected in sorted(manifest["files"].items()):
        file = source / name
        if ".." in Path(name).parts or Path(name).is_absolute():
            bad.append(f"{name} (not inside the backup)")
        elif not file.is_file():
            bad.append(f"{name} (missing)")
        elif file.stat().st_size != expected["bytes"] or sha256_of(file) != expected["sha256"]:
            bad.append(f"{name} (its SHA-256 differs from the manifest)")
    if bad:
        raise BackupError(f"The backup in {source} is damaged; nothing was restored: " + "; ".join(bad) + ".")
    return manifest


def not_empty() -> list[str]:
    """What the database already holds beyond what `migrate` puts there."""
    found = [f"{n} {label}" for label, n in model_counts().items() if n and label != "audit.audithead"]
    head = AuditHead.objects.filter(id=1).first()
    if head is not None and (head.seq != 0 or head.hash != GENESIS):
        found.append(f"an audit chain at entry #{head.seq}")
    return found


def restore_backup(source: Path) -> dict[str, Any]:
    """Restore the backup in SOURCE into this (empty, migrated) database and MEDIA_ROOT, then
    verify the audit chain and every stored PDF. Return what was restored."""
    source = source.resolve()
    manifest = read_manifest(source)
    if (here := applied_migrations()) != manifest["migrations"]:
        missing = sorted(set(manifest["migrations"]) - set(here))
        extra = sorted(set(here) - set(manifest["migrations"]))
        raise BackupError(
            "The database's migrations differ from the backup's; restore with the release that made the backup"
            f" (missing here: {', '.join(missing) or 'none'}; not in the backup: {', '.join(extra) or 'none'})."
        )
    if found := not_empty():
        raise BackupError(
            "Restore only into an empty, newly migrated database; this one holds " + ", ".join(found) + "."
        )
    media_root = Path(settings.MEDIA_ROOT)
    names = [name for name in manifest["files"] if name.startswith(f"{MEDIA}/")]
    clashes = [n for n in names if (media_root / n.removeprefix(f"{MEDIA}/")).exists()]
    if clashes:
        raise BackupError(f"MEDIA_ROOT ({media_root}) already holds files of this backup: {', '.join(clashes[:5])}.")

    copied: list[Path] = []
    try:
        for name in names:
            copy = media_root / name.removeprefix(f"{MEDIA}/")
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / name, copy)
            copied.append(copy)
        with transaction.atomic():
            call_command("loaddata", str(source / DUMP), verbosity=0)
            counts = model_counts()
            differ = {k: (v, counts.get(k)) for k, v in manifest["rows"].items() if counts.get(k) != v}
            if differ:
                raise BackupError(f"Rows restored differ from the backup's counts: {differ}.")
            checked, problem = verify_chain()
            if problem is not None:
                raise BackupError(f"The restored audit chain is broken at {problem}; nothing was restored.")
            pdfs = verify_stored_files()
    except BaseException:
        for copy in copied:
            copy.unlink(missing_ok=True)
        raise
    return {"rows": sum(counts.values()), "audit_entries": checked, "files": len(names), "pdfs": pdfs}


def verify_stored_files() -> int:
    """Check every stored file that has a recorded SHA-256; return how many were checked."""
    bad, n = [], 0
    for (model, pk), name, digest in stored_files_with_hashes():
        n += 1
        path = Path(settings.MEDIA_ROOT) / name
        if not path.is_file():
            bad.append(f"{model._meta.label} {pk}: {name} is missing")
        elif sha256_of(path) != digest:
            bad.append(f"{model._meta.label} {pk}: {name} does not match its recorded SHA-256")
    if bad:
        raise BackupError("Stored files do not match the database; nothing was restored: " + "; ".join(bad) + ".")
    return n
