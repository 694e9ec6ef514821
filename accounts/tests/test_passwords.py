"""Passwords are stored as Argon2 hashes (S.2)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher, identify_hasher

from accounts.hashers import Argon2PasswordHasher as ProgramArgon2PasswordHasher
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


PRODUCTION = [h for h in settings.PASSWORD_HASHERS if h != "accounts.hashers.FastArgon2PasswordHasher"]


def test_outside_the_tests_the_preferred_hasher_is_argon2id_at_owasps_cost():
    assert PRODUCTION[0] == "accounts.hashers.Argon2PasswordHasher"
    # OWASP's Password Storage Cheat Sheet: Argon2id, at least 19 MiB, 2 passes, 1 lane.
    assert ProgramArgon2PasswordHasher.memory_cost >= 19 * 1024
    assert ProgramArgon2PasswordHasher.time_cost >= 2
    assert ProgramArgon2PasswordHasher.parallelism == 1
    assert ProgramArgon2PasswordHasher.algorithm == "argon2"
    # The test suite's cheaper hasher is still Argon2, under the same algorithm name.
    assert issubclass(FastArgon2PasswordHasher, Argon2PasswordHasher)
    assert FastArgon2PasswordHasher.algorithm == "argon2"


def test_a_hash_at_djangos_default_cost_still_verifies_and_is_rewritten_at_the_programs(demo):
    from django.contrib.auth.hashers import make_password
    from django.test import override_settings

    user = User.objects.get(username="sro")
    with override_settings(PASSWORD_HASHERS=PRODUCTION):
        user.password = make_password(demo_password(), hasher=Argon2PasswordHasher())
        user.save(update_fields=["password"])
        assert "$m=102400,t=2,p=8$" in user.password  # as stored before this cost was chosen
        assert not user.check_password("not the password")
        user.refresh_from_db()
        assert "$m=102400,t=2,p=8$" in user.password  # a wrong password rewrites nothing
        assert user.check_password(demo_password())
        user.refresh_from_db()
        assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
        assert user.check_password(demo_password())


def test_a_weaker_stored_hash_is_upgraded_to_argon2_at_the_next_sign_in(demo):
    from django.contrib.auth.hashers import make_password

    user = User.objects.get(username="sro")
    user.password = make_password(demo_password(), hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])
    assert user.check_password(demo_password())
    user.refresh_from_db()
    assert user.password.startswith("argon2$")
