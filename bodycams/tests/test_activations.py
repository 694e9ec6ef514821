"""III.1, III.2: the SRO's log of each activation, the principals' notice until acknowledged, the
refusal of a reason that is not law enforcement, and the reminder of an activation not logged."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from agreements.models import School
from bodycams import actions, tasks
from bodycams.models import Activation, ActivationNotice
from bodycams.purpose import MOU_SENTENCE, not_law_enforcement
from bodycams.tests.helpers import DAY, NOT_A_SCHOOL_DAY, actor, afternoon, at, calendar_fixture, form, log  # noqa: F401
from notices.models import Notice

pytestmark = pytest.mark.usefixtures("afternoon")


def _new(client_for, username="sro", **overrides):
    client = client_for(username)
    school = School.objects.get(name="Staples High School")
    return client.post(reverse("bodycams:new", args=["westport"]), form(**{"school": school.pk, **overrides}))


@pytest.mark.req("III.1")
def test_an_activation_logged_notifies_the_principal_of_each_assigned_school_at_once(
    client_for, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _new(client_for)
    activation = Activation.objects.get()
    assert response.status_code == 302 and activation.is_logged
    assert activation.school.name == "Staples High School" and activation.purpose == "arrest"
    # The SRO is assigned to Staples and Bedford: one tracked notice per school.
    assert sorted(n.school.name for n in activation.notices.all()) == ["Bedford Middle School", "Staples High School"]
    notice = Notice.objects.get(kind="bodycam_activation")
    assert notice.recipient == member("principal").user
    assert [m.to for m in mail.outbox] == [["principal@westport.example.org"]]
    assert "10:00 to 10:20" in mail.outbox[0].body


@pytest.mark.req("III.1")
def test_the_notice_is_tracked_until_the_principal_acknowledges_it(client_for, member):
    activation = log(member("sro"))
    principal = client_for("principal")
    home = principal.get(reverse("dashboard", args=["westport"])).content.decode()
    assert "Activations to acknowledge" in home
    response = principal.post(reverse("bodycams:acknowledge", args=["westport", activation.pk]))
    assert response.status_code == 302
    staples = ActivationNotice.objects.get(activation=activation, school__name="Staples High School")
    assert staples.acknowledged_by == member("principal") and staples.acknowledged_at
    # Bedford's principal (none in the demo) still owes theirs; Staples' principal is done.
    assert (
        ActivationNotice.objects.get(activation=activation, school__name="Bedford Middle School").acknowledged_at
        is None
    )
    assert "Activations to acknowledge" not in principal.get(reverse("dashboard", args=["westport"])).content.decode()
    with pytest.raises(ValidationError, match="left to acknowledge"):
        actions.do_acknowledge(actor(member("principal")), member("principal"), activation.pk)


@pytest.mark.req("III.1")
def test_the_sro_may_log_only_at_a_school_they_are_assigned_to(client_for):
    saugatuck = School.objects.get(name="Saugatuck Elementary School")
    response = client_for("sro").post(reverse("bodycams:new", args=["westport"]), form(school=saugatuck.pk))
    assert response.status_code == 200 and not Activation.objects.exists()


@pytest.mark.req("III.2")
@pytest.mark.parametrize(
    "reason",
    [
        "Educational responsibilities",
        "typical interactions with students, staff or the public",
        "Typical\u00a0interaction with students",  # a no-break space, as pasted
        "edu\u00adcational duties",  # a soft hyphen
        "\u0435ducational responsibilities",  # a Cyrillic e
        "TYPICAL INTERACTIONS WITH STAFF",
        "day-to-day\ninteraction with staff",
        "Routine contact with the public at dismissal",
        "Just chatting with kids at lunch",
        "Normal conversation with a teacher",
        "Classroom presentation on vaping",
    ],
)
def test_an_educational_or_typical_interaction_reason_is_refused_with_the_mous_sentence(client_for, reason):
    response = _new(client_for, purpose_detail=reason)
    assert response.status_code == 200
    assert MOU_SENTENCE in response.content.decode().replace("&#x27;", "'")
    assert not Activation.objects.exists() and not Notice.objects.exists()


@pytest.mark.req("III.2")
@pytest.mark.parametrize(
    "reason",
    [
        "Arrest of an adult trespasser in the student lot.",
        "Student threatened a teacher with a knife; the SRO detained him.",
        "Interview of a witness to an assault near the gym.",
        "Responded to a reported theft at the education center.",
    ],
)
def test_a_law_enforcement_reason_is_accepted(reason):
    assert not_law_enforcement(reason) is None


@pytest.mark.req("III.2")
def test_a_purpose_outside_the_list_is_refused_and_the_purpose_is_required(client_for):
    response = _new(client_for, purpose="educational_responsibilities")
    assert MOU_SENTENCE in response.content.decode().replace("&#x27;", "'")
    assert "Select a valid choice" in _new(client_for, purpose="lunch").content.decode()
    assert _new(client_for, purpose="").status_code == 200
    assert _new(client_for, purpose_detail="   \u200b ").status_code == 200
    assert not Activation.objects.exists()


@pytest.mark.req("III.1")
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"started_at": "10:20", "ended_at": "10:00"}, "must come after the camera-on time"),
        ({"day": NOT_A_SCHOOL_DAY.isoformat()}, "is not a school day"),
        ({"started_at": "16:30", "ended_at": "16:40"}, "in the future"),
        ({"day": "9999-12-31"}, "Choose a date"),
        ({"school": "99999999999999999999999"}, "Select a valid choice"),
        ({"purpose_detail": "x" * 2001}, "2,000"),
        ({"evidence_number": "<script>"}, "letters, digits"),
    ],
)
def test_bad_input_gets_a_clear_message_and_changes_nothing(client_for, overrides, message):
    response = _new(client_for, **overrides)
    assert response.status_code == 200
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not Activation.objects.exists() and not Notice.objects.exists()


@pytest.mark.req("III.1")
def test_an_activation_outside_the_scheduled_school_day_is_refused(client_for, demo):
    from assignments.demo import load

    load(demo)  # 7:00–15:30 at each assigned school on weekdays
    response = _new(client_for, started_at="06:10", ended_at="06:30")
    assert "outside the school day at Staples High School (07:00–15:30" in response.content.decode()
    assert not Activation.objects.exists()
    assert _new(client_for, started_at="07:00", ended_at="07:05").status_code == 302


@pytest.mark.req("III.1")
def test_hostile_text_is_kept_as_text_and_shown_escaped(client_for):
    _new(client_for, purpose_detail="Arrest; <script>alert(1)</script>\u200b in the lot")
    activation = Activation.objects.get()
    assert activation.purpose_detail == "Arrest; <script>alert(1)</script> in the lot"
    page = client_for("principal").get(reverse("bodycams:activation", args=["westport", activation.pk]))
    assert "<script>alert(1)" not in page.content.decode()


@pytest.mark.req("III.1")
def test_a_started_activation_not_logged_by_the_end_of_the_school_day_reminds_the_sro_each_morning(member, client_for):
    sro = member("sro")
    started = actions.do_start_activation(actor(sro), sro, school=sro.primary_school, started_at=at(DAY, 13, 40))
    assert not started.is_logged and not Notice.objects.exists()  # the principal hears of it once logged
    agreement = sro.agreement.pk
    assert tasks.remind_unlogged_activations.call(agreement, DAY.isoformat()) == 0  # its school day is not over
    assert tasks.remind_unlogged_activations.call(agreement, "2026-11-05") == 1
    assert tasks.remind_unlogged_activations.call(agreement, "2026-11-05") == 0  # once a day
    assert Notice.objects.get(kind="bodycam_unlogged").recipient == sro.user
    assert "1 not logged" in client_for("sro").get(reverse("dashboard", args=["westport"])).content.decode()
    response = client_for("sro").post(
        reverse("bodycams:complete", args=["westport", started.pk]),
        form(school=sro.primary_school.pk, started_at="13:40", ended_at="13:55"),
    )
    assert response.status_code == 302
    started.refresh_from_db()
    assert started.is_logged and Notice.objects.filter(kind="bodycam_activation").exists()
    assert tasks.remind_unlogged_activations.call(agreement, "2026-11-06") == 0


@pytest.mark.req("III.1")
def test_the_chief_enters_an_activation_from_the_departments_export_for_the_sro_to_log(member):
    chief, sro = member("chief"), member("sro")
    entry = actions.do_record_export(actor(chief), chief, sro=sro, started_at=at(DAY, 9, 15), evidence_number="BWC-77")
    assert Notice.objects.get(kind="bodycam_to_log").recipient == sro.user
    with pytest.raises(ValidationError, match="already in the log"):
        actions.do_record_export(actor(chief), chief, sro=sro, started_at=at(DAY, 9, 30), evidence_number="BWC-77")
    assert tasks.remind_unlogged_activations.call(sro.agreement.pk, "2026-11-05") == 1
    with pytest.raises(ValidationError, match="cannot be changed"):
        log(sro, activation_id=entry.pk, evidence_number="BWC-78")
    logged = log(sro, activation_id=entry.pk, started_at=at(DAY, 9, 15), evidence_number="BWC-77")
    assert logged.pk == entry.pk and logged.is_logged
    with pytest.raises(ValidationError, match="already logged"):
        log(sro, activation_id=entry.pk)


@pytest.mark.req("III.1")
def test_only_the_sro_logs_and_only_their_own(member):
    with pytest.raises(ValidationError):
        log(member("chief"))
    entry = actions.do_start_activation(
        actor(member("sro")), member("sro"), school=None or member("sro").primary_school, started_at=at(DAY, 9)
    )
    with pytest.raises(ValidationError, match="already logged"):
        log(member("sro2"), activation_id=entry.pk, school=member("sro2").primary_school)


@pytest.mark.req("III.1")
def test_camera_on_from_the_phone_is_noted_and_shows_as_not_logged(client_for, member):
    sro = member("sro")
    client = client_for("sro")
    url = reverse("bodycams:start", args=["westport"])
    bad = client.post(
        url, {"school": sro.primary_school.pk, "day": NOT_A_SCHOOL_DAY.isoformat(), "started_at": "10:00"}
    )
    assert "is not a school day" in bad.content.decode() and not Activation.objects.exists()
    response = client.post(url, {"school": sro.primary_school.pk, "day": DAY.isoformat(), "started_at": "10:00"})
    assert response.status_code == 302
    assert Activation.objects.open().count() == 1 and not Notice.objects.exists()
    assert "Not logged yet" in client.get(reverse("bodycams:overview", args=["westport"])).content.decode()
