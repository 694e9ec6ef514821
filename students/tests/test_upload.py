"""The data steward's upload page: import, progress, refusals with where (S.4, VII.6)."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from students import views
from students.models import RosterImport, Student
from students.tasks import run_import
from students.tests.bundles import bundle, people, person, replace_line

URL = reverse("students:upload", args=["westport"])


def as_zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


def post(client, data: bytes, name: str = "roster.zip"):
    return client.post(URL, {"bundle": SimpleUploadedFile(name, data)})


@pytest.mark.req("VII.6")
def test_the_steward_imports_a_bundle_and_sees_the_outcome(client_for):
    client = client_for("steward")
    response = post(client, as_zip(bundle()))
    item = RosterImport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "students:import", args=["westport", item.pk]
    )
    page = client.get(response["Location"]).content.decode()
    assert f"{len(people())} new, 0 updated, 0 made inactive" in page
    assert Student.objects.count() == len(people())
    assert "Staples High School" in client.get(reverse("students:roster", args=["westport"])).content.decode()


@pytest.mark.req("S.4")
def test_a_broken_upload_is_refused_with_line_numbers_and_the_roster_stays_intact(client_for):
    client = client_for("steward")
    post(client, as_zip(bundle()))
    before = list(Student.objects.order_by("id").values())
    files = bundle(people(seed=9))
    line = files["demographics.csv"].decode().split("\r\n")[2].split(",")
    line[3] = "2010-13-01"
    broken = replace_line(files, "demographics.csv", 3, ",".join(line))
    response = post(client, as_zip(broken))
    page = client.get(response["Location"]).content.decode()
    assert "Refused: nothing was changed." in page
    assert (
        '<td data-label="File">demographics.csv</td><td data-label="Line">3</td><td data-label="Column">birthDate</td>'
        '<td data-label="Problem">&#x27;2010-13-01&#x27; is not a date (YYYY-MM-DD)</td>' in page
    )
    assert list(Student.objects.order_by("id").values()) == before
    assert RosterImport.objects.filter(status="failed").count() == 1


@pytest.mark.req("S.4")
def test_a_file_of_the_wrong_kind_is_refused_before_anything_happens(client_for):
    response = post(client_for("steward"), b"hello", "roster.pdf")
    assert response.status_code == 302
    assert not RosterImport.objects.exists()


@pytest.mark.req("VII.6")
def test_a_disability_extract_alone_can_be_uploaded(client_for):
    client = client_for("steward")
    post(client, as_zip(bundle([person("s1", "Ann", "Lee")])))
    post(client, b"sourcedId,IDEA,Section504\ns1,yes,no\n", "disability.csv")
    assert Student.objects.get().known_disability is True


@pytest.mark.req("VII.6")
def test_a_large_upload_goes_to_the_worker_and_the_page_shows_progress(
    client_for, monkeypatch, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(views, "INLINE_IMPORT_BYTES", 10)
    client = client_for("steward")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = post(client, as_zip(bundle()))
    assert len(callbacks) == 1  # the task is enqueued when the upload is committed
    item = RosterImport.objects.get()
    assert item.status == "queued" and item.upload
    page = client.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 1s"' in page and "<progress" in page
    run_import(item.pk)
    run_import(item.pk)  # a second run finds nothing to claim
    item.refresh_from_db()
    assert item.status == "done" and not item.upload
    assert not list(tmp_path.rglob("*.upload"))  # the uploaded roster is not kept
    assert Student.objects.count() == len(people())
    assert 'hx-trigger="every 1s"' not in client.get(response["Location"]).content.decode()
