"""No page offers a link its reader is refused (S.1): for each role, the home page, every link of
the main navigation and every link on those pages opens for that role. Found, not listed, so a
page another app adds is covered as soon as it is linked."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urlsplit

import pytest
from django.utils.module_loading import import_string

from agreements.management.commands.load_demo import STEPS
from tests.browser.test_accessibility import NOT_A_PAGE, PERSONAS

HREF = re.compile(r'<a\b[^>]*\bhref="([^"]+)"')
NAV = re.compile(r'<nav aria-label="Main".*?</nav>', re.S)
MAIN = re.compile(r"<main\b.*?</main>", re.S)


def links(html: str, region: re.Pattern) -> list[str]:
    found = []
    for block in region.findall(html):
        for href in HREF.findall(block):
            href = unescape(href)
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not href.startswith("/") or NOT_A_PAGE.search(href):
                continue
            if href.startswith("/accounts/"):
                continue
            found.append(href.split("#")[0])
    return found


@pytest.mark.req("S.1")
@pytest.mark.django_db
def test_no_page_links_to_a_page_its_reader_is_refused(demo, client_for):
    for step in STEPS:  # the records the detail pages show
        import_string(step)(demo, stdout=None)
    refused = []
    for persona in PERSONAS:
        client = client_for(persona)
        home = client.get("/westport/" if persona != "operator" else "/", follow=True)
        first = list(dict.fromkeys([home.request["PATH_INFO"], *links(home.content.decode(), NAV)]))
        seen = set(first)
        for path in first:
            response = client.get(path)
            if response.status_code != 200:
                refused.append(f"{persona}: nav {path} -> {response.status_code}")
                continue
            if "text/html" not in response.get("Content-Type", ""):
                continue
            for link in links(response.content.decode(), MAIN):
                if link in seen:
                    continue
                seen.add(link)
                status = client.get(link).status_code
                if status in (403, 404, 405) or status >= 500:
                    refused.append(f"{persona}: {path} links to {link} -> {status}")
    assert not refused, "\n".join(refused)
