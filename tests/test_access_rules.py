"""Every URL pattern × every persona has an expected outcome, and gets it (S.1).

Each app lists its routes in <app>/tests/access_rules*.py. A route without an
expectation fails here, so a new page cannot ship without an access rule.
"""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from lib.access_rules import EVERYONE, Rule

LOCAL_APPS = [a for a in apps.get_app_configs() if (settings.BASE_DIR / a.label).is_dir()]


def all_rules() -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for app in LOCAL_APPS:
        for path in sorted((settings.BASE_DIR / app.label / "tests").glob("access_rules*.py")):
            module = importlib.import_module(f"{app.name}.tests.{path.stem}")
            overlap = set(rules) & set(module.RULES)
            assert not overlap, f"Access rules defined twice: {sorted(overlap)}"
            rules |= module.RULES
    return rules


def url_names(resolver: URLResolver | None = None, prefix: str = "") -> list[str]:
    names = []
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            names += url_names(p, ns)
        elif isinstance(p, URLPattern):
            assert p.name, f"URL pattern {p.pattern} has no name"
            names.append(prefix + p.name)
    return names


RULES = all_rules()


@pytest.mark.req("S.1")
def test_every_url_has_an_access_rule_for_every_persona():
    names = set(url_names())
    missing = sorted(names - set(RULES))
    assert not missing, f"URLs without an access rule in <app>/tests/access_rules.py: {missing}"
    stale = sorted(set(RULES) - names)
    assert not stale, f"Access rules for URLs that no longer exist: {stale}"
    for name, rule in RULES.items():
        assert set(rule.expect) == set(EVERYONE), f"{name}: expectations must cover {EVERYONE}"


def _outcome(response) -> object:
    if response.status_code in (301, 302):
        return "login" if response["Location"].startswith(reverse(settings.LOGIN_URL)) else "redirect"
    return response.status_code


@pytest.mark.req("S.1")
@pytest.mark.parametrize("name", sorted(RULES))
def test_access_rule(name, client_for):
    rule = RULES[name]
    url = reverse(name, kwargs=rule.resolve_kwargs())
    got = {}
    for persona in EVERYONE:
        client = client_for(None if persona == "anonymous" else persona)
        got[persona] = _outcome(getattr(client, rule.method)(url))
    assert got == rule.expect, f"{name} ({url})"
