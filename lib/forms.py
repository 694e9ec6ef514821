"""Helpers for Django forms shared by every part of the agreement."""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError


def show_errors(form: forms.Form, e: ValidationError, field_for: Mapping[str, str] | None = None) -> None:
    """Put an action's refusal on the form: each message under its field (by the action's field
    name, or FIELD_FOR's name for it on the form), the rest at the top."""
    for field, errors in (e.message_dict if hasattr(e, "error_dict") else {None: e.messages}).items():
        target = (field_for or {}).get(field or "", field)
        form.add_error(target if target in form.fields else None, errors)
