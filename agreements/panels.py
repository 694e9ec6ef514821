"""What each part of the agreement adds to the shared page frame: dashboard panels and nav links.

An app registers its panels and links in its AppConfig.ready(); the dashboard shows, in order,
the panels whose roles include the person's role, and the nav shows the links the person's
membership may follow. Which roles see what is decided here, by the app that owns the pages,
not in the templates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from lib.prepared import Counting, counts_of

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
    # A count to show beside the label (e.g. unread notices), or None for no badge. A queryset
    # (its rows counted) or a prepared count (`Prepared.counting`) runs with the other links'
    # counts in one statement.
    badge: Callable[[HttpRequest, Membership], int | Counting | QuerySet[Any]] | None = None
    badge_label: str = ""


_links: list[NavLink] = []


def register_link(link: NavLink) -> None:
    _links.append(link)
    _links.sort(key=lambda link: link.order)


def links_for(request: HttpRequest, membership: Membership) -> list[tuple[NavLink, int | None]]:
    """The links this membership may follow, each with its badge count."""
    links = [
        (link, link.badge(request, membership) if link.badge else None) for link in _links if link.shows(membership)
    ]
    waiting = [badge for _, badge in links if isinstance(badge, Counting | QuerySet)]
    counted = iter(counts_of(waiting))
    return [(link, next(counted) if isinstance(badge, Counting | QuerySet) else badge) for link, badge in links]


# How many links the nav shows before "More": few enough for one or two lines on a phone.
PRIMARY_LINKS = 4


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    badge: int | None
    badge_label: str
    current: bool


@dataclass(frozen=True)
class Nav:
    primary: list[NavItem]
    more: list[NavItem]

    @property
    def waiting(self) -> list[NavItem]:
        """The links that count something waiting for this person."""
        return [item for item in self.primary + self.more if item.badge]

    @property
    def more_current(self) -> bool:
        return any(item.current for item in self.more)


def nav_for(request: HttpRequest, membership: Membership) -> Nav:
    """The nav, split for a small screen: the first few links, then every link that counts
    something waiting (a duty stays in plain sight), in order; the rest go under "More".

    However many links the apps register, the phone shows one or two lines of them."""
    from django.urls import reverse

    items = []
    for link, badge in links_for(request, membership):
        url = reverse(link.url_name, args=[membership.agreement.slug])
        items.append((link, NavItem(link.label, url, badge, link.badge_label, False)))
    # The current page is the link whose address is the longest start of this one.
    current = max((item.url for _, item in items if request.path.startswith(item.url)), key=len, default=None)
    items = [(link, replace(item, current=item.url == current)) for link, item in items]
    primary = [item for i, (_, item) in enumerate(items) if i < PRIMARY_LINKS or item.badge]
    more = [item for _, item in items if item not in primary]
    return Nav(primary=primary, more=more)
