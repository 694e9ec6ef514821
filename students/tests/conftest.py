import pytest


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Each test starts with an empty cache (the lookup limit itself is a database row)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
