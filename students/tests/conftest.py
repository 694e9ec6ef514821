import pytest


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The lookup rate limit lives in the cache; each test starts with none spent."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
