"""The SRO's list of receipts, a page at a time."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from reporting.tests.factories_compilation import make_report

MINE = "/westport/reports/"


@pytest.mark.req("VII.7")
def test_the_sro_sees_the_newest_fifty_receipts_and_a_pager_to_the_older(client_for, member):
    sro = member("sro")
    now = timezone.now()
    for i in range(53):
        make_report(sro, submitted_at=now - timedelta(hours=i), number=f"R-{i:03d}")
    client = client_for("sro")
    first = client.get(MINE).content.decode()
    assert len(re.findall(r'<td class="mono"[^>]*>R-', first)) == 50
    assert "R-000" in first and "R-049" in first and "R-050" not in first
    assert "Page 1 of 2" in first and "?page=2" in first
    second = client.get(MINE, {"page": "2"}).content.decode()
    assert len(re.findall(r'<td class="mono"[^>]*>R-', second)) == 3 and "R-052" in second


@pytest.mark.req("S.4")
@pytest.mark.parametrize("page", ["0", "-1", "99", "two", "9" * 40])
def test_a_page_out_of_range_or_not_a_number_shows_a_page_never_an_error(client_for, member, page):
    make_report(member("sro"), submitted_at=timezone.now(), number="R-001")
    response = client_for("sro").get(MINE, {"page": page})
    assert response.status_code == 200
    assert "R-001" in response.content.decode()
