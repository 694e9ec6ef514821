"""One of several processes writing to the same SQLite file at once (test_sqlite_writers.py).

    DATABASE_URL=sqlite:////tmp/x.sqlite3 python -m operations.tests.sqlite_writer NAME COUNT START

Waits until the wall clock reaches START (so all processes begin together), then appends COUNT
audit entries, each in a transaction that reads first and holds the lock a moment, as an
action does. Prints "ok NAME COUNT", or the error and exits 1.
"""

from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sro.settings")
os.environ.setdefault("DEBUG", "1")

import django

django.setup()

from django.db import transaction  # noqa: E402

from audit.log import Actor, record  # noqa: E402
from audit.models import AuditEntry  # noqa: E402


def main(name: str, count: int, start: float) -> int:
    time.sleep(max(0.0, start - time.time()))
    actor = Actor.system(name)
    try:
        for i in range(count):
            with transaction.atomic():
                seen = AuditEntry.objects.count()  # a read, then a write: the lock upgrade that fails
                time.sleep(0.002)
                record(actor, "operations.parallel_write", changes={"writer": name, "i": i, "seen": seen})
    except Exception as e:
        print(f"error {name}: {type(e).__name__}: {e}", flush=True)
        return 1
    print(f"ok {name} {count}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2]), float(sys.argv[3])))
