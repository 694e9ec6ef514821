"""The demo's Board submissions: each compilation the Superintendent received goes to the Board's
meeting on the third Tuesday of the following month, through the real action (VII.10)."""

from __future__ import annotations

from datetime import date, timedelta

from accounts.models import Membership
from audit.log import Actor
from board.actions import RECEIVED, do_submit_to_board
from reporting.compilation import next_month
from reporting.models import MonthlyCompilation


def third_tuesday(month: date) -> date:
    first = month.replace(day=1)
    return first + timedelta(days=(1 - first.weekday()) % 7 + 14)


def load(agreement, stdout=None) -> None:
    office = Membership.objects.active().get(agreement=agreement, user__username="superintendent")
    actor = Actor.system("load_demo")
    n = 0
    for compilation in MonthlyCompilation.objects.filter(agreement=agreement, status__in=RECEIVED).order_by("month"):
        do_submit_to_board(
            actor, office, compilation, meeting_on=third_tuesday(next_month(compilation.month)), includes_form_as=False
        )
        n += 1
    if stdout:
        stdout.write(f"Board: {n} compilation(s) submitted to the Board of Education.")
