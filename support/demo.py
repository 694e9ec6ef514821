"""The demo's district-support checklists: last year complete for both SROs; this year one SRO
still waits for a telephone line (IX.1)."""

from __future__ import annotations

from django.utils import timezone

from accounts.models import Membership, Role
from activities.models import school_year_of
from audit.log import Actor
from support.actions import do_update_checklist


def load(agreement, stdout=None) -> None:
    actor = Actor.system("load_demo")
    office = Membership.objects.active().get(agreement=agreement, user__username="superintendent")
    this_year = school_year_of(timezone.localdate())
    for sro in Membership.objects.active().filter(agreement=agreement, role=Role.SRO).order_by("user__username"):
        everything = {"office": True, "furniture": True, "computer": True}
        do_update_checklist(actor, office, sro=sro, school_year=this_year - 1, values=everything)
        if sro.user.username == "sro2":
            values = everything | {"office": False, "note": "Telephone line ordered; expected after the winter break."}
        else:
            values = everything
        do_update_checklist(actor, office, sro=sro, school_year=this_year, values=values)
