"""The notices page: each person sees their own notices and marks them read."""

from __future__ import annotations

from notices.actions import notify
from notices.models import Notice


def give(member, username, key):
    m = member(username)
    context = {"compilation": f"Compilation {key}", "count": 1}
    return notify([m.user], agreement=m.agreement, kind="compilation_prepared", key=key, context=context)[0]


def test_the_list_shows_only_my_notices_and_the_nav_counts_them(member, client_for):
    give(member, "chief", "mine")
    give(member, "superintendent", "theirs")
    response = client_for("chief").get("/westport/notices/")
    assert response.status_code == 200
    assert b"Compilation mine is ready" in response.content
    assert b"Compilation theirs" not in response.content
    assert b"1 unread" in response.content


def test_marking_one_read_changes_only_that_one(member, client_for):
    one = give(member, "chief", "one")
    two = give(member, "chief", "two")
    response = client_for("chief").post(f"/westport/notices/{one.id}/read")
    assert response.status_code == 302
    assert Notice.objects.get(id=one.id).read_at is not None
    assert Notice.objects.get(id=two.id).read_at is None


def test_nobody_can_mark_someone_elses_notice(member, client_for):
    theirs = give(member, "superintendent", "theirs")
    assert client_for("chief").post(f"/westport/notices/{theirs.id}/read").status_code == 404
    assert Notice.objects.get(id=theirs.id).read_at is None


def test_mark_all_read(member, client_for):
    give(member, "chief", "one")
    give(member, "chief", "two")
    client_for("chief").post("/westport/notices/read-all")
    assert not Notice.objects.filter(read_at__isnull=True, recipient__username="chief").exists()
    assert b"unread" not in client_for("chief").get("/westport/notices/").content.split(b"<main")[0]


def test_reading_the_list_needs_get(client_for):
    assert client_for("chief").post("/westport/notices/").status_code == 405
    assert client_for("chief").get("/westport/notices/read-all").status_code == 405
