"""Middleware for running the site: idle sessions without a write per request, and a clear
page when the database is unreachable."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse

from operations.views import error_page

log = logging.getLogger(__name__)

TOUCHED = "_touched"  # when the session was last written, in seconds since the epoch


class SessionTouchMiddleware:
    """Keep the idle timeout (SESSION_COOKIE_AGE) without writing the session on every request.

    The database keeps a session until its last write plus SESSION_COOKIE_AGE. Writing it only
    when the last write is more than SESSION_TOUCH_SECONDS old means a read-only page costs no
    UPDATE, and an idle person is signed out between SESSION_COOKIE_AGE - SESSION_TOUCH_SECONDS
    and SESSION_COOKIE_AGE after their last request: never later than the timeout (S.2).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or response.status_code >= 500:
            return response
        # Only a session that holds something (a sign-in, a sign-in in progress) is kept alive;
        # is_empty() reads no row for a visitor without a cookie.
        if session.is_empty():
            return response
        now = int(time.time())
        touched = session.get(TOUCHED, 0)  # reads the session if the page did not
        if session.is_empty():
            return response  # an expired or unknown session: nothing to keep alive
        if session.modified or not isinstance(touched, int) or now - touched >= settings.SESSION_TOUCH_SECONDS:
            session[TOUCHED] = now
        return response


class DatabaseUnavailableMiddleware:
    """Answer 503 with a plain page, never a traceback, when the database cannot be reached.

    A request in flight when PostgreSQL restarts fails here; every action runs in one
    transaction, so nothing it started is left half-done, and the next request opens a fresh
    connection (CONN_HEALTH_CHECKS).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        log.error("Database unavailable during %s %s: %s", request.method, request.path, exception)
        return error_page(request, "503.html", 503)
