"""Answers kept for the length of one read-only request.

A dashboard asks the same questions of several apps' panels and nav badges (the SRO's
assignment today, the district's school days, a principal's schools); each app asks through
its own functions, and each used to query again. `@per_request` keeps a function's answer for
the rest of a GET or HEAD request, keyed by its arguments (a model instance by its class and
primary key), so a page asks each question once.

Only read-only requests are cached: a POST may change what it then reads, and code outside a
request (actions, commands, tests) always reads afresh. `RequestCacheMiddleware` opens the
cache; `reading()` opens one by hand (benchmarks, tests).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db.models import Model
from django.http import HttpRequest, HttpResponse

_cache: ContextVar[dict[tuple, Any] | None] = ContextVar("request_cache", default=None)


def _key(value: Any) -> Any:
    if isinstance(value, Model):
        # An unsaved instance has no identity to share: key it by the object itself.
        return (type(value), value.pk) if value.pk is not None else ("unsaved", id(value))
    if isinstance(value, set | frozenset):
        return frozenset(value)
    if isinstance(value, list | tuple):
        return tuple(_key(v) for v in value)
    return value


def per_request[**P, R](fn: Callable[P, R]) -> Callable[P, R]:
    """Keep FN's answer for the rest of this read-only request (see the module's note)."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        cache = _cache.get()
        if cache is None:
            return fn(*args, **kwargs)
        key = (fn, tuple(_key(a) for a in args), tuple(sorted((k, _key(v)) for k, v in kwargs.items())))
        try:
            hash(key)
        except TypeError:
            return fn(*args, **kwargs)
        if key not in cache:
            cache[key] = fn(*args, **kwargs)
        answer = cache[key]
        # A caller may change a set or list it was given; the next caller gets the original.
        return answer.copy() if isinstance(answer, set | list | dict) else answer

    return wrapper


@contextmanager
def reading() -> Iterator[dict[tuple, Any]]:
    """Cache `@per_request` answers inside this block."""
    cache: dict[tuple, Any] = {}
    token = _cache.set(cache)
    try:
        yield cache
    finally:
        _cache.reset(token)


class RequestCacheMiddleware:
    """Open the cache for GET and HEAD requests."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        with reading():
            return self.get_response(request)
