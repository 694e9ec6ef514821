"""A person shared by two agreements is managed by neither administrator alone (S.1, S.2)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import Membership, Role, User
from agreements.models import Agreement


@pytest.fixture
def shared_person(member):
    """The Harbor Falls SRO also holds a Westport SSU role (a regional officer)."""
    person = member("othersro").user
    Membership.objects.create(
        user=person, agreement=Agreement.objects.get(slug="westport"), role=Role.SSU, badge_number="207"
    )
    User.objects.filter(pk=person.pk).update(locked_until="2999-01-01T00:00:00Z")
    return person


@pytest.mark.req("S.1")
def test_an_administrator_cannot_unlock_a_person_shared_with_another_agreement(client_for, shared_person):
    url = reverse("people:unlock", kwargs={"slug": "westport", "user_id": shared_person.pk})
    response = client_for("admin").post(url)
    assert response.status_code == 403
    shared_person.refresh_from_db()
    assert shared_person.is_locked()


@pytest.mark.req("S.1")
def test_an_administrator_cannot_reset_mfa_of_a_person_shared_with_another_agreement(client_for, shared_person):
    url = reverse("people:reset_mfa", kwargs={"slug": "westport", "user_id": shared_person.pk})
    assert client_for("admin").post(url).status_code == 403
    shared_person.refresh_from_db()
    assert shared_person.has_mfa


@pytest.mark.req("S.2")
def test_resetting_mfa_signs_the_person_out_of_their_other_sessions(client_for, member):
    victim = client_for("sro")
    assert victim.get(reverse("dashboard", kwargs={"slug": "westport"})).status_code == 200
    url = reverse("people:reset_mfa", kwargs={"slug": "westport", "user_id": member("sro").user.pk})
    client_for("admin").post(url)
    response = victim.get(reverse("dashboard", kwargs={"slug": "westport"}))
    assert response.status_code == 302 and reverse("accounts:signin") in response["Location"]
