"""Show an audit entry's old and new values briefly, with the whole record one click away."""

from __future__ import annotations

import json
from typing import Any

from django import template
from django.core.serializers.json import DjangoJSONEncoder

register = template.Library()


@register.filter
def changes_summary(changes: dict[str, Any], limit: int = 4) -> str:
    """'outcome: ok, method: totp' for short values; the field names alone for long ones."""
    parts = []
    for key, value in list(changes.items())[:limit]:
        text = value if isinstance(value, str) else json.dumps(value, cls=DjangoJSONEncoder)
        parts.append(f"{key}: {text}" if len(text) <= 40 else key)
    more = len(changes) - limit
    return ", ".join(parts) + (f" (+{more} more)" if more > 0 else "")


@register.filter
def pretty_json(value: Any) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
