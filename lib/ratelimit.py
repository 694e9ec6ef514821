"""A fixed-window limit on how often one person may do something, kept in the cache.

Atomic on every cache backend, the database cache included: each use claims its own numbered
slot with `cache.add`, which only one request can win for a given slot, so parallel requests
can never be allowed more than LIMIT times in a window. (`cache.incr` alone is a read and a write
on the database cache: two requests could both read 5 and both write 6.) The counter is only a
hint of where the next free slot is, so a lost update costs a retry, never an extra use.
"""

from __future__ import annotations

import time

from django.core.cache import cache


def now() -> float:
    """The clock every limit's window is read from (tests hold it still so a window cannot roll over mid-test)."""
    return time.time()


def window_start(window: int = 60) -> int:
    """The first second (Unix time) of the current fixed WINDOW."""
    return int(now()) // window * window


def allow(key: str, limit: int, window: int = 60) -> bool:
    """Count one use of KEY in the current WINDOW seconds; False once LIMIT uses were counted."""
    bucket = f"limit:{key}:{int(now()) // window}"
    cache.add(bucket, 0, timeout=2 * window)
    try:
        n = cache.incr(bucket)
    except ValueError:  # expired between add and incr
        n = 1
    while n <= limit:
        if cache.add(f"{bucket}:{n}", True, timeout=2 * window):
            return True
        n += 1
    return False
