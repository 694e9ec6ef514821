"""A task for test_faults.py: note each run in a file, so a task run twice shows twice."""

from __future__ import annotations

import os
import time

from django.tasks import task


@task
def note_run(n: int) -> int:
    time.sleep(0.05)  # long enough that both workers are busy at once
    with open(os.environ["FAULT_LOG"], "a") as log:
        log.write(f"{n} {os.getpid()}\n")
    return n
