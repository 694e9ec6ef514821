"""manage.py import_calendar and manage.py due_date (P.2, VII.2)."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from audit.models import AuditEntry
from schoolcalendar.models import CalendarDay, SchoolYear
from schoolcalendar.tests.conftest import ics, small_year

pytestmark = [pytest.mark.req("P.2"), pytest.mark.django_db]


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_import_calendar_prints_the_reading_and_saves(demo, tmp_path):
    path = tmp_path / "wps.ics"
    path.write_bytes(
        small_year(("Thanksgiving Recess", date(2025, 11, 26), date(2025, 11, 28)), ("Picture Day", date(2025, 9, 10)))
    )
    out = run("import_calendar", str(path), "--agreement", "westport")
    assert "2025-11-26 to 2025-11-28  Thanksgiving Recess" in out
    assert "No school: says “recess”" in out
    assert "Picture Day" in out and "No change" in out
    assert "Saved 2025-26" in out
    year = SchoolYear.objects.get(district=demo.district)
    assert year.source == "wps.ics"
    assert AuditEntry.objects.get(action="schoolyear.imported").actor_label == "system:import_calendar"


def test_import_calendar_dry_run_saves_nothing(demo, tmp_path):
    path = tmp_path / "wps.ics"
    path.write_bytes(small_year())
    assert "nothing was saved" in run("import_calendar", str(path), "--agreement", "westport", "--dry-run")
    assert not SchoolYear.objects.exists()


@pytest.mark.parametrize(
    "content, message",
    [
        (ics(("Labor Day – No School", date(2025, 9, 1)), ("Last Day of School", date(2026, 6, 16))), "first day"),
        (b"not a calendar", "not an iCalendar"),
    ],
)
def test_import_calendar_refuses_a_bad_file_and_changes_nothing(demo, tmp_path, content, message):
    path = tmp_path / "bad.ics"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run("import_calendar", str(path), "--agreement", "westport")
    assert not CalendarDay.objects.exists()


def test_import_calendar_refuses_an_unknown_agreement_or_a_missing_file(demo, tmp_path):
    with pytest.raises(CommandError, match="No agreement has the slug “nowhere”"):
        run("import_calendar", str(tmp_path / "x.ics"), "--agreement", "nowhere")
    with pytest.raises(CommandError, match="Cannot read"):
        run("import_calendar", str(tmp_path / "missing.ics"), "--agreement", "westport")


@pytest.mark.req("VII.2")
def test_due_date_prints_only_the_iso_date(calendars):
    assert run("due_date", "2025-11-21", "--agreement", "westport") == "2025-12-03\n"


@pytest.mark.req("VII.2")
@pytest.mark.parametrize(
    "args, message",
    [
        (["2025-13-01", "--agreement", "westport"], "is not a date"),
        (["2025-11-21", "--agreement", "nowhere"], "No agreement has the slug"),
        (["2030-01-07", "--agreement", "westport"], "does not cover"),
    ],
)
def test_due_date_refuses_with_a_clear_message(calendars, args, message):
    with pytest.raises(CommandError, match=message):
        run("due_date", *args)


@pytest.mark.req("VII.2")
def test_due_date_exits_non_zero_with_the_message_on_stderr():
    import subprocess
    import sys

    from django.conf import settings

    # call_command raises; the real command line must turn that into stderr and exit status 1.
    done = subprocess.run(
        [sys.executable, "manage.py", "due_date", "not-a-date", "--agreement", "westport"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        env={"DEBUG": "1", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode != 0
    assert done.stdout == ""
    assert "“not-a-date” is not a date" in done.stderr
