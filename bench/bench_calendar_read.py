"""Benchmark: read hostile and real-shaped .ics files, beside the demo calendar as a floor.

    .venv/bin/python bench/bench_calendar_read.py

Target (issue 13): a 495-byte event spanning the years 1 to 9999 took 4 s (ten of them 34 s)
and a rule repeating every second 14.5 s; each must be read, or refused with a message, in
well under a second. The floor is the demo's one-year calendar, read the same way. Nothing
touches a database: reading and planning are pure.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sro.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 50)

FIXTURES = ROOT / "schoolcalendar" / "tests" / "fixtures" / "ics"
FILES = [
    ROOT / "demo" / "calendars" / "westport-2025-26.ics",
    FIXTURES / "website-feed-several-years.ics",
    FIXTURES / "rotation-every-school-day.ics",
    FIXTURES / "hostile-years-1-to-9999.ics",
    FIXTURES / "hostile-repeats-every-second.ics",
    FIXTURES / "hostile-rules-that-never-match.ics",
]


def main() -> None:
    import django

    django.setup()
    from schoolcalendar.ics import CalendarFileError, plan_calendar, read_calendar

    for path in FILES:
        data = path.read_bytes()
        times = []
        for _ in range(5):
            started = time.perf_counter()
            try:
                plan = plan_calendar(read_calendar(data))
                outcome = f"read: {', '.join(f'{y.label} {y.school_day_count} days' for y in plan.years)}"
            except CalendarFileError as e:
                outcome = f"refused: {str(e)[:70]}"
            times.append(time.perf_counter() - started)
        print(f"{path.name:<40} {len(data):>7} B  median {statistics.median(times) * 1000:7.1f} ms  {outcome}")


if __name__ == "__main__":
    main()
