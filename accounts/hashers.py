from django.contrib.auth.hashers import Argon2PasswordHasher as DjangoArgon2PasswordHasher


class Argon2PasswordHasher(DjangoArgon2PasswordHasher):
    """Argon2id at OWASP's recommended cost: 19 MiB of memory, 2 passes, 1 lane.

    Django's default (100 MiB, 2 passes, 8 lanes) takes about 120 ms of both cores here for each
    check, and an SRO signs each Form A and a Chief each receipt with their password: at 50
    people at once those checks queued every other request behind them. This costs about 17 ms
    on one core. Sign-in also needs the authenticator code (S.2), and too many wrong passwords
    lock the account, so the password is never the only thing between a guesser and a report.
    A hash stored at another cost still verifies (the cost is read from the hash) and is
    rewritten at this one at the person's next successful check.
    """

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1


class FastArgon2PasswordHasher(DjangoArgon2PasswordHasher):
    """Argon2 with minimal cost, for the test suite only (settings.TESTING)."""

    time_cost = 1
    memory_cost = 8
    parallelism = 1
