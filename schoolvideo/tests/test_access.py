"""VIII.2: each access is logged (who, which school, when, live or recorded, why); an attempt
outside the window is refused and logged. Asked from the app, the command line, and a district
video management system holding a per-agreement token."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.models import AuditEntry
from schoolvideo import actions, api
from schoolvideo.models import ApiToken, VideoAccess
from schoolvideo.tests.conftest import at

pytestmark = pytest.mark.req("VIII.2")

TUESDAY = date(2026, 11, 24)
API = reverse("schoolvideo:api_access", kwargs={"slug": "westport"})


def test_the_sro_records_viewing_video_and_an_attempt_outside_the_window_is_refused_and_logged(windows, client_for):
    client = client_for("sro")
    url = reverse("schoolvideo:record_access", kwargs={"slug": "westport"})
    staples = windows.schools.get(name="Staples High School")
    with time_machine.travel(at(TUESDAY, 10), tick=False):
        ok = client.post(url, {"school": staples.pk, "kind": "live", "reason": "Lunch\u00a0disturbance "}, follow=True)
        assert "Access logged." in ok.content.decode()
    with time_machine.travel(at(TUESDAY, 16), tick=False):
        client = client_for("sro")  # a new sign-in: the morning's session has timed out
        late = client.post(url, {"school": staples.pk, "kind": "recorded", "reason": "Bus loop"}, follow=True)
        assert "Refused, and the attempt is logged" in late.content.decode()
    allowed, refused = VideoAccess.objects.order_by("at")
    assert (allowed.username, allowed.school, allowed.kind, allowed.reason, allowed.allowed) == (
        "sro",
        staples,
        "live",
        "Lunch disturbance",
        True,
    )
    assert allowed.at == at(TUESDAY, 10) and allowed.channel == "app"
    assert not refused.allowed and "outside" in refused.explanation
    assert AuditEntry.objects.filter(action="video.access_refused", outcome="refused").count() == 1
    with time_machine.travel(at(TUESDAY, 16, 5), tick=False):
        log = client.get(reverse("schoolvideo:access", kwargs={"slug": "westport"})).content.decode()
    assert "Lunch disturbance" in log and "Refused" in log


@pytest.mark.req("S.4")
def test_a_bad_access_record_is_explained_and_nothing_is_logged(windows, client_for):
    url = reverse("schoolvideo:record_access", kwargs={"slug": "westport"})
    client = client_for("ssu")
    for data in ({}, {"school": "99999999999999999999", "kind": "live", "reason": "x"}, {"school": "1", "kind": "tv"}):
        response = client.post(url, data, follow=True)
        assert response.status_code == 200
        assert response.context["messages"]
    assert not VideoAccess.objects.exists()


def test_the_command_says_allowed_or_refused_and_why_with_a_meaningful_exit_status(windows):
    out = io.StringIO()
    call_command(
        "video_access_allowed", "sro", "Staples High School", "2026-11-24T07:00-05:00", agreement="westport", stdout=out
    )
    assert out.getvalue().startswith("allowed: Officer Dana Whitcomb (SRO) is scheduled at Staples High School")
    out = io.StringIO()
    with pytest.raises(SystemExit) as refused:
        call_command(
            "video_access_allowed", "sro", "Staples High School", "2026-11-24T15:30", agreement="westport", stdout=out
        )
    assert refused.value.code == 1
    assert out.getvalue().startswith("refused: Tuesday 2026-11-24 15:30 (EST) is outside")
    for bad in ("2026-11-24", "24/11/2026 10:00", "2027-03-14T02:30"):
        with pytest.raises(CommandError) as caught:
            call_command("video_access_allowed", "sro", "Staples High School", bad, agreement="westport")
        assert caught.value.returncode == 2
    with pytest.raises(CommandError, match="No agreement") as caught:
        call_command("video_access_allowed", "sro", "Staples High School", "2026-11-24T10:00", agreement="nowhere")
    assert caught.value.returncode == 2
    with pytest.raises(SystemExit):
        call_command("video_access_allowed", "ghost", "Staples High School", "2026-11-24T10:00", agreement="westport")
    assert not VideoAccess.objects.exists()  # a check of a moment is not an access


@pytest.fixture
def token(member, windows):
    _, secret = actions.do_create_token(actions.Actor.system("test"), member("admin"), label="District VMS")
    return secret


def ask(client, secret: str | None, body, **headers):
    if secret is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post(API, data, content_type="application/json", **headers)


GOOD = {"username": "ssu", "school": "Bedford Middle School", "kind": "live", "reason": "Alarm at the gym door"}


def test_the_video_management_system_asks_with_its_token_and_each_answer_is_logged(client, token):
    with time_machine.travel(at(TUESDAY, 21, 30), tick=False):
        yes = ask(client, token, GOOD)
    with time_machine.travel(at(TUESDAY, 23, 0), tick=False):
        no = ask(client, token, GOOD | {"kind": "recorded"})
    assert yes.status_code == 200 and yes.json()["allowed"] is True
    assert no.status_code == 200 and no.json()["allowed"] is False
    assert "outside" in no.json()["reason"]
    assert yes["Cache-Control"].startswith("max-age=0")
    logged = VideoAccess.objects.order_by("at")
    assert [(a.allowed, a.channel, a.kind) for a in logged] == [(True, "api", "live"), (False, "api", "recorded")]
    assert logged[0].token.label == "District VMS"
    # Unknown people and schools are answered (refused) and logged too: they are attempts.
    with time_machine.travel(at(TUESDAY, 21, 30), tick=False):
        ghost = ask(client, token, GOOD | {"username": "ghost"})
    assert ghost.json()["allowed"] is False and VideoAccess.objects.filter(username="ghost", person=None).exists()


def test_only_the_tokens_hash_is_kept_and_a_bad_or_revoked_token_gets_401(client, token, member, client_for):
    stored = ApiToken.objects.get()
    assert token.startswith("svt_") and len(token) > 40
    assert token not in (stored.digest, stored.prefix) and stored.digest == actions._digest(token)
    with time_machine.travel(at(TUESDAY, 21, 30), tick=False):
        assert ask(client, None, GOOD).status_code == 401
        assert ask(client, token[:-1] + ("A" if token[-1] != "A" else "B"), GOOD).status_code == 401
        assert ask(client, None, GOOD, HTTP_AUTHORIZATION=f"Basic {token}").status_code == 401
        assert ask(client, "é" * 30, GOOD).status_code == 401
        # A session is neither needed nor enough.
        assert ask(client_for("superintendent"), None, GOOD).status_code == 401
        # Another agreement's URL does not take this agreement's token.
        other = client.post(
            reverse("schoolvideo:api_access", kwargs={"slug": "harborfalls"}),
            json.dumps(GOOD),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
        assert other.status_code == 401
        assert client.get(API, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 405
        client_for("superintendent").post(
            reverse("schoolvideo:revoke_token", kwargs={"slug": "westport", "pk": stored.pk})
        )
        assert ask(client, token, GOOD).status_code == 401
    assert not VideoAccess.objects.exists()


@pytest.mark.req("S.4")
@pytest.mark.parametrize(
    "body",
    [
        "not json",
        b"\xff\xfe",
        "[1, 2]",
        "null",
        {},
        GOOD | {"kind": "tv"},
        GOOD | {"reason": "   "},
        GOOD | {"reason": "x" * 501},
        GOOD | {"username": 12},
        GOOD | {"school": ["Staples"]},
        GOOD | {"username": "u" * 151},
        "x" * 9000,
    ],
)
def test_bad_input_to_the_endpoint_gets_a_clear_400_and_nothing_is_logged(client, token, body):
    response = ask(client, token, body)
    assert response.status_code == 400
    assert response.json()["error"]
    assert not VideoAccess.objects.exists()


def test_the_endpoint_is_rate_limited(client, token, monkeypatch):
    monkeypatch.setattr(api, "PER_ADDRESS_PER_MINUTE", 3)
    codes = [ask(client, "svt_wrong", GOOD).status_code for _ in range(4)]
    assert codes == [401, 401, 401, 429]
    assert ask(client, token, GOOD).status_code == 429  # even with the right token, until the minute passes


def test_the_sysadmin_creates_a_token_shown_once(client_for, windows):
    client = client_for("admin")
    url = reverse("schoolvideo:tokens", kwargs={"slug": "westport"})
    page = client.post(url, {"label": "  Central  office VMS "}).content.decode()
    stored = ApiToken.objects.get()
    assert stored.label == "Central office VMS"
    assert "shown this once" in page and stored.prefix in page
    again = client.get(url).content.decode()
    assert "shown this once" not in again
    empty = client.post(url, {"label": "  "}).content.decode()
    assert "This is needed." in empty and ApiToken.objects.count() == 1


@pytest.mark.req("S.4")
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=st.dictionaries(
        st.sampled_from(["username", "school", "kind", "reason", "at", "extra"]),
        st.one_of(st.text(max_size=30), st.integers(), st.none(), st.lists(st.integers(), max_size=2)),
    )
)
def test_any_json_to_the_endpoint_is_answered_or_refused_never_a_5xx(client, token, body):
    from django.core.cache import cache

    cache.clear()  # the property test's many requests are not a flood
    response = ask(client, token, body)
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert isinstance(response.json()["allowed"], bool)


def test_the_access_log_page_reads_in_a_fixed_number_of_queries(windows, client_for, django_assert_max_num_queries):
    for hour in range(8, 20):
        actions.do_log_access(
            actions.Actor.system("test"), windows, username="ssu", school="Staples High School", kind="live",
            reason="Rounds", channel="app", when=at(TUESDAY, hour),
        )  # fmt: skip
    client = client_for("chief")
    with time_machine.travel(at(TUESDAY, 21), tick=False), django_assert_max_num_queries(12):
        page = client.get(reverse("schoolvideo:access", kwargs={"slug": "westport"}))
    assert page.content.decode().count("Rounds") == 12
