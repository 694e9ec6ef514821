"""VIII.1: in a criminal investigation the Police Department (or another agency, entered by the
Chief) asks the Superintendent for district video; only the Superintendent or a certified
administrator the Superintendent designated grants or declines, with the legal basis; on a grant
the Department acknowledges its duties for evidence, juvenile records and personal information."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.models import Membership, Role
from audit.log import Actor
from audit.models import AuditEntry
from notices.models import Notice
from schoolvideo import actions
from schoolvideo.models import DUTIES, AccessRequest, Designation

pytestmark = pytest.mark.req("VIII.1")

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=ZoneInfo("America/New_York"))
ACTOR = Actor.system("test")
FORM = {
    "other_agency": "",
    "case_number": " WPD-26-0412 ",
    "footage": "recorded",
    "sought": "Video of the bicycle racks\u00a0showing the removal of a bicycle.",
    "places": "Staples High School, north entrance and bicycle racks",
    "period_start": "2026-11-20T14:00",
    "period_end": "2026-11-20T16:00",
    "reason": "Larceny of a bicycle reported by a teacher.",
    "criminal_investigation": "on",
}


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def url(name: str, **kw) -> str:
    return reverse(f"schoolvideo:{name}", kwargs={"slug": "westport", **kw})


def request_from_chief(client_for, **changes) -> AccessRequest:
    response = client_for("chief").post(url("new_request"), FORM | changes)
    assert response.status_code == 302, response.content.decode()[-3000:]
    return AccessRequest.objects.latest("pk")


def test_the_chief_requests_and_the_superintendent_is_told_and_sees_it_waiting(
    client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        item = request_from_chief(client_for)
    assert item.agency == "Westport Police Department"
    assert item.case_number == "WPD-26-0412"
    assert item.sought == "Video of the bicycle racks showing the removal of a bicycle."
    assert item.status == AccessRequest.Status.PENDING
    assert item.period_start == datetime(2026, 11, 20, 14, 0, tzinfo=ZoneInfo("America/New_York"))
    assert [m.subject for m in mail.outbox] == [
        f"Request for district video #{item.pk} from Westport Police Department"
    ]
    assert Notice.objects.get(kind="video_requested").recipient.username == "superintendent"
    dashboard = client_for("superintendent").get(reverse("dashboard", kwargs={"slug": "westport"})).content.decode()
    assert "Video requests to decide" in dashboard
    chief_dashboard = client_for("chief").get(reverse("dashboard", kwargs={"slug": "westport"})).content.decode()
    assert "Your video requests" in chief_dashboard and "waiting for the Superintendent" in chief_dashboard


def test_another_agency_is_entered_by_the_chief(client_for):
    item = request_from_chief(client_for, other_agency=" Connecticut  State Police ", footage="live",
                              period_start="2026-11-25T18:00", period_end="2026-11-25T22:00")  # fmt: skip
    assert item.agency == "Connecticut State Police"
    assert item.footage == "live"


@pytest.mark.req("S.4")
@pytest.mark.parametrize(
    "changes, message",
    [
        ({"criminal_investigation": ""}, "only in a criminal investigation"),
        ({"period_end": "2026-11-20T13:00"}, "The period must end after it starts."),
        ({"period_start": "2026-11-30T13:00", "period_end": "2026-12-01T13:00"}, "Recorded video is from the past"),
        ({"footage": "live"}, "Live video is from now on"),
        ({"period_start": "2016-01-01T10:00"}, "cannot start before November 28, 2023"),
        ({"period_start": "2026-02-30T10:00"}, "Enter a valid date/time."),
        ({"period_start": "9999-12-31T23:59", "period_end": "9999-12-31T23:59"}, ""),
        ({"sought": "\u200b \u00ad "}, "This is needed."),
        ({"reason": "x" * 2001}, "at most 2000 characters"),
        ({"footage": "cctv"}, "Select a valid choice."),
        ({"other_agency": "y" * 201}, "at most 200 characters"),
    ],
)
def test_a_bad_request_gets_a_clear_message_and_nothing_is_stored(client_for, changes, message):
    response = client_for("chief").post(url("new_request"), FORM | changes)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not AccessRequest.objects.exists()


def test_the_superintendent_grants_with_the_legal_basis_and_the_chief_acknowledges_the_duties(client_for, member):
    item = request_from_chief(client_for)
    superintendent = client_for("superintendent")
    missing = superintendent.post(url("decide", pk=item.pk), {"decision": "grant", "legal_basis": "  "})
    assert "This field is required." in missing.content.decode()
    item.refresh_from_db()
    assert item.status == AccessRequest.Status.PENDING
    superintendent.post(url("decide", pk=item.pk), {"decision": "grant", "legal_basis": "Subpoena no. 26-114."})
    item.refresh_from_db()
    assert (item.status, item.legal_basis, item.decided_by.user.username) == (
        "granted",
        "Subpoena no. 26-114.",
        "superintendent",
    )
    chief_page = client_for("chief").get(url("request", pk=item.pk)).content.decode()
    assert "Acknowledge for the Department" in chief_page
    assert "evidence, juvenile records, and personally identifiable information" in chief_page
    client_for("chief").post(url("acknowledge", pk=item.pk))
    item.refresh_from_db()
    assert item.duties_acknowledged_by == member("chief") and item.duties_acknowledged_at == NOW
    entry = AuditEntry.objects.get(action="video.duties_acknowledged")
    assert entry.changes["duties"] == DUTIES
    assert AuditEntry.objects.get(action="video.request_granted").changes["legal_basis"] == "Subpoena no. 26-114."
    again = client_for("superintendent").post(
        url("decide", pk=item.pk), {"decision": "decline", "legal_basis": "No."}, follow=True
    )
    assert "no longer waiting" in again.content.decode()


def test_only_a_designated_certified_administrator_decides_besides_the_superintendent(client_for, member):
    item = request_from_chief(client_for)
    decline = {"decision": "decline", "legal_basis": "Too broad."}
    assert client_for("principal").post(url("decide", pk=item.pk), decline).status_code == 403
    Membership.objects.filter(user__username="superintendent").update(role=Role.SUPERINTENDENT_DESIGNEE)
    with pytest.raises(PermissionDenied):
        actions.do_decide_request(ACTOR, member("superintendent"), item.pk, grant=True, legal_basis="x")
    with pytest.raises(PermissionDenied, match="Only the Superintendent designates"):
        actions.do_designate(ACTOR, member("superintendent"), member("principal"), certification="092")
    Membership.objects.filter(user__username="superintendent").update(role=Role.SUPERINTENDENT)

    page = client_for("superintendent").post(
        url("designations"), {"designee": member("principal").pk, "certification": " Intermediate  Administrator 092 "}
    )
    assert page.status_code == 302
    designation = Designation.objects.get()
    assert designation.certification == "Intermediate Administrator 092"
    assert AuditEntry.objects.filter(action="video.designated").exists()
    nav = client_for("principal").get(reverse("dashboard", kwargs={"slug": "westport"})).content.decode()
    assert "School video" in nav and "Video requests to decide" in nav
    client_for("principal").post(url("decide", pk=item.pk), decline)
    item.refresh_from_db()
    assert item.status == "declined" and item.decided_by == member("principal")

    client_for("superintendent").post(url("revoke_designation", pk=designation.pk))
    designation.refresh_from_db()
    assert designation.revoked_at == NOW
    assert AuditEntry.objects.filter(action="video.designation_revoked").exists()
    second = request_from_chief(client_for)
    assert client_for("principal").post(url("decide", pk=second.pk), decline).status_code == 403
    assert client_for("principal").get(url("request", pk=second.pk)).status_code == 403


@pytest.mark.req("S.4")
def test_a_bad_designation_is_refused_with_a_message(client_for, member):
    client = client_for("superintendent")
    for data, message in [
        ({"designee": member("chief").pk, "certification": "092"}, "Select a valid choice."),
        ({"designee": "9" * 30, "certification": "092"}, "Select a valid choice."),
        ({"designee": member("principal").pk, "certification": "   "}, "This field is required."),
    ]:
        assert message in client.post(url("designations"), data).content.decode()
    assert not Designation.objects.exists()
    actions.do_designate(ACTOR, member("superintendent"), member("principal"), certification="092")
    twice = client.post(url("designations"), {"designee": member("principal").pk, "certification": "092"})
    assert "already designated" in twice.content.decode()
    assert Designation.objects.count() == 1
