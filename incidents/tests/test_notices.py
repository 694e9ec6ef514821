"""IV.1: the SRO notifies the principal of any juvenile delinquency, incident, charge or arrest
at that school: at once, in the app and by email, with its own deadline and a permanent late
flag, tracked until the principal acknowledges it, with a reminder each school day until then."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError

from accounts.models import Membership, Role
from audit.log import Actor
from audit.models import AuditEntry
from incidents import actions, tasks
from incidents.deadlines import at
from incidents.models import IncidentNotice, NoticeSettings
from notices.models import Notice
from reporting.tests.filing import calendar_fixture  # noqa: F401

NY = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 30, 12, tzinfo=NY)  # a Monday, a school day
ACTOR = Actor.system("test")
URL = "/westport/incidents/notices/new/"

pytestmark = pytest.mark.usefixtures("calendar")


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def staples(demo):
    return demo.schools.get(name="Staples High School")


def record(member, staples, **kw) -> IncidentNotice:
    values = {
        "school": staples,
        "kind": "arrest",
        "occurred_at": NOW - timedelta(hours=1),
        "description": "A student was arrested for theft of a phone in the gym.",
    } | kw
    return actions.do_record_notice(ACTOR, member("sro"), **values)


def designee(demo, staples, username="vp") -> Membership:
    from accounts.models import User

    user = User.objects.create_user(
        username, email=f"{username}@westport.example.org", first_name="Ari", last_name="Vale"
    )
    m = Membership.objects.create(
        user=user, agreement=demo, role=Role.PRINCIPAL_DESIGNEE, starts_on=demo.effective_date
    )
    m.schools.add(staples)
    return m


@pytest.mark.req("IV.1")
def test_the_principal_and_designee_are_told_at_once_by_notice_and_email(member, demo, staples):
    designee(demo, staples)
    with pytest.MonkeyPatch.context():
        from django.test import TestCase

        with TestCase.captureOnCommitCallbacks(execute=True):
            notice = record(member, staples)
    told = set(Notice.objects.filter(kind="incident_notice").values_list("recipient__username", flat=True))
    assert told == {"principal", "vp"}
    assert sorted(m.to[0] for m in mail.outbox) == ["principal@westport.example.org", "vp@westport.example.org"]
    # The email says that something happened and links to it; the description stays in the app.
    assert "Arrest at Staples High School" in mail.outbox[0].subject
    assert "phone" not in mail.outbox[0].body and f"/incidents/notices/{notice.pk}/" in mail.outbox[0].body
    assert AuditEntry.objects.filter(action="incidents.notice_recorded", object_id=str(notice.pk)).exists()


@pytest.mark.req("IV.1")
def test_a_principal_of_another_school_is_not_told_and_cannot_read_it(member, demo, staples, client_for):
    other = designee(demo, demo.schools.get(name="Coleytown Middle School"), username="cms")
    notice = record(member, staples)
    assert not Notice.objects.filter(recipient=other.user).exists()
    from django.test import Client

    client = Client()
    client.force_login(other.user)
    assert client.get(f"/westport/incidents/notices/{notice.pk}/").status_code == 404
    assert client.post(f"/westport/incidents/notices/{notice.pk}/acknowledge/").status_code == 404


@pytest.mark.req("IV.1")
def test_the_deadline_is_fixed_from_the_event_and_a_late_notice_stays_late(member, staples):
    on_time = record(member, staples, occurred_at=at(NOW.date(), time(9, 0)))
    assert (on_time.deadline, on_time.late) == (at(NOW.date(), time(15, 30)), False)
    # Friday's incident recorded on Monday: it was due Friday at 3:30 p.m.
    late = record(member, staples, occurred_at=datetime(2026, 11, 20, 10, tzinfo=NY))
    assert (late.deadline, late.late) == (datetime(2026, 11, 20, 15, 30, tzinfo=NY), True)
    # Saturday's arrest recorded on Monday before 3:30 p.m. is on time.
    weekend = record(member, staples, occurred_at=datetime(2026, 11, 28, 22, tzinfo=NY))
    assert (weekend.deadline, weekend.late) == (at(NOW.date(), time(15, 30)), False)
    # A later acknowledgement does not change the flag.
    actions.do_acknowledge(ACTOR, member("principal"), late)
    late.refresh_from_db()
    assert late.late is True and late.deadline == datetime(2026, 11, 20, 15, 30, tzinfo=NY)


@pytest.mark.req("IV.1")
def test_recorded_one_minute_after_the_deadline_is_late(member, staples):
    with time_machine.travel(datetime(2026, 11, 30, 15, 31, tzinfo=NY), tick=False):
        notice = record(member, staples, occurred_at=datetime(2026, 11, 30, 15, 0, tzinfo=NY))
    assert notice.late is True
    with time_machine.travel(datetime(2026, 11, 30, 15, 30, tzinfo=NY), tick=False):
        notice = record(member, staples, occurred_at=datetime(2026, 11, 30, 15, 0, tzinfo=NY))
    assert notice.late is False


@pytest.mark.req("IV.1")
def test_the_deadline_follows_the_agreements_own_setting(member, staples, client_for, demo):
    response = client_for("admin").post(
        "/westport/incidents/settings/", {"rule": "hours", "hours": "2", "school_day_ends_at": "15:30"}
    )
    assert response.status_code == 302
    notice = record(member, staples, occurred_at=NOW - timedelta(hours=3))
    assert notice.late is True and notice.deadline == NOW - timedelta(hours=1)
    assert "within 2 hours" in notice.deadline_rule
    # Out of bounds: a clear message and nothing changed.
    for bad in ({"rule": "hours", "hours": "0"}, {"rule": "hours", "hours": "100"}, {"rule": "weekly", "hours": "2"}):
        page = client_for("admin").post("/westport/incidents/settings/", bad | {"school_day_ends_at": "15:30"})
        assert page.status_code == 200 and b'class="errorlist' in page.content
    assert NoticeSettings.objects.get(agreement=demo).hours == 2
    assert AuditEntry.objects.filter(action="incidents.notice_settings_updated").count() == 1


@pytest.mark.req("IV.1")
def test_the_principal_acknowledges_once_and_the_sro_is_told(member, staples, client_for):
    notice = record(member, staples)
    url = f"/westport/incidents/notices/{notice.pk}/"
    page = client_for("principal").get(url).content.decode()
    assert "Acknowledge" in page and "theft of a phone" in page
    assert client_for("principal").post(url + "acknowledge/").status_code == 302
    notice.refresh_from_db()
    assert notice.acknowledged_by.username == "principal" and notice.acknowledged_at == NOW
    assert Notice.objects.filter(recipient__username="sro", kind="incident_acknowledged").count() == 1
    client_for("principal").post(url + "acknowledge/")
    assert AuditEntry.objects.filter(action="incidents.notice_acknowledged").count() == 1
    with pytest.raises(ValidationError, match="acknowledged already"):
        actions.do_acknowledge(ACTOR, member("principal"), notice)


@pytest.mark.req("IV.1")
def test_the_principal_is_reminded_each_school_day_until_acknowledged(member, staples, demo):
    notice = record(member, staples)
    assert tasks.send_reminders(demo, NOW.date()) == 0  # told at once today; no reminder the same day
    tuesday = NOW.date() + timedelta(days=1)
    assert tasks.send_reminders(demo, tuesday) == 1
    assert tasks.send_reminders(demo, tuesday) == 0  # twice in a day: once
    assert tasks.send_reminders(demo, NOW.date() + timedelta(days=5)) == 0  # Saturday: no school, no reminder
    actions.do_acknowledge(ACTOR, member("principal"), notice)
    assert tasks.send_reminders(demo, NOW.date() + timedelta(days=7)) == 0
    assert Notice.objects.filter(kind="incident_reminder").count() == 1
    assert tasks.remind_principals.call(demo.id, (NOW.date() + timedelta(days=8)).isoformat()) == 0


@pytest.mark.req("IV.1")
@pytest.mark.req("VII.4")
def test_a_description_that_names_a_student_is_refused_and_nothing_is_stored(member, staples, client_for):
    from students import actions as student_actions
    from students.tests.bundles import bundle, person

    student_actions.do_import_roster(ACTOR, member("sro").agreement, bundle([person("s1", "Hope", "Bellweather")]))
    with pytest.raises(ValidationError, match="Hope Bellweather"):
        record(member, staples, description="Hope Bellweather was arrested.")
    page = client_for("sro").post(URL, _post(staples, description="Arrested hope  bellweather at lunch."))
    assert page.status_code == 200 and "may not identify a student" in page.content.decode()
    page = client_for("sro").post(URL, _post(staples, description="Student was born 3/15/2010, phone 203-555-0142."))
    assert "a date of birth" in page.content.decode() and "a phone number" in page.content.decode()
    # A word that may be a given name asks for confirmation first.
    page = client_for("sro").post(URL, _post(staples, description="Hope was seen near the gym."))
    assert "These words may be a student" in page.content.decode()
    assert not IncidentNotice.objects.exists() and not Notice.objects.exists()
    confirmed = client_for("sro").post(
        URL, _post(staples, description="Hope was seen near the gym.", names_confirmed="on")
    )
    assert confirmed.status_code == 302 and IncidentNotice.objects.count() == 1


def _post(school, /, **kw) -> dict:
    return {
        "school": str(school.pk),
        "kind": "incident",
        "occurred_date": "2026-11-30",
        "occurred_time": "10:05",
        "description": "A fight in the cafeteria; two students separated.",
    } | kw


@pytest.mark.req("IV.1")
@pytest.mark.req("S.4")
@pytest.mark.parametrize(
    "change, message",
    [
        ({"occurred_time": "13:00"}, "cannot be in the future"),
        ({"occurred_date": "2026-12-01"}, "Choose a date from"),
        ({"occurred_date": "2023-01-01"}, "Choose a date from"),
        ({"occurred_date": "9999-12-31"}, "Choose a date from"),
        ({"occurred_time": "25:61"}, "Enter a valid time"),
        ({"description": " \u200b\u00a0 "}, "Write a short description"),
        ({"description": "x" * 1001}, "at most 1000 characters"),
        ({"kind": "interview"}, "Select a valid choice"),
        ({"kind": ""}, "Choose what happened"),
        ({"occurred_time": ""}, "Enter the time it happened."),
        ({"school": "9223372036854775808"}, "Choose one of the schools"),
        ({"school": "abc"}, "Choose one of the schools"),
    ],
)
def test_bad_input_gets_a_clear_message_and_changes_nothing(client_for, staples, change, message):
    page = client_for("sro").post(URL, _post(staples, **change))
    assert page.status_code == 200
    assert message in page.content.decode()
    assert not IncidentNotice.objects.exists() and not Notice.objects.exists()


@pytest.mark.req("IV.1")
@pytest.mark.req("S.4")
def test_hostile_text_is_stored_as_text_and_shown_escaped(client_for, staples):
    text = "<script>alert(1)</script>\x00 ' OR 1=1 --\r\n\u2028second\u00a0line"
    response = client_for("sro").post(URL, _post(staples, description=text))
    if response.status_code == 200:  # the form refuses the NUL character outright
        assert "Null characters are not allowed" in response.content.decode()
        response = client_for("sro").post(URL, _post(staples, description=text.replace("\x00", "")))
    notice = IncidentNotice.objects.get()
    assert notice.description == "<script>alert(1)</script> ' OR 1=1 --\n\nsecond line"
    page = client_for("principal").get(f"/westport/incidents/notices/{notice.pk}/").content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page


@pytest.mark.req("IV.1")
def test_only_an_sro_records_and_only_for_a_school_they_are_assigned_to(member, demo):
    bedford = demo.schools.get(name="Bedford Middle School")
    with pytest.raises(ValidationError, match="Only a School Resource Officer"):
        actions.do_record_notice(
            ACTOR, member("chief"), school=bedford, kind="arrest", occurred_at=NOW, description="An arrest."
        )
    with pytest.raises(ValidationError, match="assigned to on that date"):
        actions.do_record_notice(
            ACTOR, member("sro2"), school=bedford, kind="arrest", occurred_at=NOW, description="An arrest."
        )
    assert not IncidentNotice.objects.exists()


@pytest.mark.req("IV.1")
def test_the_dashboards_show_each_role_what_it_needs(member, staples, client_for, django_assert_max_num_queries):
    record(member, staples, kind="charge", occurred_at=datetime(2026, 11, 20, 10, tzinfo=NY))  # late
    principal = client_for("principal").get("/westport/").content.decode()
    assert "waiting for your acknowledgement" in principal and "Charge at Staples High School" in principal
    assert "1 to acknowledge" in principal  # the nav badge
    chief = client_for("chief").get("/westport/").content.decode()
    assert "Incidents told to principals" in chief and "1 late" in chief
    sro = client_for("sro").get("/westport/").content.decode()
    assert "Notify the principal" in sro and "1 of your records is waiting for the principal's acknowledgement" in sro
    for _ in range(20):
        record(member, staples)
    client = client_for("superintendent")
    with django_assert_max_num_queries(20):
        page = client.get("/westport/incidents/")
    assert page.status_code == 200 and "Late notices" in page.content.decode()
