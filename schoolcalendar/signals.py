"""What the school calendar tells the apps that count school days (P.2).

The calendar knows nothing of what depends on it: it announces a change, and each app that
keeps dates computed from school days (Form A due dates, VII.2) listens and recomputes its
own. Sent inside the change's transaction, so a recomputation stands or falls with it.

    calendar_changed.send(sender=SchoolYear, district=district, agreement=agreement, actor=actor, reason="...")
"""

from __future__ import annotations

from django.dispatch import Signal

# Keyword arguments: district (SchoolDistrict), agreement (the Agreement the change was made
# under), actor (audit.log.Actor), reason (a short phrase for audit entries).
calendar_changed = Signal()
