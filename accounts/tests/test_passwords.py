"""Passwords are stored as Argon2 hashes (S.2)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher, identify_hasher

from accounts.hashers import FastArgon2PasswordHasher
from accounts.models import User
from agreements.demo import demo_password

pytestmark = pytest.mark.req("S.2")


def test_new_passwords_are_hashed_with_argon2(demo):
    user = User.objects.get(username="sro")
    assert user.password.startswith("argon2$argon2id$")
    assert isinstance(identify_hasher(user.password), Argon2PasswordHasher)
    assert demo_password() not in user.password
    assert user.check_password(demo_password())


def test_outside_the_tests_the_preferred_hasher_is_argon2_at_full_cost():
    production = [h for h in settings.PASSWORD_HASHERS if h != "accounts.hashers.FastArgon2PasswordHasher"]
    assert production[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert Argon2PasswordHasher.time_cost >= 2
    # The test suite's cheaper hasher is still Argon2, under the same algorithm name.
    assert issubclass(FastArgon2PasswordHasher, Argon2PasswordHasher)
    assert FastArgon2PasswordHasher.algorithm == "argon2"


def test_a_weaker_stored_hash_is_upgraded_to_argon2_at_the_next_sign_in(demo):
    from django.contrib.auth.hashers import make_password

    user = User.objects.get(username="sro")
    user.password = make_password(demo_password(), hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])
    assert user.check_password(demo_password())
    user.refresh_from_db()
    assert user.password.startswith("argon2$")
