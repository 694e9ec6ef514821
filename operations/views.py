"""Error pages that never show a traceback and never need the database."""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.middleware.csp import get_nonce
from django.template.loader import render_to_string


def error_page(request: HttpRequest, name: str, status: int) -> HttpResponse:
    """Render NAME in the house frame without the request's context processors, which would
    ask the database (the person, their agreement) that may be the very thing that failed."""
    html = render_to_string(name, {"csp_nonce": get_nonce(request) or ""})
    response = HttpResponse(html, status=status)
    response["Cache-Control"] = "no-store"
    if status == 503:
        response["Retry-After"] = "10"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a 503 when the database was unreachable, else the plain 500 page."""
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return error_page(request, "503.html", 503)
    return error_page(request, "500.html", 500)
