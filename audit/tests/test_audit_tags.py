from __future__ import annotations

import pytest

from audit.templatetags.audit_tags import changes_summary, pretty_json


@pytest.mark.req("S.3")
def test_short_values_are_shown_and_long_ones_are_named():
    changes = {"outcome": "ok", "days": ["2026-01-0" + str(i) for i in range(1, 9)], "a": 1, "b": 2, "c": 3}
    assert changes_summary(changes) == "outcome: ok, days, a: 1, b: 2 (+1 more)"


def test_the_whole_record_is_kept_for_the_details():
    assert '"days": [' in pretty_json({"days": ["2026-01-01"]})
