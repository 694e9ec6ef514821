"""What waits for each role on their dashboard (III.1, III.3, III.4)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bodycams import actions
from bodycams.tests.helpers import DAY, actor, afternoon, at, calendar_fixture, log  # noqa: F401

pytestmark = pytest.mark.usefixtures("afternoon")


def _home(client_for, who: str) -> str:
    return client_for(who).get(reverse("dashboard", args=["westport"])).content.decode()


@pytest.mark.req("III.1")
@pytest.mark.req("III.3")
@pytest.mark.req("III.4")
def test_each_role_sees_what_waits_for_them(member, client_for, django_assert_max_num_queries):
    sro = member("sro")
    activation = log(sro)
    actions.do_start_activation(actor(sro), sro, school=sro.primary_school, started_at=at(DAY, 13))
    actions.do_request_viewing(actor(member("principal")), member("principal"), activation.pk, reason="Plan.")
    actions.do_raise_dispute(actor(member("superintendent")), member("superintendent"), summary="Drills.")
    assert "Activations to acknowledge" in _home(client_for, "principal")
    assert "Waiting for the Chief" in _home(client_for, "principal")
    chief = _home(client_for, "chief")
    assert (
        "for your decision" in chief
        and "Open disputes about camera use" in chief
        and "1 activation not logged" in chief
    )
    assert "Open disputes about camera use" in _home(client_for, "superintendent")
    assert "Not logged yet" in _home(client_for, "sro")
    assert "Body-worn cameras" not in _home(client_for, "sro2")
    with django_assert_max_num_queries(40):
        client_for("chief").get(reverse("bodycams:overview", args=["westport"]))
