"""Helpers for the sign-in tests: walk the two steps with a test client."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from agreements.demo import demo_code, demo_password


@pytest.fixture
def password_step(demo):
    """password_step(client, "sro") -> the response to the first step (password)."""

    def go(client: Client, username: str, password: str | None = None, **extra):
        data = {"username": username, "password": demo_password() if password is None else password}
        return client.post(reverse("accounts:signin"), data, **extra)

    return go


@pytest.fixture
def sign_in(password_step):
    """sign_in(client, "sro", code=None) -> the response to the second step (TOTP code)."""

    def go(client: Client, username: str, code: str | None = None, **extra):
        password_step(client, username)
        return client.post(reverse("accounts:verify"), {"code": code or demo_code()}, **extra)

    return go
