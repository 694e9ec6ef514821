"""Random and boundary values posted to every set-up form, as the administrator: never a 5xx,
and nothing stored that the form would refuse (S.4)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import Membership, User
from agreements.models import Agreement

FORMS = {
    "people:invite": ["username", "name", "email", "role", "schools", "primary_school", "badge_number", "title"],
    "people:change_role": ["role", "schools", "primary_school", "badge_number", "title"],
    "people:end_role": ["ends_on"],
    "agreement:settings": [
        "title",
        "signed_on",
        "effective_date",
        "report_deadline_school_days",
        "chief_post_certified",
        "termination_notice_month_day",
        "termination_effective_month_day",
    ],
    "agreement:school_add": ["new-school-name", "new-school-level", "new-school-sourced_id"],
    "agreement:signatory_add": [
        "new-signatory-name",
        "new-signatory-title",
        "new-signatory-organization",
        "new-signatory-signed_on",
    ],
}
BOUNDARY = st.sampled_from(
    ["", " ", "0", "-1", "2147483648", "9" * 40, "9999-12-31", "0001-01-01", "abc", "\x00", "x" * 5000, "sro", "1"]
)
VALUE = st.one_of(BOUNDARY, st.text(max_size=300))


@pytest.mark.req("S.4")
@pytest.mark.parametrize("name", sorted(FORMS))
@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_random_posts_never_give_a_server_error(client_for, name, data):
    client = client_for("admin")
    kwargs = {"slug": "westport"}
    if name.startswith("people:") and name != "people:invite":
        kwargs["user_id"] = User.objects.get(username="ssu").pk
    post = {field: data.draw(st.lists(VALUE, max_size=3) if field == "schools" else VALUE) for field in FORMS[name]}
    response = client.post(reverse(name, kwargs=kwargs), post)
    assert response.status_code < 500
    westport = Agreement.objects.get(slug="westport")
    assert 1 <= westport.report_deadline_school_days <= 30
    for membership in Membership.objects.filter(agreement=westport):
        membership.full_clean()
