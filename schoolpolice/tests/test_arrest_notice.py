"""L.1 (Conn. Gen. Stat. § 10-233h): the arrest of an enrolled student for a felony or class A
misdemeanor is told to the Superintendent orally by the end of the next weekday and in writing
within 72 hours; both deadlines are tracked, with reminders and a permanent late flag; the written
notice is a PDF; the Superintendent acknowledges. Separate from Form A."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from accounts.models import Role
from notices.models import Notice
from reporting.models import FormA
from schoolpolice import actions, deadlines, tasks
from schoolpolice.models import ArrestNotice
from schoolpolice.tests import factories
from schoolpolice.tests.factories import local
from students.models import Disclosure

pytestmark = pytest.mark.django_db


def at(y: int, m: int, d: int, hour: int = 12, minute: int = 0) -> datetime:
    return local(date(y, m, d), hour, minute)


def end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, deadlines.END_OF_DAY))


# -- The deadlines at their edges -----------------------------------------------------------------


@pytest.mark.req("L.1")
@pytest.mark.parametrize(
    ("arrested", "due_day"),
    [
        (at(2026, 10, 7, 14), date(2026, 10, 8)),  # Wednesday -> Thursday
        (at(2026, 10, 9, 14), date(2026, 10, 12)),  # Friday -> Monday (Columbus Day: a day off, still a weekday)
        (at(2026, 10, 9, 22, 30), date(2026, 10, 12)),  # Friday night: already Saturday in UTC
        (at(2026, 10, 10, 9), date(2026, 10, 12)),  # Saturday -> Monday
        (at(2026, 10, 11, 23, 59), date(2026, 10, 12)),  # Sunday, a minute before midnight -> Monday
        (at(2026, 10, 12, 0, 1), date(2026, 10, 13)),  # Monday just after midnight -> Tuesday
        (at(2026, 11, 25, 15), date(2026, 11, 26)),  # the day before Thanksgiving -> Thanksgiving itself
        (at(2026, 12, 24, 10), date(2026, 12, 25)),  # Christmas Eve -> Christmas Day (a weekday)
        (at(2026, 12, 26, 10), date(2026, 12, 28)),  # in the winter vacation: weekdays, not school days
    ],
)
def test_oral_notice_is_due_by_the_end_of_the_next_weekday(arrested, due_day):
    assert deadlines.oral_due(arrested) == end_of(due_day)


@pytest.mark.req("L.1")
def test_the_oral_deadline_across_the_autumn_clock_change_ends_at_local_midnight():
    due = deadlines.oral_due(at(2026, 10, 30, 10))  # Friday, EDT; clocks go back Sunday November 1
    assert timezone.localtime(due).date() == date(2026, 11, 2)
    assert timezone.localtime(due).strftime("%H:%M %Z") == "23:59 EST"


@pytest.mark.req("L.1")
@pytest.mark.parametrize(
    ("arrested", "wall_clock"),
    [
        # Spring forward (March 8, 2026): 72 elapsed hours end an hour later on the wall clock.
        (at(2026, 3, 7, 10), "2026-03-10 11:00 EDT"),
        # Fall back (November 1, 2026): an hour earlier on the wall clock.
        (at(2026, 10, 31, 10), "2026-11-03 09:00 EST"),
        (at(2026, 10, 7, 10), "2026-10-10 10:00 EDT"),  # written notice due on a Saturday
    ],
)
def test_written_notice_is_due_72_elapsed_hours_after_the_arrest(arrested, wall_clock):
    due = deadlines.written_due(arrested)
    assert due.timestamp() - arrested.timestamp() == 72 * 3600
    assert timezone.localtime(due).strftime("%Y-%m-%d %H:%M %Z") == wall_clock


@pytest.mark.req("L.1")
@given(st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31)))
def test_every_arrest_gets_a_weekday_deadline_and_72_elapsed_hours(naive):
    arrested = timezone.make_aware(naive)
    oral = timezone.localtime(deadlines.oral_due(arrested))
    arrest_day = timezone.localtime(arrested).date()
    assert oral.weekday() < 5 and oral.time() == deadlines.END_OF_DAY
    # The next weekday: one day later, or up to three from a Friday (Friday -> Monday).
    assert 1 <= (oral.date() - arrest_day).days <= 3
    assert all((arrest_day + timedelta(days=n)).weekday() >= 5 for n in range(1, (oral.date() - arrest_day).days))
    assert deadlines.written_due(arrested).timestamp() - arrested.timestamp() == 72 * 3600


# -- The workflow ---------------------------------------------------------------------------


@pytest.fixture
def officer(demo):
    return factories.person("patrol", Role.OFFICER)


@pytest.mark.req("L.1")
def test_the_officer_records_the_arrest_and_both_deadlines_are_fixed(client_for, officer):
    pupil = factories.student("Nico", "Fairweather")
    with time_machine.travel(at(2026, 10, 9, 16), tick=False):
        response = client_for("patrol").post(
            reverse("schoolpolice:arrest_new", kwargs={"slug": "westport"}),
            {
                "school": str(pupil.school.pk),
                "student_name": "Nico Fairweather",
                "arrested_date": "2026-10-09",
                "arrested_time": "14:05",
                "offense_class": "class_a",
            },
        )
    assert response.status_code == 302
    notice = ArrestNotice.objects.get()
    assert notice.officer == officer and notice.student == pupil
    assert notice.oral_due_at == end_of(date(2026, 10, 12))
    assert notice.written_due_at == at(2026, 10, 12, 14, 5)
    assert Disclosure.objects.get().to == officer
    # Its own workflow: no Form A is started by it.
    assert not FormA.objects.exists()


@pytest.mark.req("L.1")
@pytest.mark.req("S.4")
@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"offense_class": "class_b"}, "felonies and class A misdemeanors"),
        ({"arrested_at": "future"}, "not in the future"),
        ({"arrested_at": at(2020, 1, 6)}, "Choose a date from November 28, 2023"),
    ],
)
def test_what_the_statute_does_not_cover_is_refused(officer, kw, message):
    if kw.get("arrested_at") == "future":
        kw["arrested_at"] = timezone.now() + timedelta(hours=1)
    with pytest.raises(ValidationError, match=message):
        factories.arrest(officer, **kw)
    assert not ArrestNotice.objects.exists()


@pytest.mark.req("L.1")
def test_a_student_who_has_left_is_not_enrolled(officer):
    pupil = factories.student()
    pupil.active = False
    pupil.save()
    with pytest.raises(ValidationError, match="enrolled"):
        factories.arrest(officer, pupil)


@pytest.mark.req("L.1")
@pytest.mark.parametrize(
    ("given", "late"),
    [
        (at(2026, 10, 12, 23, 59), False),  # the last minute of Monday (a school holiday) is in time
        (at(2026, 10, 13, 0, 0), True),  # midnight is Tuesday
        (at(2026, 10, 13, 0, 1), True),
    ],
)
def test_the_oral_notice_is_late_past_the_end_of_the_next_weekday(officer, given, late):
    with time_machine.travel(at(2026, 10, 9, 15), tick=False):
        notice = factories.arrest(officer, arrested_at=at(2026, 10, 9, 14))
    with time_machine.travel(at(2026, 10, 14, 9), tick=False):
        notice = actions.do_record_oral_notice(
            factories.ACTOR, officer, notice, given_at=given, to="Dr. Ruth Okafor, by telephone"
        )
    assert notice.oral_late is late and notice.oral_to == "Dr. Ruth Okafor, by telephone"


@pytest.mark.req("L.1")
@pytest.mark.req("S.4")
def test_a_bad_oral_notice_gets_a_clear_message_and_changes_nothing(client_for, officer):
    with time_machine.travel(at(2026, 10, 9, 15), tick=False):
        notice = factories.arrest(officer, arrested_at=at(2026, 10, 9, 14))
        url = reverse("schoolpolice:oral", kwargs={"slug": "westport", "pk": notice.pk})
        cases = [
            ({"oral_date": "2026-10-09", "oral_time": "13:00", "oral_to": "Dr. Okafor"}, "before the arrest"),
            ({"oral_date": "2026-10-10", "oral_time": "09:00", "oral_to": "Dr. Okafor"}, "not in the future"),
            ({"oral_date": "2026-10-09", "oral_time": "14:30", "oral_to": " \u200b "}, "Say whom you told"),
            ({"oral_date": "2026-02-30", "oral_time": "14:30", "oral_to": "Dr. Okafor"}, "Enter a valid date"),
        ]
        for data, message in cases:
            response = client_for("patrol").post(url, data)
            assert response.status_code == 400 and message in response.content.decode(), message
    notice.refresh_from_db()
    assert notice.oral_given_at is None and notice.oral_to == ""


@pytest.mark.req("L.1")
@pytest.mark.parametrize(("minutes", "late"), [(-1, False), (0, False), (1, True)])
def test_the_written_notice_is_late_a_minute_after_72_hours(client_for, officer, minutes, late):
    with time_machine.travel(at(2026, 10, 9, 15), tick=False):
        notice = factories.arrest(officer, arrested_at=at(2026, 10, 9, 14))
    url = reverse("schoolpolice:written", kwargs={"slug": "westport", "pk": notice.pk})
    with time_machine.travel(notice.written_due_at + timedelta(minutes=minutes), tick=False):
        response = client_for("patrol").post(url, {"description": "Fight in the cafeteria;\r\na knife was found."})
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.written_late is late
    assert notice.description == "Fight in the cafeteria;\na knife was found."
    assert notice.written_pdf.read(4) == b"%PDF"
    assert Notice.objects.filter(recipient__username="superintendent", kind="arrest_notice_written").count() == 1


@pytest.mark.req("L.1")
def test_the_written_notice_is_sent_once(officer):
    notice = factories.arrest(officer)
    actions.do_write_notice(factories.ACTOR, officer, notice, description="Brief description.")
    notice.refresh_from_db()
    with pytest.raises(ValidationError, match="already been sent"):
        actions.do_write_notice(factories.ACTOR, officer, notice, description="Another.")


@pytest.mark.req("L.1")
def test_the_pdf_goes_to_the_superintendent_and_not_to_another_sro(client_for, officer):
    notice = factories.arrest(officer, factories.student("Imre", "Saltonstall"))
    actions.do_write_notice(factories.ACTOR, officer, notice, description="Brief description.")
    url = reverse("schoolpolice:pdf", kwargs={"slug": "westport", "pk": notice.pk})
    response = client_for("superintendent").get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert client_for("sro2").get(url).status_code == 404


# -- Reminders and the permanent late flag ---------------------------------------------------------


def run_step(day: date, hour: int = 6) -> int:
    agreement = factories.school().agreements.get()
    with time_machine.travel(local(day, hour), tick=False):
        return tasks.send_arrest_notice_reminders.call(agreement.pk, day.isoformat())


def keys(username: str) -> list[str]:
    return sorted(Notice.objects.filter(recipient__username=username).values_list("key", flat=True))


@pytest.mark.req("L.1")
def test_reminders_run_on_weekends_and_the_late_flag_stays(officer):
    # Arrested Friday afternoon: oral due end of Monday, written due Monday 14:00.
    with time_machine.travel(at(2026, 10, 9, 15), tick=False):
        notice = factories.arrest(officer, arrested_at=at(2026, 10, 9, 14))
    assert run_step(date(2026, 10, 10)) == 0  # Saturday: nothing due before Monday
    run_step(date(2026, 10, 11))  # Sunday: both are due tomorrow
    assert keys("patrol") == [f"arrest_notice:{notice.pk}:oral:due", f"arrest_notice:{notice.pk}:written:due"]
    assert run_step(date(2026, 10, 12)) == 0  # Monday morning: already reminded, nothing twice
    run_step(date(2026, 10, 13))  # Tuesday: both missed
    notice.refresh_from_db()
    assert notice.oral_late and notice.written_late
    late = {f"arrest_notice:{notice.pk}:oral:late", f"arrest_notice:{notice.pk}:written:late"}
    assert late <= set(keys("patrol")) and set(keys("chief")) == late
    assert run_step(date(2026, 10, 13), hour=7) == 0  # idempotent
    # Giving the notices afterwards does not clear the flags.
    with time_machine.travel(at(2026, 10, 13, 9), tick=False):
        notice = actions.do_record_oral_notice(
            factories.ACTOR, officer, notice, given_at=at(2026, 10, 13, 8), to="Dr. Okafor"
        )
        notice = actions.do_write_notice(factories.ACTOR, officer, notice, description="Brief description.")
    assert notice.oral_late and notice.written_late
    assert ArrestNotice.objects.late().count() == 1


@pytest.mark.req("L.1")
def test_a_notice_given_in_time_is_neither_reminded_nor_late(officer):
    with time_machine.travel(at(2026, 10, 9, 15), tick=False):
        notice = factories.arrest(officer, arrested_at=at(2026, 10, 9, 14))
        actions.do_record_oral_notice(
            factories.ACTOR, officer, notice, given_at=at(2026, 10, 9, 14, 30), to="Dr. Okafor"
        )
        actions.do_write_notice(factories.ACTOR, officer, notice, description="Brief description.")
    run_step(date(2026, 10, 11))
    run_step(date(2026, 10, 14))
    notice.refresh_from_db()
    assert not notice.oral_late and not notice.written_late and keys("patrol") == []
    assert not ArrestNotice.objects.late().exists()


# -- The Superintendent acknowledges ------------------------------------------------------------


@pytest.mark.req("L.1")
def test_the_superintendent_acknowledges_the_written_notice(client_for, member, officer):
    notice = factories.arrest(officer, factories.student("Tamsin", "Oakhurst"))
    ack = reverse("schoolpolice:acknowledge", kwargs={"slug": "westport", "pk": notice.pk})
    client_for("superintendent").post(ack)
    notice.refresh_from_db()
    assert notice.acknowledged_at is None  # nothing written yet to acknowledge
    notice = actions.do_write_notice(factories.ACTOR, officer, notice, description="Brief description.")
    overview = reverse("schoolpolice:overview", kwargs={"slug": "westport"})
    html = client_for("superintendent").get(overview).content.decode()
    assert "Arrest notices waiting for your acknowledgement" in html and "Tamsin Oakhurst" in html
    assert client_for("superintendent").post(ack).status_code == 302
    notice.refresh_from_db()
    assert notice.acknowledged_by == member("superintendent")
    assert Notice.objects.filter(recipient__username="patrol", kind="arrest_notice_acknowledged").exists()
    with pytest.raises(ValidationError, match="already been acknowledged"):
        actions.do_acknowledge(factories.ACTOR, member("superintendent"), notice)
    with pytest.raises(PermissionDenied):
        actions.do_acknowledge(factories.ACTOR, officer, notice)


@pytest.mark.req("L.1")
def test_the_superintendent_sees_late_notices_and_the_chief_sees_open_ones(client_for, officer):
    with time_machine.travel(at(2026, 10, 9, 15), tick=False):
        factories.arrest(officer, arrested_at=at(2026, 10, 9, 14))
    overview = reverse("schoolpolice:overview", kwargs={"slug": "westport"})
    with time_machine.travel(at(2026, 10, 14, 9), tick=False):
        sup = client_for("superintendent").get(overview).content.decode()
        chief = client_for("chief").get(overview).content.decode()
    assert 'class="late"' in sup and "Overdue" in sup
    assert "Open arrest notices" in chief and "Overdue" in chief


@pytest.mark.req("L.1")
def test_only_a_party_to_the_arrest_records_its_notices(member, officer):
    notice = factories.arrest(officer)
    with pytest.raises(PermissionDenied):
        actions.do_record_oral_notice(factories.ACTOR, member("sro2"), notice, given_at=timezone.now(), to="Dr. Okafor")
    with pytest.raises(PermissionDenied):
        actions.do_write_notice(factories.ACTOR, member("superintendent"), notice, description="x")
    actions.do_record_oral_notice(factories.ACTOR, member("chief"), notice, given_at=timezone.now(), to="Dr. Okafor")


@pytest.mark.req("L.1")
def test_the_sro_is_offered_a_form_a_with_nothing_carried_across(client_for, member):
    notice = factories.arrest(member("sro"))
    html = client_for("sro").get(reverse("schoolpolice:arrest", kwargs={"slug": "westport", "pk": notice.pk}))
    assert f'href="{reverse("reporting:new", kwargs={"slug": "westport"})}"' in html.content.decode()
    assert not FormA.objects.exists()


@pytest.mark.req("L.1")
@pytest.mark.req("VI.4")
def test_an_emergency_arrest_leads_to_its_notice_with_the_student_filled_in(client_for, member):
    from schoolpolice.actions import Enforcement
    from schoolpolice.models import Kind

    pupil = factories.student("Odile", "Marchbank")
    emergency = factories.emergency(
        member("sro"),
        pupil,
        kind=Kind.ARREST,
        enforcement=Enforcement(acting="other_officer", custody_place="off_premises"),
    )
    page = client_for("sro").get(reverse("schoolpolice:emergency", kwargs={"slug": "westport", "pk": emergency.pk}))
    new = reverse("schoolpolice:arrest_new", kwargs={"slug": "westport"}) + f"?emergency={emergency.pk}"
    assert new in page.content.decode()
    form = client_for("sro").get(new).content.decode()
    assert 'value="Odile Marchbank"' in form
    # Another student's name is refused: the notice belongs to the emergency's student.
    at_ = timezone.localtime(emergency.occurred_at)
    data = {
        "school": str(pupil.school.pk),
        "student_name": "Odile Marchbank",
        "arrested_date": at_.date().isoformat(),
        "arrested_time": at_.strftime("%H:%M"),
        "offense_class": "felony",
    }
    other = factories.student("Piers", "Underhill")
    response = client_for("sro").post(new, data | {"student_name": "Piers Underhill"})
    assert "another student" in response.content.decode() and other.pk and not ArrestNotice.objects.exists()
    assert client_for("sro").post(new, data).status_code == 302
    assert ArrestNotice.objects.get().emergency == emergency
    # Once recorded, the emergency links to it and offers no second one.
    assert client_for("sro").get(new).status_code == 404
    page = client_for("sro").get(reverse("schoolpolice:emergency", kwargs={"slug": "westport", "pk": emergency.pk}))
    assert "arrest notice #" in page.content.decode()


@pytest.mark.req("L.1")
@pytest.mark.req("S.4")
@pytest.mark.parametrize("query", ["?request=abc", "?emergency=99999999999999999999", "?request=999999"])
def test_a_tampered_source_is_not_found(client_for, query):
    url = reverse("schoolpolice:arrest_new", kwargs={"slug": "westport"}) + query
    assert client_for("sro").get(url).status_code == 404


@pytest.mark.req("L.1")
def test_the_dashboards_count_open_late_and_written_arrest_notices(client_for, officer):
    on_time = factories.arrest(officer, factories.student("Ines", "Marlow"))
    actions.do_write_notice(factories.ACTOR, officer, on_time, description="Brief description.")
    factories.arrest(officer, factories.student("Oren", "Vale"), arrested_at=timezone.now() - timedelta(days=5))
    acknowledged = factories.arrest(officer, factories.student("Pia", "Strand"))
    acknowledged = actions.do_write_notice(factories.ACTOR, officer, acknowledged, description="Brief description.")
    ArrestNotice.objects.filter(pk=acknowledged.pk).update(acknowledged_at=timezone.now())

    def line(username: str) -> str:
        html = client_for(username).get("/westport/").content.decode()
        section = html[html.index('id="panel-police"') :]
        return " ".join(section[: section.index("</section>")].split())

    # One written and waiting, one five days old with neither notice given (late), one done.
    superintendent = line("superintendent")
    assert "<strong>1</strong> arrest notice waiting for your acknowledgement" in superintendent
    assert "1 late" in superintendent
    chief = line("chief")
    assert "<strong>2</strong> open arrest notices" in chief and "1 late" in chief
