"""Dashboard panels: each part of the agreement adds what a role sees on its home page.

An app registers a panel in its AppConfig.ready(); the dashboard shows, in order, the
panels whose roles include the person's role.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.http import HttpRequest

    from accounts.models import Membership


@dataclass(frozen=True)
class Panel:
    template: str
    roles: frozenset[str]
    order: int = 50
    context: Callable[[HttpRequest, Membership], dict[str, Any]] = field(default=lambda request, membership: {})


_panels: list[Panel] = []


def register(panel: Panel) -> None:
    _panels.append(panel)
    _panels.sort(key=lambda p: p.order)


def panels_for(request: HttpRequest, membership: Membership) -> list[tuple[str, dict[str, Any]]]:
    return [(p.template, p.context(request, membership)) for p in _panels if membership.role in p.roles]
