"""notify: one in-app notice and one email per recipient and key, after the commit."""

from __future__ import annotations

import pytest
from django.core import mail

from notices.actions import notify
from notices.models import Notice

CONTEXT = {"compilation": "Compilation October 2026", "count": 3}


def send(member, *usernames, key="k1", url=""):
    people = [member(u).user for u in usernames]
    return notify(
        people, agreement=member("chief").agreement, kind="compilation_prepared", key=key, context=CONTEXT, url=url
    )


@pytest.mark.req("VII.2")
def test_it_creates_a_notice_and_sends_an_email_per_recipient(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        created = send(member, "chief", "superintendent", url="/westport/compilations/")
    assert [n.recipient.username for n in created] == ["chief", "superintendent"]
    assert Notice.objects.count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["chief@westport.example.org", "superintendent@westport.example.org"]
    assert mail.outbox[0].subject == "Compilation October 2026 is ready for your review"
    assert "with 3 Form As" in mail.outbox[0].body


@pytest.mark.req("VII.2")
def test_a_second_call_with_the_same_key_does_nothing(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send(member, "chief")
        again = send(member, "chief", "superintendent")
    assert [n.recipient.username for n in again] == ["superintendent"]
    assert Notice.objects.filter(recipient__username="chief").count() == 1
    assert len(mail.outbox) == 2


def test_the_email_waits_for_the_commit(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send(member, "chief")
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_a_refused_email_leaves_the_in_app_notice(member, django_capture_on_commit_callbacks, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("notices.emails.send_mail", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        [notice] = send(member, "chief")
    notice.refresh_from_db()
    assert notice.emailed_at is None
    assert notice.subject == "Compilation October 2026 is ready for your review"


def test_plain_text_is_not_html_escaped(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            [member("chief").user],
            agreement=member("chief").agreement,
            kind="compilation_prepared",
            key="amp",
            context={"compilation": "Q&A", "count": 0},
        )
    assert mail.outbox[0].subject == "Q&A is ready for your review"
