"""III.4: a dispute about camera use is recorded by either side and resolved jointly: both the
Police Department and the Superintendent record a position, and a resolution needs both."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from bodycams import actions
from bodycams.models import Dispute, Party
from bodycams.tests.helpers import actor, afternoon, calendar_fixture, log  # noqa: F401
from notices.models import Notice

pytestmark = pytest.mark.usefixtures("afternoon")


@pytest.mark.req("III.4")
def test_neither_side_alone_can_close_a_dispute(member, client_for):
    chief, office = member("chief"), member("superintendent")
    dispute = actions.do_raise_dispute(
        actor(member("principal")),
        member("principal"),
        summary="Camera on in the office.",
        activation=log(member("sro")),
    )
    assert dispute.raised_by_party == Party.DISTRICT
    assert {n.recipient.username for n in Notice.objects.filter(kind="bodycam_dispute")} == {"chief", "superintendent"}
    with pytest.raises(ValidationError, match="record their positions first"):
        actions.do_propose_resolution(actor(chief), chief, dispute.pk, resolution="Camera off in offices.")
    actions.do_record_position(actor(chief), chief, dispute.pk, position="It was a search.")
    with pytest.raises(ValidationError, match="record their positions first"):
        actions.do_propose_resolution(actor(chief), chief, dispute.pk, resolution="Camera off in offices.")
    actions.do_record_position(actor(office), office, dispute.pk, position="Not after the search.")
    actions.do_propose_resolution(actor(chief), chief, dispute.pk, resolution="Camera off in offices.")
    # The Chief's own agreement does not count: the other side must agree.
    response = client_for("chief").post(reverse("bodycams:agree", args=["westport", dispute.pk]), follow=True)
    assert "the other side must agree" in response.content.decode()
    dispute.refresh_from_db()
    assert dispute.resolved_at is None
    client_for("superintendent").post(reverse("bodycams:agree", args=["westport", dispute.pk]))
    dispute.refresh_from_db()
    assert dispute.resolved_at and dispute.resolution_agreed_by == office
    assert dispute.police_position == "It was a search." and dispute.district_position == "Not after the search."
    with pytest.raises(ValidationError, match="already resolved"):
        actions.do_record_position(actor(chief), chief, dispute.pk, position="Changed.")


@pytest.mark.req("III.4")
def test_a_changed_position_withdraws_the_proposed_resolution(member):
    chief, office = member("chief"), member("superintendent")
    dispute = actions.do_raise_dispute(actor(member("sro")), member("sro"), summary="Expectations for drills.")
    assert dispute.raised_by_party == Party.POLICE
    actions.do_record_position(actor(chief), chief, dispute.pk, position="Off during drills.")
    actions.do_record_position(actor(office), office, dispute.pk, position="Off during drills, on for real threats.")
    actions.do_propose_resolution(actor(office), office, dispute.pk, resolution="Off during drills.")
    actions.do_record_position(actor(chief), chief, dispute.pk, position="On for the whole drill.")
    with pytest.raises(ValidationError, match="No resolution is proposed"):
        actions.do_agree_resolution(actor(chief), chief, dispute.pk)
    assert Dispute.objects.get().resolved_at is None


@pytest.mark.req("III.4")
def test_only_the_chief_and_the_superintendents_office_decide_and_bad_input_changes_nothing(member, client_for):
    dispute = actions.do_raise_dispute(actor(member("chief")), member("chief"), summary="Drills.")
    with pytest.raises(ValidationError):
        actions.do_record_position(actor(member("principal")), member("principal"), dispute.pk, position="Mine.")
    with pytest.raises(ValidationError):
        actions.do_raise_dispute(actor(member("steward")), member("steward"), summary="Not a side.")
    url = reverse("bodycams:position", args=["westport", dispute.pk])
    for bad in ("", "\u200b\u00ad", "y" * 4001):
        assert client_for("chief").post(url, {"position": bad}).status_code == 200
    assert Dispute.objects.get().police_position == ""
    response = client_for("principal").post(reverse("bodycams:dispute_new", args=["westport"]), {"summary": "  "})
    assert response.status_code == 200 and Dispute.objects.count() == 1
    response = client_for("principal").post(
        reverse("bodycams:dispute_new", args=["westport"]), {"summary": "Recorded\u00a0in class.", "activation": "abc"}
    )
    assert response.status_code == 200 and Dispute.objects.count() == 1
