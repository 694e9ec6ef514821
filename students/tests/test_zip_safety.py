"""A roster zip is read within caps, entry by entry, and only inside its own folder (issue 13, S.4)."""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile

import pytest

from students import oneroster
from students.models import RosterImport, Student
from students.tests.bundles import bundle
from students.tests.test_upload import as_zip, post

MB = 1024 * 1024


def bomb(megabytes: int = 100) -> bytes:
    """A small zip whose users.csv inflates to MEGABYTES of one repeated byte, written in chunks."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("manifest.csv", b"propertyName,value\r\noneroster.version,1.2\r\n")
        with z.open("users.csv", "w") as f:
            for _ in range(megabytes):
                f.write(b"\0" * MB)
    return buf.getvalue()


def refusal(data: bytes) -> str:
    with pytest.raises(oneroster.ImportRefused) as e:
        oneroster.files_from(data, "roster.zip")
    (problem,) = e.value.problems
    return str(problem)


@pytest.mark.req("S.4")
def test_a_small_zip_that_expands_to_100_mb_is_refused_quickly_without_big_memory():
    data = bomb(100)
    assert len(data) < 200 * 1024  # about 100 KB
    tracemalloc.start()
    started = time.perf_counter()
    message = refusal(data)
    took = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert "users.csv expands more than 100 times its compressed size" in message
    assert took < 2 and peak < 20 * MB


@pytest.mark.req("S.4")
def test_a_zip_larger_than_the_cap_is_refused_by_its_declared_size(monkeypatch):
    monkeypatch.setattr(oneroster, "MAX_UNZIPPED_BYTES", 1 * MB)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("users.csv", bytes(range(256)) * 8192)  # 2 MB that barely compress
    assert "the zip expands to more than 1 MB" in refusal(buf.getvalue())


@pytest.mark.req("S.4")
def test_a_zip_with_too_many_entries_is_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for i in range(oneroster.MAX_ZIP_ENTRIES + 1):
            z.writestr(f"f{i}.csv", b"a")
    assert "the zip has 201 entries; a OneRoster export has at most 200" in refusal(buf.getvalue())


@pytest.mark.req("S.4")
@pytest.mark.parametrize(
    "name", ["../users.csv", "export/../../users.csv", "/etc/users.csv", "C:\\sis\\users.csv", "..\\users.csv"]
)
def test_an_entry_name_that_climbs_out_or_is_absolute_is_refused(name):
    files = bundle()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for n, data in files.items():
            z.writestr(name if n == "users.csv" else n, data)
    assert "points outside the zip's folder; nothing was read" in refusal(buf.getvalue())


@pytest.mark.req("S.4")
def test_a_stored_zip_is_streamed_from_its_file(tmp_path):
    path = tmp_path / "roster.zip"
    path.write_bytes(as_zip(bundle()))
    with open(path, "rb") as f:
        assert set(oneroster.files_from(f, "roster.zip")) >= {"manifest.csv", "users.csv"}
    assert oneroster.files_from(path) == oneroster.files_from(path.read_bytes(), "roster.zip")


@pytest.mark.req("S.4")
def test_the_steward_uploading_a_zip_bomb_gets_a_refusal_and_nothing_changes(client_for):
    client = client_for("steward")
    started = time.perf_counter()
    response = post(client, bomb(100))
    assert time.perf_counter() - started < 5
    item = RosterImport.objects.get()
    assert item.status == "failed" and not Student.objects.exists()
    assert "expands more than 100 times" in client.get(response["Location"]).content.decode()
