"""Shared vocabulary for the access-rule tables each app keeps in tests/access_rules.py (S.1).

Outcomes: "login" (redirect to sign-in), "redirect" (any other redirect), or an HTTP status.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

WESTPORT_MEMBERS = ("sro", "sro2", "chief", "ssu", "superintendent", "principal", "steward", "admin")
OUTSIDERS = ("othersro", "otherchief")
# The installation's operator holds no role in any agreement: on an agreement's pages they get
# the outsiders' outcome unless a rule names them (only the pages that set up an agreement do).
OPERATOR = "operator"
EVERYONE = ("anonymous", *WESTPORT_MEMBERS, *OUTSIDERS, OPERATOR)


def expect(members: Any, *, anonymous: Any = "login", outsiders: Any = 404, **overrides: Any) -> dict[str, Any]:
    """One outcome for every Westport member, unless overridden by persona name.

    The operator gets the outsiders' outcome unless overridden."""
    result = (
        {"anonymous": anonymous}
        | dict.fromkeys(WESTPORT_MEMBERS, members)
        | dict.fromkeys((*OUTSIDERS, OPERATOR), outsiders)
    )
    unknown = set(overrides) - set(EVERYONE)
    if unknown:
        raise ValueError(f"Unknown personas: {sorted(unknown)}")
    return result | overrides


def only(*personas: str, allowed: Any = 200, others: Any = 403, **kw: Any) -> dict[str, Any]:
    """`allowed` for the named Westport personas, `others` for the rest of Westport."""
    return expect(others, **dict.fromkeys(personas, allowed), **kw)


@dataclass
class Rule:
    expect: dict[str, Any]
    kwargs: Callable[[], dict[str, Any]] | dict[str, Any] = field(default_factory=dict)
    method: str = "get"

    def resolve_kwargs(self) -> dict[str, Any]:
        return self.kwargs() if callable(self.kwargs) else dict(self.kwargs)


WESTPORT = {"slug": "westport"}
