"""Importing a calendar on the page: read, preview, correct, then save (P.2, S.4)."""

from __future__ import annotations

import base64
import re
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEntry
from schoolcalendar.models import CalendarDay, SchoolYear
from schoolcalendar.tests.conftest import ics, small_year

pytestmark = [pytest.mark.req("P.2"), pytest.mark.django_db]

URL = reverse("schoolcalendar:import", args=["westport"])


def upload(client, data: bytes, name: str = "wps.ics"):
    return client.post(URL, {"calendar": SimpleUploadedFile(name, data, content_type="text/calendar")})


def hidden(page: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', page).group(1)


def readings(page: str) -> dict[str, str]:
    """The select values as the browser would send them back."""
    result = {}
    for name, body in re.findall(r'<select name="(reading-\d+)"[^>]*>(.*?)</select>', page, re.S):
        result[name] = re.search(r'<option value="([^"]+)" selected>', body).group(1)
    return result


def test_the_form_explains_how_a_file_is_read(demo, client_for):
    page = client_for("steward").get(URL).content.decode()
    assert "District calendar (.ics file)" in page
    assert "An early dismissal, delayed opening, half or partial day, or make-up day is a school day" in page


def test_an_upload_shows_each_reading_before_anything_is_saved(demo, client_for):
    data = small_year(
        ("Thanksgiving Recess", date(2025, 11, 26), date(2025, 11, 28)),
        ("Picture Day", date(2025, 9, 10)),
        ("Early Dismissal", date(2025, 11, 25)),
    )
    page = upload(client_for("steward"), data).content.decode()
    assert "2025-11-26 to 2025-11-28" in page
    assert "says “recess”" in page
    assert "<h2>2025-26</h2>" in page
    assert "First day Tuesday, September 2, 2025" in page
    assert readings(page) == {
        "reading-0": "first_day",
        "reading-1": "day_off",
        "reading-2": "no_change",
        "reading-3": "school_day",
        "reading-4": "last_day",
    }
    assert not SchoolYear.objects.exists()


def test_confirming_saves_the_year_with_corrections_and_audits_it(demo, client_for):
    client = client_for("superintendent")
    data = small_year(("Election Day", date(2025, 11, 4)))
    page = upload(client, data).content.decode()
    post = {"ics": hidden(page, "ics"), "filename": hidden(page, "filename"), **readings(page)}
    post["reading-1"] = "day_off"  # the file forgot to say "no school"
    preview = client.post(URL, post | {"step": "preview"}).content.decode()
    assert "corrected by hand" in preview
    assert not SchoolYear.objects.exists()
    response = client.post(URL, post | {"step": "save"})
    assert response.status_code == 302
    assert response["Location"].endswith("?year=2025-26")
    day = CalendarDay.objects.get(date=date(2025, 11, 4))
    assert (day.in_session, day.note) == (False, "Election Day")
    entry = AuditEntry.objects.get(action="schoolyear.imported")
    assert entry.actor.username == "superintendent"
    assert entry.changes["source"] == "wps.ics"
    assert entry.changes["corrected_readings"] == {"Election Day": "day_off"}


def test_the_preview_warns_that_a_reimport_replaces_hand_edits(calendars, client_for):
    client = client_for("steward")
    client.post(reverse("schoolcalendar:set_day", args=["westport", "2025-10-06"]), {"in_session": "0"})
    page = upload(client, small_year(first=date(2025, 8, 27), last=date(2026, 6, 17))).content.decode()
    assert "Saving replaces the 2025-26 calendar" in page
    assert "including 1 day changed by hand" in page


@pytest.mark.parametrize(
    "data, message",
    [
        (ics(("Labor Day – No School", date(2025, 9, 1)), ("Last Day of School", date(2026, 6, 16))), "first day"),
        (ics(("First Day of School", date(2025, 9, 2))), "last day"),
        (b"%PDF-1.7 this is a PDF", "not an iCalendar"),
        (b"\xff\xfe\x00garbage", "not an iCalendar"),
    ],
)
def test_a_bad_file_is_refused_with_a_clear_message_and_nothing_changes(calendars, client_for, data, message):
    before = (CalendarDay.objects.count(), AuditEntry.objects.count())
    response = upload(client_for("steward"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "Nothing was" in response.content.decode()
    assert (CalendarDay.objects.count(), AuditEntry.objects.count()) == before


def test_removing_the_first_day_in_the_preview_is_refused(demo, client_for):
    client = client_for("steward")
    page = upload(client, small_year()).content.decode()
    post = {"ics": hidden(page, "ics"), "filename": "wps.ics", **readings(page), "reading-0": "no_change"}
    response = client.post(URL, post | {"step": "save"})
    assert response.status_code == 400
    assert "No event names the first day of school" in response.content.decode()
    assert not SchoolYear.objects.exists()


def test_a_damaged_file_sent_back_is_refused(demo, client_for):
    response = client_for("steward").post(URL, {"ics": "@@not base64@@", "step": "save"})
    assert response.status_code == 400
    assert b"damaged" in response.content
    garbage = base64.b64encode(b"hello").decode()
    assert client_for("steward").post(URL, {"ics": garbage, "step": "save"}).status_code == 400
    assert not SchoolYear.objects.exists()


def test_an_invalid_reading_is_refused(demo, client_for):
    client = client_for("steward")
    page = upload(client, small_year()).content.decode()
    post = {"ics": hidden(page, "ics"), **readings(page), "reading-0": "holiday!", "step": "save"}
    response = client.post(URL, post)
    assert response.status_code == 400
    assert not SchoolYear.objects.exists()


def test_a_year_overlapping_another_is_refused_on_save(calendars, client_for):
    client = client_for("steward")
    page = upload(client, small_year(first=date(2027, 1, 4), last=date(2027, 12, 17))).content.decode()
    post = {"ics": hidden(page, "ics"), "filename": "x.ics", **readings(page), "step": "save"}
    response = client.post(URL, post)
    assert response.status_code == 400
    assert "overlaps the 2026-27 year" in response.content.decode()
    assert not SchoolYear.objects.filter(label="2027-28").exists()


@pytest.mark.req("S.1")
def test_viewers_may_not_import(demo, client_for):
    assert upload(client_for("principal"), small_year()).status_code == 403
    assert upload(client_for("chief"), small_year()).status_code == 403
    assert not SchoolYear.objects.exists()


# Real district files (issue 7).
FILES = Path(__file__).parent / "fixtures" / "ics"


def fixture(name: str) -> bytes:
    return (FILES / name).read_bytes()


def test_a_feed_of_several_years_previews_each_year_with_its_days_off_and_the_skipped_years(demo, client_for):
    page = upload(client_for("steward"), fixture("website-feed-several-years.ics")).content.decode()
    assert "<h2>2025-26</h2>" in page and "<h2>2026-27</h2>" in page
    assert "<strong>180</strong> school days" in page and "<strong>182</strong> school days" in page
    assert "Events read as days off (14)" in page
    assert "Note: Skipped the school year ending 2025-06-13" in page
    assert "Save these 2 school years" in page
    assert not SchoolYear.objects.exists()


def test_saving_a_feed_saves_every_year_and_a_second_save_changes_nothing(demo, client_for):
    client = client_for("steward")
    page = upload(client, fixture("website-feed-several-years.ics"), "feed.ics").content.decode()
    post = {"ics": hidden(page, "ics"), "filename": hidden(page, "filename"), **readings(page), "step": "save"}
    assert client.post(URL, post).status_code == 302
    assert list(SchoolYear.objects.values_list("label", flat=True)) == ["2025-26", "2026-27"]
    before = (AuditEntry.objects.count(), list(CalendarDay.objects.values_list("pk", flat=True)))
    response = client.post(URL, post, follow=True)
    assert "already saved as in this file: nothing changed" in response.content.decode()
    assert (AuditEntry.objects.count(), list(CalendarDay.objects.values_list("pk", flat=True))) == before


def test_the_preview_warns_about_another_district_s_calendar_and_an_implausible_count(demo, client_for):
    page = upload(client_for("steward"), fixture("another-district.ics")).content.decode()
    assert "Warning: The calendar is named “Millbrook Public Schools 2025-26”" in page
    assert "Warning: 2025-26 has 203 school days, more than 190" in page


def test_the_preview_says_a_rotation_feed_is_read_as_the_list_of_school_days(demo, client_for):
    page = upload(client_for("steward"), fixture("rotation-every-school-day.ics")).content.decode()
    assert "The file lists every school day (a rotation calendar)" in page
    assert "Warning" not in page


@pytest.mark.req("S.4")
@pytest.mark.parametrize(
    "name, message",
    [
        ("cut-off-download.ics", "The file ends before END:VCALENDAR; it may have been cut off while downloading."),
        ("hostile-repeats-every-second.ics", "repeats every second (RRULE FREQ=SECONDLY)"),
    ],
)
def test_an_unusable_district_file_is_refused_in_plain_words(calendars, client_for, name, message):
    before = (CalendarDay.objects.count(), AuditEntry.objects.count())
    response = upload(client_for("steward"), fixture(name))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert (CalendarDay.objects.count(), AuditEntry.objects.count()) == before


def test_one_reading_corrects_every_event_with_that_summary_in_every_year(demo, client_for):
    client = client_for("steward")
    page = upload(client, fixture("website-feed-several-years.ics")).content.decode()
    label = r'<select name="(reading-\d+)" aria-label="Reading of “Memorial Day”, 2025-05-26; 2026-05-25; 2027-05-31"'
    name = re.search(label, page).group(1)
    post = {"ics": hidden(page, "ics"), "filename": "feed.ics", **readings(page), name: "no_change", "step": "save"}
    assert client.post(URL, post).status_code == 302
    days = dict(
        CalendarDay.objects.filter(date__in=[date(2026, 5, 25), date(2027, 5, 31)]).values_list("date", "in_session")
    )
    assert days == {date(2026, 5, 25): True, date(2027, 5, 31): True}


def test_a_rotation_feed_needs_a_few_readings_not_one_per_school_day(demo, client_for):
    client = client_for("steward")
    page = upload(client, fixture("rotation-every-school-day.ics")).content.decode()
    assert page.count("<select") == 5  # first day, last day, Thanksgiving Break, "A Day", "B Day"
    assert "190 events in wps.ics, 5 different summaries" in page
    post = {"ics": hidden(page, "ics"), "filename": "ab.ics", **readings(page), "step": "save"}
    assert client.post(URL, post).status_code == 302
    assert SchoolYear.objects.get().days.filter(in_session=True).count() == 187


def test_the_steward_may_save_only_some_years_of_a_feed(calendars, client_for):
    # The demo already holds 2025-26 (with a day changed by hand); save only 2026-27 from the feed.
    client = client_for("steward")
    client.post(reverse("schoolcalendar:set_day", args=["westport", "2025-10-06"]), {"in_session": "0"})
    page = upload(client, fixture("website-feed-several-years.ics")).content.decode()
    assert 'name="year" value="2025-26" form="readings" checked' in page
    post = {"ics": hidden(page, "ics"), "filename": "feed.ics", **readings(page), "years_shown": "1"}
    preview = client.post(URL, post | {"year": "2026-27", "step": "preview"}).content.decode()
    assert 'value="2025-26" form="readings">' in preview and "Save this school year" in preview
    assert client.post(URL, post | {"year": "2026-27", "step": "save"}).status_code == 302
    westport = CalendarDay.objects.filter(school_year__district__name="Westport Public Schools")
    assert not westport.get(date=date(2025, 10, 6)).in_session  # 2025-26 kept, hand edit and all
    assert SchoolYear.objects.get(district__name="Westport Public Schools", label="2026-27").source == "feed.ics"


@pytest.mark.req("S.4")
def test_saving_no_year_of_a_feed_is_refused(demo, client_for):
    client = client_for("steward")
    page = upload(client, fixture("website-feed-several-years.ics")).content.decode()
    post = {"ics": hidden(page, "ics"), **readings(page), "years_shown": "1", "year": "1999-00", "step": "save"}
    response = client.post(URL, post)
    assert response.status_code == 400
    assert "Choose at least one school year to save. Nothing was saved." in response.content.decode()
    assert not SchoolYear.objects.exists()
