"""VIII.3: a disclosure of video with personally identifiable student information by the
Superintendent or designee, for an articulable and significant threat to health or safety (or
otherwise appropriate under law), records the threat, the recipients and the date, and goes into
the FERPA disclosure log beside the roster's disclosures (34 CFR 99.32(a)(5), 99.36)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from agreements.models import Agreement, School
from audit.models import AuditEntry
from schoolvideo.models import VideoDisclosure
from students.models import Disclosure, Student

pytestmark = pytest.mark.req("VIII.3")

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=ZoneInfo("America/New_York"))
URL = reverse("schoolvideo:disclose", kwargs={"slug": "westport"})


@pytest.fixture
def students(demo):
    westport = Agreement.objects.get(slug="westport")
    staples = School.objects.get(name="Staples High School")
    made = [
        Student.objects.create(
            agreement=westport, sourced_id=f"s-{n}", identifier=f"20000{n}", given_name=given, family_name="Marlowe",
            school=staples, grade="10",
        )
        for n, given in enumerate(["Avery", "Jordan", "Quinn"], start=1)
    ]  # fmt: skip
    Student.objects.create(
        agreement=Agreement.objects.get(slug="harborfalls"), sourced_id="hf-1", identifier="300001",
        given_name="Robin", family_name="Elsewhere",
    )  # fmt: skip
    return made


def form(member, **changes) -> dict:
    return {
        "basis": "threat",
        "threat": "A student was seen with what appeared to be a knife in the east stairwell.",
        "footage": "East stairwell camera, 11:02–11:09.",
        "recipient": member("sro").pk,
        "other_recipients": "Sgt. R. Vance",
        "student_ids": "200001,\u00a0200002\n",
        "disclosed_on": "2026-11-23",
    } | changes


def test_the_superintendent_records_a_disclosure_and_it_joins_the_ferpa_log(client_for, member, students):
    with time_machine.travel(NOW, tick=False):
        response = client_for("superintendent").post(URL, form(member))
        assert response.status_code == 302
        item = VideoDisclosure.objects.get()
        assert item.disclosed_on == date(2026, 11, 23)
        assert item.threat.startswith("A student was seen")
        assert item.recipients == "Officer Dana Whitcomb (School Resource Officer); Sgt. R. Vance"
        assert sorted(s.identifier for s in item.students.all()) == ["200001", "200002"]
        log = list(Disclosure.objects.order_by("student__identifier"))
        assert [d.student.identifier for d in log] == ["200001", "200002"]
        entry = log[0]
        assert entry.to == member("sro") and "Sgt. R. Vance" in entry.to_label
        assert entry.purpose.startswith("School video: health or safety emergency (34 CFR 99.36): A student was seen")
        assert entry.report_label == f"Video disclosure #{item.pk}" and entry.fields == ["video images"]
        assert entry.as_of == date(2026, 11, 23) and entry.at.date() == date(2026, 11, 23)
        page = client_for("superintendent").get(reverse("students:disclosures", kwargs={"slug": "westport"}))
        html = page.content.decode()
        assert "Avery Marlowe" in html and "School video: health or safety emergency" in html
        assert f"Video disclosure #{item.pk}" in html
        overview = client_for("superintendent").get(reverse("schoolvideo:overview", kwargs={"slug": "westport"}))
        assert "east stairwell" in overview.content.decode()
    assert AuditEntry.objects.filter(action="video.disclosed").count() == 1
    assert AuditEntry.objects.filter(action="student.disclosed").count() == 2


def test_a_disclosure_otherwise_appropriate_under_law_says_so(client_for, member, students):
    with time_machine.travel(NOW, tick=False):
        client_for("superintendent").post(
            URL, form(member, basis="law", threat="Judicial subpoena no. 26-77", recipient=member("chief").pk)
        )
    assert Disclosure.objects.first().purpose == "School video: as allowed by law: Judicial subpoena no. 26-77"


@pytest.mark.req("S.4")
@pytest.mark.parametrize(
    "changes, message",
    [
        ({"student_ids": "200001, 999999"}, "Not in the district&#x27;s roster: 999999."),
        ({"student_ids": "300001"}, "Not in the district&#x27;s roster: 300001."),  # another town's student
        ({"student_ids": " \u200b "}, "Give the student ID of each student"),
        ({"threat": "   "}, "This field is required."),
        ({"basis": "curiosity"}, "Select a valid choice."),
        ({"disclosed_on": "2026-11-25"}, "Choose a date from November 28, 2023 to November 24, 2026."),
        ({"disclosed_on": "9999-12-31"}, "Choose a date from"),
        ({"recipient": "principal"}, "Select a valid choice."),
    ],
)
def test_a_bad_disclosure_gets_a_clear_message_and_nothing_is_stored(client_for, member, students, changes, message):
    with time_machine.travel(NOW, tick=False):
        response = client_for("superintendent").post(URL, form(member, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not VideoDisclosure.objects.exists() and not Disclosure.objects.exists()


def test_a_recipient_outside_the_police_department_is_refused(client_for, member, students):
    with time_machine.travel(NOW, tick=False):
        response = client_for("superintendent").post(URL, form(member, recipient=member("principal").pk))
    assert "Select a valid choice." in response.content.decode()
    assert not Disclosure.objects.exists()


def test_only_the_superintendent_or_designee_discloses(client_for, member, students):
    with time_machine.travel(NOW, tick=False):
        for persona in ("chief", "principal", "sro", "steward"):
            assert client_for(persona).post(URL, form(member)).status_code == 403
    assert not Disclosure.objects.exists()
