"""The no-names guard on every path that stores text: autosave, "Save draft", and the Chief's
return reason; and its rate limit, so the guard cannot be used to list the roster (VII.4)."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.log import Actor
from audit.models import AuditEntry
from lib import ratelimit
from reporting import actions
from reporting.forms import NAMES_CONFIRMATION
from reporting.models import FormA
from reporting.tests.filing import actor, draft, post_data, submitted
from students import actions as student_actions
from students.guard import LIMIT_MESSAGE
from students.tests.bundles import bundle, person


@pytest.fixture
def westport(demo):
    student_actions.do_import_roster(
        Actor.system("test"),
        demo,
        bundle([person("s1", "Hope", "Bell", org="wps-shs"), person("s2", "Jean", "St. Pierre", org="wps-bms")]),
    )
    return demo


def url(report: FormA, name: str = "reporting:edit") -> str:
    return reverse(name, kwargs={"slug": "westport", "pk": report.pk})


@pytest.mark.req("VII.4")
def test_autosave_refuses_a_blocked_text_shows_why_under_the_field_and_saves_the_rest(westport, client_for, member):
    report = draft(member("sro"))
    stored = report.reason_and_nature
    data = post_data(report, location="Library", reason_and_nature="Jean St. Pierre’s bag was searched.")
    response = client_for("sro").post(url(report, "reporting:save"), data)
    body = response.content.decode()
    report.refresh_from_db()
    assert response.status_code == 200
    assert report.reason_and_nature == stored  # never stored, not even for a moment
    assert report.location == "Library"  # the rest of the draft is saved
    assert 'id="guard-reason_and_nature" class="guard-note" aria-live="polite" hx-swap-oob="true"' in body
    assert "Remove these words: Form A may not identify a student. “Jean St. Pierre’s”" in body
    assert "This text was not saved." in body
    # Once the name is removed, the next autosave saves the text and clears the message.
    data = post_data(report, reason_and_nature="Student A’s bag was searched.")
    body = client_for("sro").post(url(report, "reporting:save"), data).content.decode()
    report.refresh_from_db()
    assert report.reason_and_nature == "Student A’s bag was searched."
    assert "Remove these words" not in body


@pytest.mark.req("VII.4")
def test_autosave_saves_a_single_name_and_asks_about_it_under_the_field(westport, client_for, member):
    report = draft(member("sro"))
    data = post_data(report, location="Gym, near St. Pierre")
    body = client_for("sro").post(url(report, "reporting:save"), data).content.decode()
    report.refresh_from_db()
    assert report.location == "Gym, near St. Pierre"
    assert "These words may be a student&#x27;s name: “St. Pierre” (a student&#x27;s family name)" in body


@pytest.mark.req("VII.4")
def test_save_draft_without_javascript_refuses_the_blocked_text_on_the_page_itself(westport, client_for, member):
    report = draft(member("sro"))
    stored = report.reason_and_nature
    data = post_data(report, location="Hallway C", reason_and_nature="Hope Bell ran.", save="1")
    response = client_for("sro").post(url(report), data)
    page = response.content.decode()
    report.refresh_from_db()
    assert response.status_code == 200
    assert "Draft saved, except: The reason for and nature" in page
    assert "Remove these words: Form A may not identify a student. “Hope Bell”" in page
    assert "Hope Bell ran.</textarea>" in page  # kept in the field, to correct
    assert (report.reason_and_nature, report.location) == (stored, "Hallway C")


@pytest.mark.req("VII.4")
def test_the_save_action_itself_never_stores_a_blocked_text(westport, member):
    sro = member("sro")
    report = draft(sro)
    with pytest.raises(ValidationError, match="HOPE BELL"):
        actions.do_save_draft(
            actor(sro), report, sro, fields={"location": "Gym", "disposition_other_text": "Spoke to HOPE BELL"}
        )
    report.refresh_from_db()
    assert report.location != "Gym" and report.disposition_other_text == ""


@pytest.mark.req("VII.4")
def test_new_text_is_checked_at_most_so_many_times_a_minute(westport, client_for, member, settings):
    settings.GUARD_CHECKS_PER_MINUTE = 2
    report = draft(member("sro"))
    client = client_for("sro")
    for place in ("Gym", "Library"):
        client.post(url(report, "reporting:save"), post_data(report, location=place))
    body = client.post(url(report, "reporting:save"), post_data(report, location="Hope Bell")).content.decode()
    report.refresh_from_db()
    assert report.location == "Library"
    assert LIMIT_MESSAGE.replace("'", "&#x27;") in body
    assert "Hope Bell" not in body  # over the limit, the guard says nothing about the words
    limited = AuditEntry.objects.get(action="form_a.names_check_limited")
    assert limited.outcome == AuditEntry.Outcome.REFUSED and "Hope" not in str(limited.changes)
    # Saving unchanged text, or other fields, does not count and is not refused.
    assert "Library" in client.get(url(report)).content.decode()
    body = client.post(url(report, "reporting:save"), post_data(report, incident_time="09:15")).content.decode()
    assert "Draft saved at" in body


@pytest.mark.req("VII.4")
def test_the_rate_limit_holds_when_the_caches_counter_loses_updates(monkeypatch):
    """Parallel requests on the database cache can all read the same count: the slots still hold."""
    from django.core.cache.backends.locmem import LocMemCache

    class LossyCounter(LocMemCache):
        def incr(self, key, delta=1, version=None):
            return 1  # every request read the count before any other wrote it

    monkeypatch.setattr(ratelimit, "cache", LossyCounter("race", {}))
    allowed = []

    def use():
        allowed.append(ratelimit.allow("test:race", 5))

    threads = [threading.Thread(target=use) for _ in range(30)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert allowed.count(True) == 5


# -- The Chief's return reason --------------------------------------------------------------------


def _return(client, report, **data):
    return client.post(url(report, "reporting:return"), data)


@pytest.mark.req("VII.4")
def test_a_single_name_in_the_return_reason_asks_before_sending(westport, client_for, member):
    report = submitted(member("sro"))
    chief = client_for("chief")
    response = _return(chief, report, reason="Ask St. Pierre's teacher about the time.")
    page = response.content.decode()
    report.refresh_from_db()
    assert response.status_code == 200 and report.status == FormA.Status.SUBMITTED
    assert "These words may be a student&#x27;s name: “St. Pierre&#x27;s”" in page
    assert NAMES_CONFIRMATION in page
    response = _return(chief, report, reason="Ask St. Pierre's teacher about the time.", names_confirmed="on")
    report.refresh_from_db()
    assert response.status_code == 302 and report.status == FormA.Status.RETURNED


@pytest.mark.req("VII.4")
def test_a_full_name_in_the_return_reason_is_refused_even_when_confirmed(westport, client_for, member):
    report = submitted(member("sro"))
    response = _return(client_for("chief"), report, reason="Jean St. Pierre is not Student A.", names_confirmed="on")
    report.refresh_from_db()
    assert "Remove these words: the reason may not identify a student." in response.content.decode()
    assert report.status == FormA.Status.SUBMITTED
    with pytest.raises(ValidationError):
        actions.do_return(
            actor(member("chief")), report, member("chief"), reason="Jean St. Pierre", names_confirmed=True
        )


@pytest.mark.req("VII.4")
def test_the_return_reason_is_kept_in_the_version_history_never_in_the_audit_log(westport, client_for, member):
    report = submitted(member("sro"))
    reason = "The time is missing; ask Bell about it."
    _return(client_for("chief"), report, reason=reason, names_confirmed="on")
    version = report.versions.get(event="returned")
    assert version.snapshot["returned_reason"] == reason
    entries = AuditEntry.objects.filter(action="form_a.returned")
    assert entries.count() == 1
    assert "time is missing" not in str(entries.get().changes)
    assert entries.get().changes["confirmed_not_student_names"] == {"reason": [[25, 29]]}
    assert not any("time is missing" in str(e.changes) for e in AuditEntry.objects.all())
    # The receiver still sees it, with the version it returned.
    report.refresh_from_db()
    actions.do_submit(actor(member("sro")), report, member("sro"), signature="password")
    page = client_for("chief").get(url(report, "reporting:review")).content.decode()
    assert f"Reason: {reason}" in page


@pytest.mark.req("VII.4")
def test_the_return_reason_counts_towards_the_same_limit(westport, client_for, member, settings):
    settings.GUARD_CHECKS_PER_MINUTE = 1
    report = submitted(member("sro"))
    chief = client_for("chief")
    _return(chief, report, reason="Ask Bell about the time.")  # asks: one check spent
    response = _return(chief, report, reason="Ask about the time.")
    report.refresh_from_db()
    assert report.status == FormA.Status.SUBMITTED
    assert LIMIT_MESSAGE.replace("'", "&#x27;") in response.content.decode()
    assert AuditEntry.objects.filter(action="form_a.names_check_limited").count() == 1


@pytest.mark.req("VII.4")
def test_free_text_is_stored_normalised_without_invisible_characters(westport, client_for, member):
    report = draft(member("sro"))
    data = post_data(report, location="Ｇｙｍ,\u200b east\u00ad side", reason_and_nature="Student A\u2060 left.")
    client_for("sro").post(url(report, "reporting:save"), data)
    report.refresh_from_db()
    assert (report.location, report.reason_and_nature) == ("Gym, east side", "Student A left.")


@pytest.mark.req("VII.4")
def test_the_rate_limit_holds_on_the_database_cache_under_parallel_requests(transactional_db, monkeypatch):
    """Thirty requests at once on the production cache backend: exactly the limit gets through."""
    from django.core.cache.backends.db import DatabaseCache
    from django.core.management import call_command
    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("parallel writers need PostgreSQL (the test SQLite database is in memory)")
    call_command("createcachetable", "guard_test_cache")
    monkeypatch.setattr(ratelimit, "cache", DatabaseCache("guard_test_cache", {}))
    allowed = []
    barrier = threading.Barrier(30)

    def use():
        barrier.wait()
        try:
            allowed.append(ratelimit.allow("test:parallel", 5))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=use) for _ in range(30)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert allowed.count(True) == 5


@pytest.mark.req("VII.4")
def test_reopening_a_draft_shows_the_words_it_will_ask_about_under_their_fields(westport, client_for, member):
    report = draft(member("sro"), location="Gym, near St. Pierre")
    page = client_for("sro").get(url(report)).content.decode()
    assert 'id="guard-location"' in page
    assert "These words may be a student&#x27;s name: “St. Pierre” (a student&#x27;s family name)" in page


@pytest.mark.req("VII.4")
def test_adding_a_student_while_a_name_stands_in_the_narrative_adds_it_and_stores_no_name(westport, client_for, member):
    report = draft(member("sro"))
    stored = report.reason_and_nature
    data = post_data(report, reason_and_nature="Hope Bell ran.", add_student="1")
    response = client_for("sro").post(url(report), data, headers={"HX-Request": "true"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.students.count() == 2  # the block is added, as the SRO asked
    assert report.reason_and_nature == stored  # the name is not
    # Without JavaScript the page itself says what was not saved, and adds nothing yet.
    data = post_data(report, reason_and_nature="Hope Bell ran.", add_student="1")
    page = client_for("sro").post(url(report), data).content.decode()
    assert "Draft saved, except: The reason for and nature" in page
    report.refresh_from_db()
    assert report.students.count() == 2 and report.reason_and_nature == stored
