"""The pages' templates carry no inline styles or scripts: the Content-Security-Policy would block
them in the browser, silently (S.1's frame; PDF templates, rendered by WeasyPrint, are exempt)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings

INLINE_STYLE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
SCRIPT_WITHOUT_NONCE = re.compile(r"<script(?![^>]*\bnonce=)[^>]*>", re.IGNORECASE)


def page_templates():
    for path in sorted(settings.BASE_DIR.glob("**/templates/**/*.html")):
        parts = set(path.parts)
        if ".venv" in parts or "pdf" in parts or "node_modules" in parts:
            continue
        yield path


@pytest.mark.req("S.1")
def test_no_page_template_has_an_inline_style_or_a_script_without_the_nonce():
    offenders = [
        f"{path.relative_to(settings.BASE_DIR)}:{n}"
        for path in page_templates()
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if INLINE_STYLE.search(line) or SCRIPT_WITHOUT_NONCE.search(line)
    ]
    assert not offenders, offenders
