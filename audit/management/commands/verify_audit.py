"""Check the audit chain (S.3, L.2): exit 0 and say how many entries are intact, or exit 1 and
name the first altered, inserted or missing entry. Run it nightly (docs/operations.md)."""

from __future__ import annotations

import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from audit.log import verify_chain
from audit.models import AuditEntry

ANCHOR = re.compile(r"^(\d+):([0-9a-f]{64})$")


class Command(BaseCommand):
    help = "Check the whole audit chain; name the first altered, inserted or missing entry."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--anchor",
            action="append",
            default=[],
            metavar="SEQ:HASH",
            help="An entry's hash as printed by an earlier run and kept off the database server; "
            "fails if that entry now has another hash (the chain was rewritten from there on). Repeatable.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        anchors = []
        for text in options["anchor"]:
            match = ANCHOR.match(text.strip().lower())
            if not match:
                raise CommandError(f"--anchor {text!r} is not SEQ:HASH (a number, a colon, 64 hex digits).")
            anchors.append((int(match[1]), match[2]))

        checked, problem = verify_chain()
        if problem is not None:
            raise CommandError(f"Audit chain broken at {problem} ({checked} entries read).")
        for seq, expected in anchors:
            found = AuditEntry.objects.filter(seq=seq).values_list("hash", flat=True).first()
            if found != expected:
                raise CommandError(
                    f"Audit chain broken at entry #{seq}: "
                    + ("missing" if found is None else "its hash differs from the anchor, so the chain was rewritten")
                    + f" ({checked} entries read)."
                )
        last = AuditEntry.objects.order_by("-seq").values_list("seq", "hash").first()
        self.stdout.write(f"Audit chain intact: {checked} entries verified.")
        if last is not None:
            # Kept somewhere the database's users cannot write, this line anchors tomorrow's check.
            self.stdout.write(f"Last entry: {last[0]}:{last[1]}")
