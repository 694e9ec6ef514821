"""II.1: the Chief nominates a sworn officer as SRO; the Superintendent approves, or declines with a reason."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, Role
from assignments import actions
from assignments.models import Assignment, Nomination
from assignments.tests.factories import ACTOR, BEDFORD, STAPLES, add_officer, nominate_officer, school
from audit.models import AuditEntry
from notices.models import Notice
from reporting import actions as reporting_actions

pytestmark = pytest.mark.req("II.1")


@pytest.fixture
def officer(member):
    return add_officer(member("chief"))


def test_the_chief_nominates_an_officer_and_the_superintendent_is_told(
    client_for, officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("chief").post(
            reverse("assignments:nominate", kwargs={"slug": "westport"}),
            {"officer": officer.pk, "primary_school": school(STAPLES).pk, "assist_schools": [school(BEDFORD).pk]},
        )
    nomination = Nomination.objects.get()
    assert response.status_code == 302
    assert nomination.status == Nomination.Status.PENDING
    assert [s.name for s in nomination.schools()] == [STAPLES, BEDFORD]
    assert AuditEntry.objects.filter(action="nomination.created", object_id=str(nomination.pk)).exists()
    assert [m.to for m in mail.outbox] == [["superintendent@westport.example.org"]]
    assert "nominated Officer Riley Quinlan1 as SRO" in mail.outbox[0].subject


def test_an_officer_cannot_file_form_a_before_approval(client_for, officer):
    nominate_officer(officer.agreement.memberships.get(role=Role.CHIEF), officer)
    with pytest.raises(ValidationError, match="Only a School Resource Officer"):
        reporting_actions.do_start_draft(ACTOR, officer, escalated_to_violence=True, constitutes_crime=False)
    client = client_for(None)
    client.force_login(officer.user)
    assert client.get(reverse("reporting:new", kwargs={"slug": "westport"})).status_code == 403


def test_approval_makes_the_officer_an_sro_and_keeps_the_old_role_as_history(
    member, officer, client_for, django_capture_on_commit_callbacks
):
    nomination = nominate_officer(member("chief"), officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("superintendent").post(
            reverse("assignments:approve", kwargs={"slug": "westport", "nomination_id": nomination.pk})
        )
    assert response.status_code == 302
    roles = list(Membership.objects.filter(user=officer.user).order_by("starts_on").values_list("role", "ends_on"))
    assert roles[0][0] == Role.OFFICER and roles[0][1] is not None
    assert roles[1] == (Role.SRO, None)
    sro = Membership.objects.get(user=officer.user, role=Role.SRO)
    assert sro.badge_number == "1400"
    assert [s.name for s in Assignment.objects.get(sro=sro).schools()] == [STAPLES, BEDFORD]
    assert {tuple(m.to) for m in mail.outbox} == {("chief@westport.example.org",), ("officer1@westport.example.org",)}
    report = reporting_actions.do_start_draft(ACTOR, sro, escalated_to_violence=True, constitutes_crime=False)
    assert report.school.name == STAPLES
    # The new SRO's pages open as an SRO's.
    client = client_for(None)
    client.force_login(officer.user)
    assert client.get(reverse("reporting:new", kwargs={"slug": "westport"})).status_code == 200
    # Each one's notice opens a page that person may open: the Chief the nomination, the new SRO
    # their own page.
    for user in (member("chief").user, officer.user):
        notice = Notice.objects.get(recipient=user, kind="sro_nomination_decided")
        client = client_for(None)
        client.force_login(user)
        assert client.get(notice.url).status_code == 200, (user.username, notice.url)


@pytest.mark.req("S.4")
def test_a_decline_without_a_reason_is_refused_and_changes_nothing(member, officer, client_for):
    nomination = nominate_officer(member("chief"), officer)
    entries = AuditEntry.objects.count()
    response = client_for("superintendent").post(
        reverse("assignments:decline", kwargs={"slug": "westport", "nomination_id": nomination.pk}),
        {"reason": " \u200b\u00a0 "},
    )
    assert response.status_code == 200
    assert "Write the reason for declining" in response.content.decode()
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.PENDING
    assert AuditEntry.objects.count() == entries
    with pytest.raises(ValidationError, match="Write the reason"):
        actions.do_decline_nomination(ACTOR, member("superintendent"), nomination, reason="")


def test_a_decline_with_a_reason_tells_the_chief_and_keeps_the_officer_role(
    member, officer, client_for, django_capture_on_commit_callbacks
):
    nomination = nominate_officer(member("chief"), officer)
    with django_capture_on_commit_callbacks(execute=True):
        client_for("superintendent").post(
            reverse("assignments:decline", kwargs={"slug": "westport", "nomination_id": nomination.pk}),
            {"reason": "The officer has not completed the restorative-practices training yet."},
        )
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.DECLINED
    assert nomination.decline_reason.startswith("The officer has not completed")
    assert [m.to for m in mail.outbox] == [["chief@westport.example.org"]]
    assert mail.outbox[0].subject.startswith("Declined:")
    assert Membership.objects.active().get(user=officer.user).role == Role.OFFICER
    page = client_for("chief").get(
        reverse("assignments:nomination", kwargs={"slug": "westport", "nomination_id": nomination.pk})
    )
    assert "restorative-practices training" in page.content.decode()


def test_a_nomination_is_decided_once(member, officer):
    nomination = nominate_officer(member("chief"), officer)
    actions.do_approve_nomination(ACTOR, member("superintendent"), nomination)
    with pytest.raises(ValidationError, match="already been decided"):
        actions.do_decline_nomination(ACTOR, member("superintendent"), nomination, reason="Too late.")
    with pytest.raises(ValidationError, match="already been decided"):
        actions.do_approve_nomination(ACTOR, member("superintendent"), nomination)
    assert Assignment.objects.count() == 1


def test_only_the_chief_nominates_and_only_the_superintendent_decides(member, officer):
    with pytest.raises(ValidationError, match="Only the Chief"):
        nominate_officer(member("superintendent"), officer)
    nomination = nominate_officer(member("chief"), officer)
    with pytest.raises(ValidationError, match="Only the Superintendent"):
        actions.do_approve_nomination(ACTOR, member("chief"), nomination)


@pytest.mark.req("S.4")
def test_a_second_nomination_of_the_same_officer_waits_for_the_first(member, officer):
    nominate_officer(member("chief"), officer)
    with pytest.raises(ValidationError, match="already has a nomination waiting"):
        nominate_officer(member("chief"), officer)
    assert Nomination.objects.count() == 1


@pytest.mark.req("S.4")
def test_someone_without_a_police_role_cannot_be_nominated(member):
    with pytest.raises(ValidationError, match="sworn officer"):
        nominate_officer(member("chief"), member("principal"))
    with pytest.raises(ValidationError, match="sworn officer"):
        nominate_officer(member("chief"), member("othersro"))
    assert not Nomination.objects.exists()


@pytest.mark.req("S.4")
def test_a_tampered_nomination_naming_another_towns_school_is_refused(member, officer, client_for):
    from agreements.models import School

    foreign = School.objects.get(name="Harbor Falls High School")
    response = client_for("chief").post(
        reverse("assignments:nominate", kwargs={"slug": "westport"}),
        {"officer": officer.pk, "primary_school": foreign.pk},
    )
    assert response.status_code == 200
    assert "Choose one of this agreement’s schools." in response.content.decode() or (
        "Choose one of this agreement&#x27;s schools." in response.content.decode()
    )
    assert not Nomination.objects.exists()


@pytest.mark.req("S.4")
def test_the_primary_school_cannot_also_be_an_assist_school(member, officer):
    with pytest.raises(ValidationError, match="is the primary school"):
        nominate_officer(member("chief"), officer, STAPLES, (STAPLES,))
    assert not Nomination.objects.exists()


def test_pending_nominations_appear_on_both_dashboards(member, officer, client_for):
    nominate_officer(member("chief"), officer)
    for who in ("chief", "superintendent"):
        page = client_for(who).get(reverse("dashboard", kwargs={"slug": "westport"})).content.decode()
        assert "1 nomination waiting for the Superintendent" in page
        assert "Officer Riley Quinlan1" in page


def test_an_officer_approved_the_day_their_role_began_acts_as_sro_that_day(member, client_for):
    officer = add_officer(member("chief"), "officer2", badge="1401")
    Membership.objects.filter(pk=officer.pk).update(starts_on=timezone.localdate())
    officer.refresh_from_db()
    actions.do_approve_nomination(ACTOR, member("superintendent"), nominate_officer(member("chief"), officer))
    client = client_for(None)
    client.force_login(officer.user)
    assert client.get(reverse("reporting:new", kwargs={"slug": "westport"})).status_code == 200
