"""manage.py import_calendar and manage.py due_date (P.2, VII.2)."""

from __future__ import annotations

from datetime import date
from io import StringIO
from pathlib import Path

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


# Real district files (issue 7): several years, corrections on the command line, sanity lines.
FILES = Path(__file__).parent / "fixtures" / "ics"
FEED = str(FILES / "website-feed-several-years.ics")


def test_import_calendar_saves_every_complete_year_of_a_feed_and_says_what_it_skipped(demo):
    out = run("import_calendar", FEED, "--agreement", "westport")
    assert "2025-26: first day 2025-08-27, last day 2026-06-16, 180 school days" in out
    assert "2026-27: first day 2026-08-26, last day 2027-06-15, 182 school days" in out
    assert "Note: Skipped the school year ending 2025-06-13" in out
    assert "Note: Skipped the 2027-28 school year starting 2027-08-26" in out
    assert "Saved 2025-26" in out and "Saved 2026-27" in out
    assert list(SchoolYear.objects.values_list("label", flat=True)) == ["2025-26", "2026-27"]
    assert AuditEntry.objects.filter(action="schoolyear.imported").count() == 2


def test_import_calendar_prints_the_events_read_as_days_off_for_each_year(demo):
    out = run("import_calendar", FEED, "--agreement", "westport", "--dry-run")
    first, second = out.split("2026-27: first day")[0], out.split("2026-27: first day")[1]
    assert "  Read as days off:\n    2025-09-01  Labor Day\n" in first
    assert "    2026-11-25 to 2026-11-27  Thanksgiving Break" in second
    assert "Labor Day – Early Dismissal" not in second.split("Note:")[0]


def test_import_calendar_imports_just_the_school_year_asked_for(demo):
    out = run("import_calendar", FEED, "--agreement", "westport", "--school-year", "2026-2027")
    assert "Saved 2026-27" in out and "Skipped" not in out
    assert list(SchoolYear.objects.values_list("label", flat=True)) == ["2026-27"]


def test_a_reimport_of_the_same_file_changes_nothing(demo):
    run("import_calendar", FEED, "--agreement", "westport")
    before = (
        list(SchoolYear.objects.values_list("pk", "imported_at")),
        list(CalendarDay.objects.values_list("pk", flat=True)),
        AuditEntry.objects.count(),
    )
    out = run("import_calendar", FEED, "--agreement", "westport")
    assert "2025-26 for Westport Public Schools is already saved as in this file: unchanged." in out
    after = (
        list(SchoolYear.objects.values_list("pk", "imported_at")),
        list(CalendarDay.objects.values_list("pk", flat=True)),
        AuditEntry.objects.count(),
    )
    assert after == before


def test_a_reimport_after_a_hand_edit_restores_the_file(demo):
    from audit.log import Actor
    from schoolcalendar.actions import do_set_day

    run("import_calendar", FEED, "--agreement", "westport")
    do_set_day(Actor.system("t"), demo, CalendarDay.objects.get(date=date(2025, 10, 6)), in_session=False)
    assert "Saved 2025-26" in run("import_calendar", FEED, "--agreement", "westport")
    assert CalendarDay.objects.get(date=date(2025, 10, 6)).in_session


def test_the_command_line_corrects_readings_first_and_last_days(demo):
    out = run(
        "import_calendar",
        FEED,
        "--agreement",
        "westport",
        "--school-year",
        "2025-2026",
        "--reading",
        "veterans day – closed=no_change",
        "--reading",
        "Two-Hour Delayed Opening=no_school",
        "--reading",
        "Labor Day=half_day",
        "--first-day",
        "2025-08-28",
        "--last-day",
        "2026-06-15",
    )
    assert "corrected by hand" in out
    year = SchoolYear.objects.get()
    assert (year.first_day, year.last_day) == (date(2025, 8, 28), date(2026, 6, 15))
    day = {d.date: d.in_session for d in year.days.all()}
    assert day[date(2025, 11, 11)] and not day[date(2025, 10, 22)] and day[date(2025, 9, 1)]
    corrected = AuditEntry.objects.get(action="schoolyear.imported").changes["corrected_readings"]
    assert corrected == {
        "Veterans Day – Closed": "no_change",
        "Two-Hour Delayed Opening": "day_off",
        "Labor Day": "school_day",
    }


@pytest.mark.req("S.4")
@pytest.mark.parametrize(
    "args, message",
    [
        (["--reading", "Labor Day"], "should read SUMMARY=no_school"),
        (["--reading", "Labor Day=holiday"], "should read SUMMARY=no_school"),
        (["--reading", "Pizza Day=no_school"], "no event in the file has the summary “Pizza Day”"),
        (["--first-day", "2025-02-30"], "--first-day “2025-02-30” is not a date"),
        (["--school-year", "2030-2031"], "no complete 2030-31 school year"),
        (["--school-year", "2025"], "“2025” is not a school year"),
    ],
)
def test_bad_command_line_corrections_are_refused_and_change_nothing(demo, args, message):
    with pytest.raises(CommandError, match=message):
        run("import_calendar", FEED, "--agreement", "westport", *args)
    assert not SchoolYear.objects.exists()


def test_the_command_warns_about_another_district_and_an_implausible_year(demo):
    out = run("import_calendar", str(FILES / "another-district.ics"), "--agreement", "westport", "--dry-run")
    assert "Warning: 2025-26 has 203 school days, more than 190" in out
    assert "Warning: The calendar is named “Millbrook Public Schools 2025-26”, which does not name Westport" in out


@pytest.mark.req("S.4")
def test_the_command_refuses_a_cut_off_file_in_plain_words(demo):
    with pytest.raises(CommandError, match="ends before END:VCALENDAR; it may have been cut off while downloading"):
        run("import_calendar", str(FILES / "cut-off-download.ics"), "--agreement", "westport")
    assert not SchoolYear.objects.exists()


def test_the_command_says_a_rotation_feed_is_read_as_the_list_of_school_days(demo):
    out = run("import_calendar", str(FILES / "rotation-every-school-day.ics"), "--agreement", "westport")
    assert "lists every school day (a rotation calendar)" in out
    assert not CalendarDay.objects.get(date=date(2025, 10, 13)).in_session


@pytest.mark.req("VII.2")
def test_due_dates_across_a_holiday_exported_as_midnight_times_are_not_early(demo):
    # The misreading reported in issue 7: all-day closures exported as DATE-TIME (TZID or UTC)
    # were ignored, so every due date across them came out early.
    from schoolcalendar.days import due_date

    run("import_calendar", str(FILES / "outlook-export-timed-all-day-events.ics"), "--agreement", "westport")
    assert due_date(demo, date(2025, 11, 21)) == date(2025, 12, 3)  # Thanksgiving Recess (TZID midnight)
    assert due_date(demo, date(2025, 10, 8)) == date(2025, 10, 16)  # Columbus Day (04:00Z = local midnight)
    assert due_date(demo, date(2026, 4, 1)) == date(2026, 4, 9)  # Good Friday (00:00 to 23:59)
