"""What each part of the agreement adds to the shared page frame: dashboard panels and nav links.

An app registers its panels and links in its AppConfig.ready(); the dashboard shows, in order,
the panels whose roles include the person's role, and the nav shows the links the person's
membership may follow. Which roles see what is decided here, by the app that owns the pages,
not in the templates.
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


@dataclass(frozen=True)
class NavLink:
    label: str
    url_name: str
    order: int = 50
    shows: Callable[[Membership], bool] = field(default=lambda membership: True)
    # A count to show beside the label (e.g. unread notices), or None for no badge.
    badge: Callable[[HttpRequest, Membership], int] | None = None
    badge_label: str = ""


_links: list[NavLink] = []


def register_link(link: NavLink) -> None:
    _links.append(link)
    _links.sort(key=lambda link: link.order)


def links_for(request: HttpRequest, membership: Membership) -> list[tuple[NavLink, int | None]]:
    """The links this membership may follow, each with its badge count."""
    return [
        (link, link.badge(request, membership) if link.badge else None) for link in _links if link.shows(membership)
    ]
