"""VI.4: an emergency action is recorded after the fact with the emergency stated, and the building
administration (principal and designees of that school) is told at once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from notices.models import Notice
from schoolpolice.actions import Enforcement
from schoolpolice.models import EmergencyAction, Kind
from schoolpolice.tests import factories

pytestmark = pytest.mark.django_db

URL_NEW = reverse("schoolpolice:emergency_new", kwargs={"slug": "westport"})


@pytest.mark.req("VI.4")
def test_the_building_administration_is_told_at_once(member, django_capture_on_commit_callbacks):
    designee = factories.person("deputy", Role.PRINCIPAL_DESIGNEE, schools=["Staples High School"])
    elsewhere = factories.person("bedfordhead", Role.PRINCIPAL, schools=["Bedford Middle School"])
    with django_capture_on_commit_callbacks(execute=True):
        action = factories.emergency(member("sro"))
    told = set(Notice.objects.filter(kind="police_emergency").values_list("recipient__username", flat=True))
    assert told == {"principal", designee.user.username}
    assert elsewhere.user.username not in told
    assert sorted(m.to[0] for m in mail.outbox) == ["deputy@westport.example.org", "principal@westport.example.org"]
    # The email says that something happened, not who or what.
    assert action.student.family_name not in mail.outbox[0].body
    assert "weapon" not in mail.outbox[0].body


@pytest.mark.req("VI.4")
def test_the_emergency_is_stated_on_the_record(client_for, member):
    pupil = factories.student("Jules", "Brackwater")
    now = timezone.localtime() - timedelta(hours=1)
    response = client_for("ssu").post(
        URL_NEW,
        {
            "school": str(pupil.school.pk),
            "student_name": "jules brackwater",
            "kind": "arrest",
            "occurred_date": now.date().isoformat(),
            "occurred_time": now.strftime("%H:%M"),
            "emergency": "A student threatened a teacher with a box cutter.",
            "description": "Restrained and removed the student to the cruiser.",
            "acting": "other_officer",
            "custody_place": "neither",
            "custody_reason": "The threat was in the crowded hallway.",
            "escalated": "on",
        },
    )
    assert response.status_code == 302
    action = EmergencyAction.objects.get()
    assert action.emergency.startswith("A student threatened") and action.student == pupil
    page = client_for("principal").get(response["Location"]).content.decode()
    assert "A student threatened a teacher" in page and "The threat was in the crowded hallway." in page


@pytest.mark.req("VI.4")
@pytest.mark.req("S.4")
def test_no_emergency_stated_no_record(member):
    with pytest.raises(ValidationError, match="State the emergency"):
        factories.emergency(member("sro"), emergency="  ")
    assert not EmergencyAction.objects.exists() and not Notice.objects.exists()


@pytest.mark.req("VI.4")
def test_it_is_recorded_after_the_fact_never_ahead(member):
    with pytest.raises(ValidationError, match="after the fact"):
        factories.emergency(member("sro"), occurred_at=timezone.now() + timedelta(minutes=5))


@pytest.mark.req("VI.4")
def test_a_student_is_optional_in_an_emergency(member):
    action = factories.emergency(member("sro"), pupil=factories.student(), student=None)
    assert action.student is None


@pytest.mark.req("VI.2")
@pytest.mark.req("VI.4")
def test_an_emergency_arrest_still_says_who_acted_and_where(member):
    with pytest.raises(ValidationError):
        factories.emergency(member("sro"), kind=Kind.ARREST)
    action = factories.emergency(
        member("sro"),
        kind=Kind.ARREST,
        enforcement=Enforcement(acting="sro", sro_reason="Only officer on site.", custody_place="off_premises"),
    )
    assert action.acting == "sro" and action.custody_place == "off_premises"


@pytest.mark.req("VI.4")
def test_an_escalated_emergency_offers_a_form_a_that_carries_nothing_across(client_for, member):
    action = factories.emergency(member("sro"), escalated=True)
    page = client_for("sro").get(reverse("schoolpolice:emergency", kwargs={"slug": "westport", "pk": action.pk}))
    html = page.content.decode()
    new = reverse("reporting:new", kwargs={"slug": "westport"})
    assert f'href="{new}"' in html  # no query string: nothing identifying goes across
    quiet = factories.emergency(member("sro"))
    html = client_for("sro").get(reverse("schoolpolice:emergency", kwargs={"slug": "westport", "pk": quiet.pk}))
    assert new not in html.content.decode()
