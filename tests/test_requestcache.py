"""A read-only request asks each shared question once (lib.requestcache); writes always read afresh."""

from __future__ import annotations

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from lib.requestcache import RequestCacheMiddleware, per_request, reading

calls: list[tuple] = []


@per_request
def answer(*args, **kwargs) -> set[int]:
    calls.append((args, kwargs))
    return {len(calls)}


@pytest.fixture(autouse=True)
def _no_calls():
    calls.clear()


def test_outside_a_request_every_call_asks_again():
    assert answer(1) == {1}
    assert answer(1) == {2}


def test_inside_a_read_the_same_arguments_ask_once_and_others_ask_again():
    with reading():
        assert answer(1, day="mon") == answer(1, day="mon") == {1}
        assert answer(2, day="mon") == {2}
        assert answer(1, day="tue") == {3}
    assert answer(1, day="mon") == {4}  # the block is over


def test_a_model_instance_is_known_by_its_primary_key_and_an_unsaved_one_by_itself(member):
    from accounts.models import Membership

    sro = member("sro")
    again = Membership.objects.get(pk=sro.pk)
    with reading():
        assert answer(sro) == answer(again) == {1}
        assert answer(Membership()) == {2}
        assert answer(Membership()) == {3}


def test_a_caller_that_changes_its_answer_does_not_change_the_next_callers():
    with reading():
        first = answer(1)
        first.add(99)
        assert answer(1) == {1}


def test_unhashable_arguments_are_simply_not_cached():
    with reading():
        answer({"a": 1})
        answer({"a": 1})
    assert len(calls) == 2


@pytest.mark.parametrize("method", ["get", "head", "post", "put", "delete"])
def test_only_get_and_head_requests_are_cached(method):
    def view(request):
        answer(1)
        answer(1)
        return HttpResponse()

    RequestCacheMiddleware(view)(getattr(RequestFactory(), method)("/"))
    assert len(calls) == (1 if method in ("get", "head") else 2)


@pytest.mark.req("VII.7")
def test_the_sros_dashboard_reads_the_assignment_and_the_school_days_once(client_for, member):
    from assignments.tests.factories import assign

    sro = member("sro")
    assign(sro)
    client = client_for("sro")
    client.get(f"/{sro.agreement.slug}/")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(f"/{sro.agreement.slug}/").status_code == 200
    sql = [q["sql"] for q in ctx.captured_queries]
    assert sum(s.startswith('SELECT "assignments_assignment"."id"') for s in sql) == 1
    assert sum(s.startswith('SELECT "schoolcalendar_calendarday"."date"') for s in sql) <= 1
