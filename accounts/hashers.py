from django.contrib.auth.hashers import Argon2PasswordHasher


class FastArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2 with minimal cost, for the test suite only (settings.TESTING)."""

    time_cost = 1
    memory_cost = 8
    parallelism = 1
