from __future__ import annotations

from lib.access_rules import WESTPORT, Rule, expect


def sro_notice() -> dict:
    """A notice that belongs to `sro`: everyone else may not know it exists."""
    from accounts.models import User
    from agreements.models import Agreement
    from notices.actions import notify

    sro = User.objects.get(username="sro")
    agreement = Agreement.objects.get(slug="westport")
    context = {"compilation": "Compilation October 2026", "count": 0}
    [notice] = notify([sro], agreement=agreement, kind="compilation_prepared", key="access-rule", context=context)
    return {**WESTPORT, "notice_id": notice.id}


RULES = {
    "notices:list": Rule(expect(200), WESTPORT),
    "notices:mark_read": Rule(expect(404, sro="redirect"), sro_notice, method="post"),
    "notices:mark_all_read": Rule(expect("redirect"), WESTPORT, method="post"),
}
