"""axe-core over every page each role can reach, at phone and desktop width: no critical and no
serious violation (issue 9).

The pages are found, not listed: each persona's home page, every link in its main navigation
(the "More" menu included) and, from each of those pages, one page of every kind of link it
offers (the detail pages: a Form A, a compilation, a school's calendar...). A page another app
adds later is covered as soon as it is linked from a nav page, without editing this test.
axe-core comes from the `axe-playwright-python` package (it ships axe.min.js): nothing is
fetched from a CDN.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.utils.module_loading import import_string

pytestmark = [pytest.mark.browser]

# Every role of the demo (sro2 is a second SRO: the same pages as sro) and the operator.
PERSONAS = ["sro", "chief", "ssu", "superintendent", "principal", "steward", "admin", "operator"]
# Links that change something or hand over a file rather than show a page.
NOT_A_PAGE = re.compile(r"(\.pdf|\.csv|/pdf/?|/csv/?|/download|/export|/signout|[?&]format=)", re.I)
BLOCKING = {"critical", "serious"}
SCREENSHOT_DIR = os.environ.get("SCREENSHOT_DIR")

_LINKS = """(sel) => [...document.querySelectorAll(sel)].map((a) => a.getAttribute('href'))"""


def load_full_demo() -> None:
    """The demo with its records (Form As, compilations, trainings...): the load_demo steps, so
    the detail pages exist. A step another app appends is picked up here too."""
    from agreements import demo
    from agreements.management.commands.load_demo import STEPS

    westport = demo.load()
    for step in STEPS:
        import_string(step)(westport, stdout=None)


def signed_in_cookie(username: str) -> str:
    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return client.cookies["sessionid"].value


def shape(path: str) -> str:
    """A URL's kind: /westport/reports/15/ and /westport/reports/16/ are one kind of page."""
    return re.sub(r"/\d[\w-]*", "/N", urlsplit(path).path)


def same_site(href: str | None) -> str | None:
    if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
        return None
    parts = urlsplit(href)
    if parts.netloc and parts.netloc not in {"127.0.0.1", "localhost"} and ":" not in parts.netloc:
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    if parts.netloc:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
    if NOT_A_PAGE.search(path) or not path.startswith("/"):
        return None
    return path


def pages_of(page, base_url: str, start: str) -> list[str]:
    """The persona's home page, its nav links, and one page of each kind linked from those."""
    page.goto(base_url + start)
    home = urlsplit(page.url).path
    nav = [p for p in map(same_site, page.evaluate(_LINKS, 'nav[aria-label="Main"] a')) if p]
    first = list(dict.fromkeys([home, *nav]))
    found, kinds = list(first), {shape(p) for p in first}
    for path in first:
        page.goto(base_url + path)
        for href in page.evaluate(_LINKS, "main a[href]"):
            link = same_site(href)
            if link and shape(link) not in kinds and not link.startswith("/accounts/"):
                kinds.add(shape(link))
                found.append(link)
    return found


def axe_violations(page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    return Axe().run(page).response["violations"]


@pytest.mark.req("S.1")
@pytest.mark.parametrize("viewport", ["phone", "desktop"], indirect=True)
def test_no_page_any_role_reaches_has_a_critical_or_serious_axe_violation(
    transactional_db, live_server, page, viewport
):
    load_full_demo()
    by_impact: Counter[str] = Counter()
    by_rule: Counter[str] = Counter()
    blocking: list[str] = []
    checked = 0
    for persona in PERSONAS:
        page.context.clear_cookies()
        page.context.add_cookies([{"name": "sessionid", "value": signed_in_cookie(persona), "url": live_server.url}])
        for path in pages_of(page, live_server.url, "/westport/" if persona != "operator" else "/"):
            response = page.goto(live_server.url + path)
            if response is None or "text/html" not in (response.headers.get("content-type") or ""):
                continue
            page.wait_for_load_state("load")
            checked += 1
            for violation in axe_violations(page):
                by_impact[violation["impact"]] += 1
                by_rule[f"{violation['impact']} {violation['id']}"] += 1
                if violation["impact"] in BLOCKING:
                    targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:3]]
                    blocking.append(f"{persona} {path}: {violation['impact']} {violation['id']} {targets}")
    print(f"\naxe at {viewport}: {checked} pages, violations by impact: {dict(sorted(by_impact.items()))}")
    print(f"  by rule: {dict(sorted(by_rule.items()))}")
    for line in blocking:
        print("  " + line)
    assert checked > 40
    assert not blocking, "\n".join(blocking)
