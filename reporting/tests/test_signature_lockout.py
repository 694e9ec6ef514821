"""A wrong signature counts towards lockout like a failed sign-in (S.2, VII.7)."""

from __future__ import annotations

import pytest

from accounts.models import SignInAttempt, User
from audit.log import Actor
from reporting.forms import SignatureForm


@pytest.mark.req("S.2")
@pytest.mark.req("VII.7")
def test_five_wrong_signatures_lock_the_account(member):
    user = member("sro").user
    actor = Actor(user=user, source="127.0.0.1", label=user.username)
    for _ in range(5):
        form = SignatureForm(user, {"signature": "not-my-password"}, actor=actor)
        assert not form.is_valid()
    user.refresh_from_db()
    assert user.is_locked()
    assert SignInAttempt.objects.filter(user=user, outcome=SignInAttempt.Outcome.BAD_PASSWORD).count() == 5
    form = SignatureForm(user, {"signature": "westport-demo-2023"}, actor=actor)
    assert not form.is_valid()
    assert "locked" in str(form.errors["signature"])


@pytest.mark.req("VII.7")
def test_the_right_password_signs_without_counting_a_failure(member):
    user: User = member("sro").user
    form = SignatureForm(user, {"signature": "westport-demo-2023"})
    assert form.is_valid(), form.errors
    assert form.method == "password"
    assert not SignInAttempt.objects.filter(user=user).exists()
