"""Run one management command as the fault tests need it (test_faults.py):

    python -m operations.tests.fault_process --at 2026-11-02T10:00 [--pause prepare|email --marker PATH] \
        db_worker --batch ...

--at    the process's clock starts at this local time and ticks on (time-machine), so the
        scheduler's "today" is the test's day, not the machine's.
--pause stop for good at that point, after writing MARKER, so the test can SIGKILL the process
        there: "prepare" inside the compilation's transaction (after its rows, at its audit
        entry); "email" while emailing the Westport compilation's notice, after the compilation committed.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import datetime
from pathlib import Path
from unittest import mock
from zoneinfo import ZoneInfo

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sro.settings")
os.environ.setdefault("DEBUG", "1")

import django
import time_machine

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402


def hang(marker: Path) -> None:
    marker.write_text(str(os.getpid()))
    while True:
        time.sleep(60)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--at", required=True)
    parser.add_argument("--pause", choices=["prepare", "email"])
    parser.add_argument("--marker", type=Path)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    at = datetime.fromisoformat(args.at).replace(tzinfo=ZoneInfo(settings.TIME_ZONE))
    time_machine.travel(at, tick=True).start()

    patches = []
    if args.pause == "prepare":
        from reporting import compilation

        original = compilation.record

        def record(actor, action, *a, **kw):
            entry = original(actor, action, *a, **kw)
            if action == "compilation.prepare":
                hang(args.marker)
            return entry

        patches.append(mock.patch.object(compilation, "record", record))
    elif args.pause == "email":
        from notices import emails

        send_mail = emails.send_mail

        def send_or_hang(subject, body, sender, to, *a, **kw):
            # The compilation's own notice, not an earlier step's (another agreement, a reminder).
            if subject.startswith("Compilation") and to[0].endswith("@westport.example.org"):
                hang(args.marker)
            return send_mail(subject, body, sender, to, *a, **kw)

        patches.append(mock.patch.object(emails, "send_mail", send_or_hang))
    for p in patches:
        p.start()
    call_command(*args.command)


if __name__ == "__main__":
    main(sys.argv[1:])
