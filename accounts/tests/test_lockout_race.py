"""The lockout cannot be raced: the check and the count are serialised per account (S.2).

Many guesses sent at once must not all be checked: no more than LOCKOUT_FAILURES passwords
(or codes) are ever tried before the account locks. These need real concurrent connections,
so they run on PostgreSQL only (CI runs the suite there too).
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.models import SignInAttempt, User
from accounts.tests.helpers import wrong_code
from agreements.demo import demo_password

pytestmark = [
    pytest.mark.req("S.2"),
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent requests need PostgreSQL"),
]


def at_once(jobs) -> list:
    """Run each job in its own thread and connection, released together; return their results."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)
    errors: list = []

    def run(i, job):
        try:
            barrier.wait()
            results[i] = job()
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    return results


def password_try(password: str):
    def go():
        return Client().post(reverse("accounts:signin"), {"username": "sro", "password": password})

    return go


def checked(outcomes) -> int:
    return SignInAttempt.objects.filter(user__username="sro", outcome__in=outcomes).count()


def test_thirty_wrong_passwords_at_once_check_at_most_five(settings):
    from agreements.demo import load

    load()
    at_once([password_try("wrong-password-123") for _ in range(30)])
    assert checked([SignInAttempt.Outcome.BAD_PASSWORD]) <= settings.LOCKOUT_FAILURES
    assert checked([SignInAttempt.Outcome.LOCKED]) >= 30 - settings.LOCKOUT_FAILURES
    assert User.objects.get(username="sro").is_locked()


def test_a_right_password_among_twenty_wrong_ones_is_checked_only_within_the_limit(settings):
    from agreements.demo import load

    load()
    jobs = [password_try("wrong-password-123") for _ in range(20)]
    jobs.insert(10, password_try(demo_password()))
    responses = at_once(jobs)
    right = responses[10]
    bad = checked([SignInAttempt.Outcome.BAD_PASSWORD])
    # Never more than LOCKOUT_FAILURES wrong passwords are checked, whatever the order.
    assert bad <= settings.LOCKOUT_FAILURES
    got_through = right.status_code == 302 and right["Location"].startswith(reverse("accounts:verify"))
    if not got_through:
        # The right password is refused only because the limit was already reached when it
        # asked for its try: every one of those tries was a wrong password, checked and counted.
        assert bad == settings.LOCKOUT_FAILURES
    # A right password frees the try it reserved (a person who knows their password is not
    # charged a failure for it), so a wrong one may take that try afterwards: a right password
    # that got through is not one of the counted failures, and the count stays at the limit.
    assert checked([SignInAttempt.Outcome.PENDING]) == 0
    assert User.objects.get(username="sro").is_locked()


def test_wrong_codes_at_once_check_at_most_five(settings):
    from agreements.demo import load

    load()
    clients = []
    for _ in range(12):
        client = Client()
        client.post(reverse("accounts:signin"), {"username": "sro", "password": demo_password()})
        clients.append(client)
    code = wrong_code()
    at_once([lambda c=c: c.post(reverse("accounts:verify"), {"code": code}) for c in clients])
    assert checked([SignInAttempt.Outcome.BAD_CODE]) <= settings.LOCKOUT_FAILURES
    assert User.objects.get(username="sro").is_locked()
