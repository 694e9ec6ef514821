"""The audit page's date filters are bounded: a year of 9999 is refused with a message (S.4)."""

from __future__ import annotations

import pytest
from django.urls import reverse


@pytest.mark.req("S.4")
@pytest.mark.parametrize("field", ["start", "end"])
@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "2016-01-01"])
def test_a_date_outside_the_agreement_is_refused_with_a_message(client_for, field, value):
    response = client_for("superintendent").get(reverse("audit:log", kwargs={"slug": "westport"}), {field: value})
    assert response.status_code == 200
    assert "Choose a date from November 28, 2023 to" in response.content.decode()
