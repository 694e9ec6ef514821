"""The demo roster: a synthetic OneRoster export of a Westport-sized district (VII.6)."""

from __future__ import annotations

from django.conf import settings

from audit.log import Actor
from students import actions, oneroster

DEMO_BUNDLE = settings.BASE_DIR / "demo" / "oneroster" / "westport.zip"


def load(agreement, stdout=None) -> None:
    """Import demo/oneroster/westport.zip (written by `python -m students.demo_roster`)."""
    files = oneroster.files_from(DEMO_BUNDLE)
    result = actions.do_import_roster(Actor.system("load_demo"), agreement, files)
    actions.do_set_other_gender(Actor.system("load_demo"), agreement, "ask")
    if stdout is not None:
        stdout.write(f"Roster: {result.created} synthetic students imported for {agreement.slug}.")
