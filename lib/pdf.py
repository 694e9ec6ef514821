"""Every PDF the system renders goes through WeasyPrint here, with one rule: it loads nothing
from outside (styles are inline, and no value can pull a URL in)."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings

# WeasyPrint narrates every rendering step at INFO; keep its warnings only.
logging.getLogger("weasyprint").setLevel(logging.WARNING)
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def _refuse_fetch(url: str, *args: Any, **kwargs: Any) -> Any:
    raise ValueError(f"PDF rendering fetches no URLs (asked for {url[:80]!r}).")


def write_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported here: it is slow to import and only PDFs need it

    return HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=_refuse_fetch).write_pdf()
