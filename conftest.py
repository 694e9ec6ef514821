"""Shared test fixtures: the demo's named personas, one for each role, and a signed-in client."""

from __future__ import annotations

import os

import pytest
from django.test import Client

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PERSONAS = ["sro", "sro2", "chief", "ssu", "superintendent", "principal", "steward", "admin", "othersro", "otherchief"]


@pytest.fixture
def demo(db):
    """The demo: Westport (with its people) and Harbor Falls, the outsider town."""
    from agreements.demo import load

    return load()


@pytest.fixture
def member(demo):
    """member("sro") -> that persona's Membership."""
    from accounts.models import Membership

    def get(username: str) -> Membership:
        return Membership.objects.select_related("user", "agreement").get(user__username=username)

    return get


@pytest.fixture
def client_for(demo):
    """client_for("chief") -> a test client signed in as that persona (MFA done)."""
    from accounts.models import User

    def make(username: str | None) -> Client:
        client = Client()
        if username:
            client.force_login(User.objects.get(username=username))
        return client

    return make
