"""IV.4: a physical restraint or seclusion by the SRO (Conn. Gen. Stat. § 10-236b) is recorded as
an emergency intervention with its justification, duration and any injury; the principal is
alerted at once, with the date the district's own restraint report is due (the next school day).
A record here, or an IV.1 notice, that escalated to violence or constitutes a crime offers to
start a Form A carrying nothing identifying across."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import TestCase

from audit.log import Actor
from incidents import actions
from incidents.models import EmergencyIntervention, IncidentNotice
from notices.models import Notice
from reporting.forms import GATE_REFUSAL
from reporting.models import FormA
from reporting.tests.filing import calendar_fixture  # noqa: F401

NY = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 24, 12, tzinfo=NY)  # Tuesday before the Thanksgiving recess
ACTOR = Actor.system("test")
URL = "/westport/incidents/interventions/new/"

pytestmark = pytest.mark.usefixtures("calendar")


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def staples(demo):
    return demo.schools.get(name="Staples High School")


def values(school, **kw) -> dict:
    return {
        "school": school,
        "which": "restraint",
        "started_at": NOW - timedelta(minutes=40),
        "ended_at": NOW - timedelta(minutes=34),
        "imminent_injury_affirmed": True,
        "imminent_injury": "A student was about to strike a teacher with a chair.",
        "least_force_affirmed": True,
        "least_force": "Verbal commands first; held by the arms until calm, then released.",
        "injury_occurred": False,
    } | kw


def post(school, /, **kw) -> dict:
    return {
        "school": str(school.pk),
        "which": "seclusion",
        "started_date": "2026-11-24",
        "started_time": "11:05",
        "ended_time": "11:17",
        "imminent_injury_affirmed": "on",
        "imminent_injury": "A student threatened staff with a pair of scissors.",
        "least_force_affirmed": "on",
        "least_force": "The student was kept in the empty conference room with the door held until calm.",
        "injury_occurred": "False",
    } | kw


@pytest.mark.req("IV.4")
def test_a_restraint_is_recorded_with_its_duration_and_the_principal_alerted_at_once(member, staples):
    with TestCase.captureOnCommitCallbacks(execute=True):
        item = actions.do_record_intervention(ACTOR, member("sro"), **values(staples))
    assert item.duration_minutes == 6 and item.recorded_same_day
    # The recess starts tomorrow: the district's own report is due the next school day after it.
    assert item.district_report_due == date(2026, 11, 30)
    [alert] = Notice.objects.filter(kind="restraint_alert")
    assert alert.recipient.username == "principal"
    assert "due Monday, November 30" in alert.subject
    assert [m.to for m in mail.outbox] == [["principal@westport.example.org"]]
    assert "chair" not in mail.outbox[0].body


@pytest.mark.req("IV.4")
def test_the_form_quotes_the_statute_and_shows_the_next_school_day(client_for):
    page = client_for("sro").get(URL).content.decode()
    assert "10-236b" in page and "“Physical restraint” means any mechanical or personal restriction" in page
    assert "“Seclusion” means the involuntary confinement of a student" in page
    assert "least amount necessary" in page and "Monday, November 30" in page


@pytest.mark.req("IV.4")
def test_the_form_records_a_seclusion_and_shows_it_to_the_principal(client_for, staples):
    response = client_for("sro").post(URL, post(staples))
    assert response.status_code == 302
    item = EmergencyIntervention.objects.get()
    assert (item.which, item.duration_minutes, item.injury_occurred) == ("seclusion", 12, False)
    page = client_for("principal").get(response["Location"]).content.decode()
    assert "Seclusion at Staples High School" in page and "Monday, November 30, 2026" in page
    assert "Acknowledge" in page


@pytest.mark.req("IV.4")
@pytest.mark.req("S.4")
@pytest.mark.parametrize(
    "change, message",
    [
        ({"ended_time": "11:00"}, "The end must come after the start."),
        ({"ended_time": "11:05"}, "The end must come after the start."),
        ({"started_time": "07:00", "ended_time": "11:30"}, "over 4 hours"),
        ({"ended_time": "12:30"}, "cannot be in the future"),
        ({"started_date": "2026-11-25"}, "Choose a date from"),
        ({"imminent_injury_affirmed": ""}, "only to prevent immediate or imminent injury"),
        ({"least_force_affirmed": ""}, "least amount necessary"),
        ({"imminent_injury": "   "}, "Write the immediate or imminent injury it prevented."),
        ({"injury_occurred": ""}, "Say whether an injury occurred."),
        ({"which": "", "ended_time": "10:00"}, "Choose physical restraint or seclusion."),
        ({"injury_occurred": "True"}, "Say who was injured"),
        ({"injury_occurred": "True", "injured": "student"}, "Write the injury"),
        ({"injured": "student"}, "You said no injury occurred"),
        ({"which": "chokehold"}, "Select a valid choice"),
        ({"least_force": "y" * 1001}, "at most 1000 characters"),
    ],
)
def test_bad_input_gets_a_clear_message_and_changes_nothing(client_for, staples, change, message):
    page = client_for("sro").post(URL, post(staples, **change))
    assert page.status_code == 200
    assert message in page.content.decode().replace("&#x27;", "'")
    assert not EmergencyIntervention.objects.exists() and not Notice.objects.exists()


@pytest.mark.req("IV.4")
@pytest.mark.req("VII.4")
def test_an_injury_is_recorded_without_naming_anyone(member, staples):
    from students import actions as student_actions
    from students.tests.bundles import bundle, person

    student_actions.do_import_roster(ACTOR, member("sro").agreement, bundle([person("s1", "Hope", "Bellweather")]))
    with pytest.raises(ValidationError, match="Hope Bellweather"):
        actions.do_record_intervention(
            ACTOR,
            member("sro"),
            **values(staples, injury_occurred=True, injured="student", injury_description="Hope Bellweather cut a lip"),
        )
    assert not EmergencyIntervention.objects.exists()
    item = actions.do_record_intervention(
        ACTOR, member("sro"), **values(staples, injury_occurred=True, injured="both", injury_description="Scrapes")
    )
    assert item.get_injured_display() == "The student and others"


@pytest.mark.req("IV.4")
def test_a_record_made_after_the_day_of_the_intervention_is_flagged(member, staples):
    friday = datetime(2026, 11, 20, 14, tzinfo=NY)
    item = actions.do_record_intervention(
        ACTOR, member("sro"), **values(staples, started_at=friday, ended_at=friday + timedelta(minutes=3))
    )
    assert not item.recorded_same_day and item.district_report_due == date(2026, 11, 23)


@pytest.mark.req("IV.4")
@pytest.mark.req("VII.1")
def test_a_record_that_escalated_to_violence_starts_a_form_a_carrying_nothing_identifying(member, staples, client_for):
    item = actions.do_record_intervention(ACTOR, member("sro"), **values(staples, escalated_to_violence=True))
    url = f"/westport/incidents/interventions/{item.pk}/"
    assert "Start a Form A" in client_for("sro").get(url).content.decode()
    assert client_for("sro2").post(url + "form-a/").status_code == 404
    response = client_for("sro").post(url + "form-a/")
    report = FormA.objects.get()
    assert response["Location"] == f"/westport/reports/{report.pk}/"
    assert (report.escalated_to_violence, report.constitutes_crime) == (True, False)
    assert (report.school, report.incident_date, report.incident_time.isoformat()) == (
        staples,
        date(2026, 11, 24),
        "11:20:00",
    )
    # None of the record's words go across; the students come from the roster (VII.6).
    assert report.reason_and_nature == "" and report.location == ""
    assert [(s.age, s.gender) for s in report.students.all()] == [(None, "")]
    item.refresh_from_db()
    assert item.form_a == report
    client_for("sro").post(url + "form-a/")
    assert FormA.objects.count() == 1
    assert "open it" in client_for("sro").get(url).content.decode()


@pytest.mark.req("IV.1")
@pytest.mark.req("VII.1")
def test_a_notice_that_is_no_crime_and_no_violence_offers_no_form_a(member, staples, client_for):
    notice = actions.do_record_notice(
        ACTOR,
        member("sro"),
        school=staples,
        kind="incident",
        occurred_at=NOW - timedelta(hours=1),
        description="A student left campus without permission.",
    )
    assert "Start a Form A" not in client_for("sro").get(f"/westport/incidents/notices/{notice.pk}/").content.decode()
    with pytest.raises(ValidationError, match="escalate to violence or constitute a crime"):
        actions.do_start_form_a(ACTOR, member("sro"), notice)
    assert GATE_REFUSAL.startswith("The SRO may only report") and not FormA.objects.exists()
    crime = actions.do_record_notice(
        ACTOR,
        member("sro"),
        school=staples,
        kind="arrest",
        occurred_at=NOW - timedelta(hours=1),
        description="Arrest for a stolen phone.",
        constitutes_crime=True,
    )
    report = actions.do_start_form_a(ACTOR, member("sro"), crime)
    assert report.constitutes_crime and IncidentNotice.objects.get(pk=crime.pk).form_a_id == report.pk


@pytest.mark.req("IV.4")
def test_the_principal_acknowledges_the_intervention_and_is_reminded_until_then(member, staples, demo, client_for):
    from incidents import tasks

    item = actions.do_record_intervention(ACTOR, member("sro"), **values(staples))
    assert tasks.send_reminders(demo, date(2026, 11, 25)) == 0  # recess
    assert tasks.send_reminders(demo, date(2026, 11, 30)) == 1
    client_for("principal").post(f"/westport/incidents/interventions/{item.pk}/acknowledge/")
    item.refresh_from_db()
    assert item.is_acknowledged
    assert tasks.send_reminders(demo, date(2026, 12, 1)) == 0


@pytest.mark.req("IV.4")
@pytest.mark.req("VII.1")
def test_a_discarded_form_a_draft_frees_the_record_to_offer_one_again(member, staples, client_for):
    from reporting.actions import do_discard_draft

    item = actions.do_record_intervention(ACTOR, member("sro"), **values(staples, constitutes_crime=True))
    report = actions.do_start_form_a(ACTOR, member("sro"), item)
    do_discard_draft(ACTOR, report, member("sro"))
    item.refresh_from_db()
    assert item.form_a is None and item.offers_form_a
    assert "Start a Form A" in client_for("sro").get(f"/westport/incidents/interventions/{item.pk}/").content.decode()


@pytest.mark.req("IV.4")
@pytest.mark.parametrize(
    "change, message",
    [
        ({"imminent_injury_affirmed": False}, "only to prevent immediate or imminent injury"),
        ({"least_force_affirmed": False}, "least amount necessary"),
        ({"ended_at": NOW - timedelta(minutes=41)}, "The end must come after the start."),
        ({"started_at": NOW + timedelta(minutes=1), "ended_at": NOW + timedelta(minutes=5)}, "cannot be in the future"),
        ({"started_at": datetime(2026, 11, 24, 11, 0)}, "Enter the date and time it started"),  # naive: refused
        ({"which": "hold"}, "Choose physical restraint or seclusion."),
        ({"least_force": "Held.\x00" + "z" * 1000}, "at most 1,000 characters"),
    ],
)
def test_the_action_refuses_what_the_form_would_even_when_called_directly(member, staples, change, message):
    with pytest.raises(ValidationError, match=message):
        actions.do_record_intervention(ACTOR, member("sro"), **values(staples, **change))
    assert not EmergencyIntervention.objects.exists() and not Notice.objects.exists()
