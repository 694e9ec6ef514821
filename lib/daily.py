"""Daily background steps that each part of the agreement registers (like its dashboard panels).

`manage.py run_scheduler` enqueues every registered step once a day for every agreement; each
step is a task taking (agreement_id, day as ISO date) and must be idempotent.
"""

from __future__ import annotations

from typing import Any

_steps: list[Any] = []


def register(step: Any) -> None:
    if step not in _steps:
        _steps.append(step)


def steps() -> tuple[Any, ...]:
    return tuple(_steps)
