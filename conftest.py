"""Shared test fixtures: the demo's named personas, one for each role, and a signed-in client."""

from __future__ import annotations

import os

import pytest
from django.test import Client
from hypothesis import settings as hypothesis_settings

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Property tests judge results, not speed: a busy 2-core CI machine must not fail them on time.
hypothesis_settings.register_profile("default", deadline=None, print_blob=True)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

PERSONAS = [
    "sro",
    "sro2",
    "chief",
    "ssu",
    "superintendent",
    "principal",
    "steward",
    "admin",
    "othersro",
    "otherchief",
    "operator",
]


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path_factory):
    """Stored PDFs and uploads go to a throwaway folder, never the developer's var/media."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _no_rate_limit_spent(monkeypatch):
    """Rate limits live in the cache (roster lookups, the name guard's checks): each test starts with none spent.

    The limits count per fixed minute; a test runs inside one minute of their clock, held still, so
    two requests of one test can never fall either side of a minute boundary and both be allowed.
    """
    import time

    from django.core.cache import cache

    from lib import ratelimit

    held = time.time()
    monkeypatch.setattr(ratelimit, "now", lambda: held)
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo(db):
    """The demo: Westport (with its people), Harbor Falls, the outsider town, and the installation's
    operator (no agreement). Loaded through `setup_agreement`'s code path from demo/*.toml."""
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


# Browser tests: Playwright's sync API driving Debian's Chromium (`make browser` installs it;
# `playwright install` cannot download here). One browser per test session, a fresh context
# (cookies, storage) per test.
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="session")
def browser():
    """Chromium, launched once per session (per xdist worker) and shared by all browser tests."""
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"No Chromium at {CHROMIUM}: run `make browser`, or set CHROMIUM to its path.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def viewport(request) -> str:
    """The page's size, "desktop" unless a test asks otherwise:
    @pytest.mark.parametrize("viewport", ["desktop", "phone"], indirect=True)."""
    return getattr(request, "param", "desktop")


@pytest.fixture
def page(browser, viewport):
    """A new page in a new browser context, at the test's viewport."""
    context = browser.new_context(
        viewport=VIEWPORTS[viewport], is_mobile=viewport == "phone", has_touch=viewport == "phone"
    )
    context.set_default_timeout(10_000)
    in_flight: set = set()
    context.on("request", lambda request: in_flight.add(request))
    context.on("requestfinished", lambda request: in_flight.discard(request))
    context.on("requestfailed", lambda request: in_flight.discard(request))
    page = context.new_page()
    yield page
    # Let requests the page still has in flight (an autosave, a roster search) finish before the
    # test's database is flushed: the live server would otherwise still be writing to it, and
    # SQLite's shared in-memory test database refuses the flush ("database table is locked").
    # ("networkidle" will not do: it resolves at once when it was reached earlier.)
    for _ in range(50):
        if not in_flight or page.is_closed():
            break
        page.wait_for_timeout(100)  # lets Playwright deliver the requests' events
    context.close()


@pytest.fixture
def live_demo(transactional_db, live_server):
    """The live server with the demo loaded. Live-server tests commit for real, so the demo is
    loaded into a transactional database (flushed after the test) rather than through `demo`."""
    from agreements.demo import load

    load()
    return live_server
