"""Read settings from the environment through small typed helpers that fail loudly.

A value that is set but cannot be what the setting needs stops the start-up with
ImproperlyConfigured naming the variable, rather than quietly falling back to a default.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}

_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
}


def envstr(name: str, default: str | None = None) -> str | None:
    """Return NAME, or the contents of the file named by NAME_FILE, or default."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text().strip()
        except OSError as e:
            raise ImproperlyConfigured(f"{name}_FILE={file_name!r} cannot be read: {e}") from e
    return os.environ.get(name, default)


def parse_bool(name: str, value: str) -> bool:
    if value.strip().lower() in _TRUE:
        return True
    if value.strip().lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use 1/0, true/false, yes/no, on/off)")


def envbool(name: str, default: bool = False) -> bool:
    """NAME as a boolean; unset means DEFAULT, and empty means false."""
    value = os.environ.get(name)
    return default if value is None else parse_bool(name, value)


def envint(name: str, default: int, *, minimum: int | None = None, maximum: int | None = None) -> int:
    """NAME as a whole number within [MINIMUM, MAXIMUM]; unset or empty means DEFAULT."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={number} is below the minimum of {minimum}")
    if maximum is not None and number > maximum:
        raise ImproperlyConfigured(f"{name}={number} is above the maximum of {maximum}")
    return number


def envlist(name: str, default: list[str]) -> list[str]:
    """NAME as a comma-separated list; unset means DEFAULT, empty means an empty list."""
    value = os.environ.get(name)
    if value is None:
        return list(default)
    items = [item.strip() for item in value.split(",")]
    for item in items:
        if any(c.isspace() for c in item):
            # "a.example b.example" is almost always a missing comma, not one value.
            raise ImproperlyConfigured(f"{name}={value!r}: separate the values with commas, not spaces")
    return [item for item in items if item]


def mailer(url: str) -> dict[str, object]:
    """Turn EMAIL_URL into a MAILERS entry.

    smtp://user:pass@host:587?tls=1 (STARTTLS), smtps://user:pass@host:465 (TLS from the start),
    console:, locmem:, dummy:. Optional query: timeout=SECONDS. User and password are %-encoded.
    """
    parts = urlparse(url)
    if parts.scheme not in _BACKENDS:
        raise ImproperlyConfigured(f"EMAIL_URL scheme {parts.scheme!r} is not one of {', '.join(sorted(_BACKENDS))}")
    config: dict[str, object] = {"BACKEND": _BACKENDS[parts.scheme]}
    if not parts.scheme.startswith("smtp"):
        return config

    query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
    unknown = set(query) - {"tls", "timeout"}
    if unknown:
        raise ImproperlyConfigured(f"EMAIL_URL has unknown options: {', '.join(sorted(unknown))} (use tls, timeout)")
    if not parts.hostname:
        raise ImproperlyConfigured("EMAIL_URL has no host (smtp://user:password@host:port)")
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured("EMAIL_URL has a port that is not a number from 1 to 65535") from None
    use_ssl = parts.scheme == "smtps"
    use_tls = parse_bool("EMAIL_URL tls", query.get("tls", "0"))
    if use_ssl and use_tls:
        raise ImproperlyConfigured("EMAIL_URL: smtps:// already encrypts; drop ?tls=1 or use smtp://...?tls=1")
    options: dict[str, object] = {
        "host": parts.hostname,
        "port": port or (465 if use_ssl else 25),
        "username": unquote(parts.username or ""),
        "password": unquote(parts.password or ""),
        "use_ssl": use_ssl,
        "use_tls": use_tls,
    }
    if "timeout" in query:
        try:
            options["timeout"] = int(query["timeout"])
        except ValueError:
            raise ImproperlyConfigured(f"EMAIL_URL timeout={query['timeout']!r} is not a whole number") from None
    config["OPTIONS"] = options
    return config
