"""Notices carry working links (issue 9): in the app a button to a relative address; by email
the site's configured address on a line of its own; no sentence ends on a dangling colon; and
`make run` sets the site address from ADDR."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.template.loader import get_template

from notices.actions import notify
from notices.emails import render
from notices.models import Notice

ROOT = Path(settings.BASE_DIR)


def email_kinds() -> list[str]:
    return sorted(
        {
            p.name.removesuffix(".txt")
            for p in ROOT.glob("*/templates/notices/emails/*.txt")
            if not p.name.endswith(".subject.txt") and ".venv" not in p.parts
        }
    )


@pytest.mark.req("VII.2")
def test_an_in_app_notice_links_with_a_relative_address_as_a_button(member, client_for):
    notify(
        [member("chief").user],
        agreement=member("chief").agreement,
        kind="compilation_prepared",
        key="k",
        context={"compilation": "Compilation November 2026", "count": 2},
        url="/westport/compilations/7/",
    )
    html = client_for("chief").get("/westport/notices/").content.decode()
    assert re.search(r'<a class="button secondary" href="/westport/compilations/7/">Open<span class="cal-sr">', html)
    assert "http" not in Notice.objects.get().body


@pytest.mark.req("VII.2")
def test_the_email_links_with_the_configured_site_address(member, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://sro.westport.example.org/"
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            [member("chief").user],
            agreement=member("chief").agreement,
            kind="compilation_prepared",
            key="k",
            context={"compilation": "Compilation November 2026", "count": 2},
            url="/westport/compilations/7/",
        )
    body = mail.outbox[0].body
    assert "Review it and send it to the Superintendent.\n" in body
    assert body.rstrip().endswith(
        "Open it in the SRO Program: https://sro.westport.example.org/westport/compilations/7/"
    )


@pytest.mark.parametrize("kind", email_kinds())
def test_no_notice_ends_a_sentence_on_a_colon(kind, db):
    """Rendered with the values a template might test, a body never ends on ":" (a colon that
    the link used to follow): a colon only ever introduces what follows it."""
    template = get_template(f"notices/emails/{kind}.txt")
    # ("{% if url %}: {{ url }}{% endif %}" is empty: notices are rendered without the link.)
    source = re.sub(r"\{% if url %\}.*?\{% endif %\}", "", template.template.source, flags=re.S)
    # The link is never written into the text after a colon: the app and the email add it.
    assert not re.search(r":\s*(\{%[^%]*%\}\s*)*\{\{\s*url\s*\}\}", source), kind
    if source.rstrip().endswith("}}"):
        return  # ends on a value (a legal basis, a link made for the email): not a dangling colon
    for flags in ({}, {"count": 2, "approved": True, "for_chief": True, "days_left": 2}):
        _, body = render(kind, {"url": "", **flags})
        paragraphs = [p.strip() for p in body.split("\n\n") if p.strip()]
        last = paragraphs[-1]
        if last.endswith(":"):
            # Only a label before a value left empty here ("Legal basis: {{ item.legal_basis }}").
            tail = re.escape(last[:-1].split()[-1])
            assert re.search(tail + r":\s*\{\{\s*(?!url\b)", source), f"{kind}: {last!r}"


@pytest.mark.skipif(subprocess.run(["which", "make"], capture_output=True).returncode, reason="no make")
@pytest.mark.parametrize(
    ("addr", "site"), [("127.0.0.1:8124", "http://127.0.0.1:8124"), ("192.0.2.9:8000", "http://192.0.2.9:8000")]
)
def test_make_run_sets_the_site_address_from_addr(addr, site, tmp_path):
    """`make run` exports SITE_URL for the server it starts: a probe added as a prerequisite of
    `run` sees it (the venv step is taken as done, nothing is installed)."""
    probe = tmp_path / "probe.mk"
    probe.write_text('run: probe-site-url\nprobe-site-url:\n\t@echo "SITE_URL=$$SITE_URL"; exit 3\n')
    result = subprocess.run(
        ["make", "-s", "-f", "Makefile", "-f", str(probe), "-o", ".venv/.installed", "run", f"ADDR={addr}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert f"SITE_URL={site}\n" in result.stdout, result.stdout + result.stderr
