"""III.3: a principal or the Superintendent's office asks to view a recording; the Chief approves
(when, where) or declines, with a reason and the law that applies; each viewing is logged; the
system keeps the department's evidence number, never video."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, Role, User
from agreements.models import School
from bodycams import actions
from bodycams.models import Activation, Viewing, ViewingRequest
from bodycams.tests.helpers import DAY, actor, afternoon, at, calendar_fixture, log  # noqa: F401
from notices.models import Notice

pytestmark = pytest.mark.usefixtures("afternoon")


def _ask(member, who="principal"):
    activation = log(member("sro"))
    return actions.do_request_viewing(actor(member(who)), member(who), activation.pk, reason="For the security plan.")


@pytest.mark.req("III.3")
def test_the_chief_approves_with_when_and_where_and_each_viewing_is_logged(member, client_for):
    asked = _ask(member)
    assert Notice.objects.get(kind="bodycam_view_requested").recipient == member("chief").user
    chief = client_for("chief")
    url = reverse("bodycams:decide", args=["westport", asked.pk])
    base = {"decision": "approve", "reason": "Parking-lot portion only.", "law_note": "Open case: FOIA exemption."}
    # No time or place: refused, nothing changed.
    response = chief.post(url, base)
    assert "Say when the viewing happens" in response.content.decode()
    assert ViewingRequest.objects.get().status == "pending"
    response = chief.post(url, base | {"viewing_at": "2026-11-05T14:00", "viewing_place": "Headquarters, room B"})
    assert "evidence number" in response.content.decode()
    assert ViewingRequest.objects.get().status == "pending"
    response = chief.post(
        url,
        base | {"viewing_at": "2026-11-05T14:00", "viewing_place": "Headquarters, room B", "evidence_number": "BWC-9"},
    )
    assert response.status_code == 302
    asked.refresh_from_db()
    assert asked.status == "approved" and asked.viewing_place == "Headquarters, room B"
    assert asked.law_note == "Open case: FOIA exemption." and asked.activation.evidence_number == "BWC-9"
    assert Notice.objects.get(kind="bodycam_view_decided").recipient == member("principal").user
    with pytest.raises(ValidationError, match="already decided"):
        actions.do_decide_viewing(actor(member("chief")), member("chief"), asked.pk, approve=False, reason="No.")

    principal = client_for("principal")
    viewing_url = reverse("bodycams:viewing", args=["westport", asked.pk])
    later = {"viewed_at": "2026-11-05T14:00", "place": "Headquarters, room B", "attendees": "Principal; Chief"}
    assert "once it has happened" in principal.post(viewing_url, later).content.decode()
    assert not Viewing.objects.exists()
    now = {"viewed_at": "2026-11-05T14:05", "place": "Headquarters, room B", "attendees": "Principal;\u00a0Chief"}
    with time_machine.travel(at(date(2026, 11, 5), 15), tick=False):
        principal = client_for("principal")  # a new sign-in the next day
        assert principal.post(viewing_url, now).status_code == 302
        assert principal.post(viewing_url, now | {"attendees": "Principal again"}).status_code == 302
        page = principal.get(reverse("bodycams:request", args=["westport", asked.pk])).content.decode()
    assert list(Viewing.objects.order_by("id").values_list("attendees", flat=True)) == [
        "Principal; Chief",
        "Principal again",
    ]
    assert "Principal again" in page


@pytest.mark.req("III.3")
def test_a_decline_needs_a_reason_and_notes_the_law(member, client_for):
    asked = _ask(member, "superintendent")
    url = reverse("bodycams:decide", args=["westport", asked.pk])
    response = client_for("chief").post(url, {"decision": "decline", "reason": " \u200b "})
    assert response.status_code == 200 and ViewingRequest.objects.get().status == "pending"
    client_for("chief").post(url, {"decision": "decline", "reason": "Juvenile record.", "law_note": "C.G.S. 46b-124"})
    asked.refresh_from_db()
    assert (asked.status, asked.decision_reason, asked.law_note) == ("declined", "Juvenile record.", "C.G.S. 46b-124")
    assert asked.viewing_at is None
    with pytest.raises(ValidationError, match="approved is logged"):
        actions.do_log_viewing(
            actor(member("chief")), member("chief"), asked.pk, viewed_at=timezone.now(), place="HQ", attendees="Chief"
        )


@pytest.mark.req("III.3")
def test_only_a_principal_of_a_school_the_sro_is_assigned_to_may_ask(member, demo):
    activation = log(member("sro"))
    user = User.objects.create_user("saugatuck_principal", password="x")
    other = Membership.objects.create(
        user=user,
        agreement=demo,
        role=Role.PRINCIPAL,
        primary_school=School.objects.get(name="Saugatuck Elementary School"),
    )
    with pytest.raises(ValidationError, match="principal of a school the SRO is assigned to"):
        actions.do_request_viewing(actor(other), other, activation.pk, reason="Curious.")
    with pytest.raises(ValidationError):
        actions.do_request_viewing(actor(member("chief")), member("chief"), activation.pk, reason="Mine.")
    started = actions.do_start_activation(
        actor(member("sro")), member("sro"), school=member("sro").primary_school, started_at=at(DAY, 9)
    )
    with pytest.raises(ValidationError, match="once the activation is logged"):
        actions.do_request_viewing(actor(member("principal")), member("principal"), started.pk, reason="Soon.")
    assert not ViewingRequest.objects.exists()


@pytest.mark.req("III.3")
def test_one_pending_request_per_person_and_bad_times_are_refused(member):
    asked = _ask(member)
    with pytest.raises(ValidationError, match="already asked"):
        actions.do_request_viewing(actor(member("principal")), member("principal"), asked.activation_id, reason="Again")
    chief = member("chief")
    for when in (timezone.now() - timedelta(days=3), timezone.now() + timedelta(days=400)):
        with pytest.raises(ValidationError):
            actions.do_decide_viewing(
                actor(chief),
                chief,
                asked.pk,
                approve=True,
                reason="Ok",
                viewing_at=when,
                viewing_place="HQ",
                evidence_number="E-1",
            )
    asked.refresh_from_db()
    assert asked.status == "pending" and Activation.objects.get().evidence_number == ""


@pytest.mark.req("III.3")
def test_the_recording_stays_a_police_record_only_its_reference_is_kept():
    from django.apps import apps

    for model in apps.get_app_config("bodycams").get_models():
        for field in model._meta.get_fields():
            assert not isinstance(field, (models.FileField, models.BinaryField)), f"{model.__name__}.{field.name}"
    assert Activation._meta.get_field("evidence_number").max_length == 40
