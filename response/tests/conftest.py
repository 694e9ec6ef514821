from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

NOW = datetime(2026, 3, 16, 12, tzinfo=ZoneInfo("America/New_York"))


@pytest.fixture(autouse=True)
def _now(request):
    if "live_demo" in request.fixturenames:
        # The browser keeps real time: a frozen server would send session cookies already expired.
        yield
        return
    with time_machine.travel(NOW):
        yield


@pytest.fixture
def students(demo):
    from response.tests.factories import roster

    return roster()
