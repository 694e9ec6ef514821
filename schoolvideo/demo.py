"""The demo's section VIII records, made through the real actions: the SSU officer's hours
(15:00–23:00 every day at every school; the SROs' 7:00–15:30 on school days come from the
assignments demo), the Superintendent's designation of the principal, three requests for video
(granted and acknowledged, pending, declined), a few accesses allowed and refused, a token for a
video management system, and one disclosure of video with student information."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from accounts.models import Membership
from audit.log import Actor
from schoolcalendar.days import CalendarGap, for_district
from schoolvideo import actions
from schoolvideo.models import SSUSchedule
from students.models import Student

SSU_HOURS = (time(15, 0), time(23, 0))


def _at(day, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def load(agreement, stdout=None) -> None:
    actor = Actor.system("load_demo")
    today = timezone.localdate()
    now = timezone.now()
    people = {
        m.user.username: m for m in Membership.objects.active().filter(agreement=agreement).select_related("user")
    }
    chief, superintendent = people["chief"], people["superintendent"]

    schools = list(agreement.schools.order_by("name"))
    shifts = [actions.Shift(s, day, *SSU_HOURS) for s in schools for day in range(7)]
    schedule = actions.do_set_ssu_schedule(actor, chief, people["ssu"], effective_from=today, shifts=shifts)
    # As the assignments demo does: the schedule holds from the agreement's start.
    SSUSchedule.objects.filter(pk=schedule.pk).update(effective_from=agreement.effective_date)

    actions.do_designate(
        actor, superintendent, people["principal"], certification="Intermediate Administrator (092), no. 000-DEMO"
    )

    granted = actions.do_request_access(
        actor,
        chief,
        case_number="WPD-DEMO-0412",
        footage="recorded",
        sought="Recorded video of the bicycle rack area showing the removal of a locked bicycle.",
        places="Staples High School: cameras at the north entrance and the bicycle racks.",
        period_start=now - timedelta(days=9, hours=3),
        period_end=now - timedelta(days=9, hours=1),
        reason="Investigation of a reported theft of a bicycle (larceny), reported by a staff member.",
        criminal_investigation=True,
    )
    actions.do_decide_request(
        actor,
        superintendent,
        granted.pk,
        grant=True,
        legal_basis="Conn. Gen. Stat. § 10-221 board policy on security video; no student is identifiable in the "
        "requested views, so FERPA does not restrict them.",
    )
    actions.do_acknowledge_duties(actor, chief, granted.pk)
    actions.do_request_access(
        actor,
        chief,
        other_agency="Connecticut State Police, Troop G",
        case_number="CSP-DEMO-2291",
        footage="live",
        sought="Live view of the main parking lot during the evening event.",
        places="Bedford Middle School: parking lot cameras 1 and 2.",
        period_start=now + timedelta(days=2),
        period_end=now + timedelta(days=2, hours=4),
        reason="Investigation of vehicle break-ins at evening events in the area.",
        criminal_investigation=True,
    )
    declined = actions.do_request_access(
        actor,
        chief,
        footage="recorded",
        sought="All hallway video for the day.",
        places="Coleytown Middle School, every camera.",
        period_start=now - timedelta(days=20),
        period_end=now - timedelta(days=19),
        reason="Investigation of graffiti in a restroom.",
        criminal_investigation=True,
    )
    actions.do_decide_request(
        actor,
        people["principal"],
        declined.pk,
        grant=False,
        legal_basis="Too broad for the investigation: a whole day of every camera shows many students; FERPA "
        "34 CFR 99.31 gives no exception for it. Narrow the cameras and the hours.",
    )

    days = for_district(agreement.district)
    school_day = today - timedelta(days=1)
    try:
        while not days.is_school_day(school_day):
            school_day -= timedelta(days=1)
    except CalendarGap:
        school_day = today - timedelta(days=1)
    staples = "Staples High School"
    for username, school, when, kind, reason in [
        ("sro", staples, _at(school_day, 10, 15), "live", "Checking the cafeteria during a lunch disturbance."),
        ("sro", staples, _at(school_day, 16, 40), "recorded", "Reviewing the afternoon's bus loop."),
        ("sro2", "Coleytown Middle School", _at(school_day, 8, 5), "live", "Arrival: a reported stranger at the gate."),
        (
            "ssu",
            "Bedford Middle School",
            _at(school_day, 21, 30),
            "live",
            "Alarm at the gym door; checking the cameras.",
        ),
        ("ssu", staples, _at(school_day, 13, 0), "recorded", "Looking into an earlier incident."),
    ]:
        actions.do_log_access(
            actor, agreement, username=username, school=school, kind=kind, reason=reason, channel="app", when=when
        )

    _token, secret = actions.do_create_token(actor, people["admin"], label="District VMS (demo)")

    students = list(Student.objects.filter(agreement=agreement, active=True, school__name=staples).order_by("pk")[:2])
    if students:
        actions.do_disclose_video(
            actor,
            superintendent,
            basis="threat",
            threat="A student was seen on video carrying what appeared to be a knife in the east stairwell; "
            "the student's whereabouts were unknown.",
            footage="Staples High School, east stairwell camera, 11:02 to 11:09.",
            recipient=people["sro"],
            other_recipients="Sgt. on duty, Westport Police Department",
            students=students,
            disclosed_on=today - timedelta(days=3),
        )
    if stdout is not None:
        stdout.write(
            f"School video: SSU hours at {len(schools)} schools, 3 requests, 5 accesses, "
            f"{'1 disclosure' if students else 'no disclosure (no roster)'}; API token {secret}"
        )
