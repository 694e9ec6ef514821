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


def _queued_tries():
    from django_tasks_db.models import DBTaskResult

    return list(DBTaskResult.objects.filter(task_path="notices.tasks.send_notice_email").order_by("enqueued_at"))


@pytest.mark.req("VII.2")
def test_a_refused_email_is_tried_again_later_by_the_worker_and_sent_once(
    member, django_capture_on_commit_callbacks, monkeypatch
):
    from datetime import timedelta

    from django.core.mail import send_mail
    from django.utils import timezone

    from notices.tasks import send_notice_email

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr("notices.emails.send_mail", refuse)
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        [notice] = send(member, "chief", url="/westport/compilations/")
    notice.refresh_from_db()
    assert (notice.emailed_at, notice.email_attempts) == (None, 1)
    assert notice.email_error == "ConnectionRefusedError: [Errno 111] Connection refused"
    [queued] = _queued_tries()
    assert queued.args_kwargs == {"args": [notice.id], "kwargs": {}}
    assert before + timedelta(minutes=1) <= queued.run_after <= timezone.now() + timedelta(minutes=1)

    # The mail server is back when the worker tries again: one email, and nothing more to try.
    monkeypatch.setattr("notices.emails.send_mail", send_mail)
    send_notice_email.call(notice.id)
    notice.refresh_from_db()
    assert notice.emailed_at is not None and notice.email_attempts == 1
    assert [m.to for m in mail.outbox] == [["chief@westport.example.org"]]
    assert "Open it in the SRO Program: " in mail.outbox[0].body
    send_notice_email.call(notice.id)  # a stray second try sends nothing
    assert len(mail.outbox) == 1
    assert len(_queued_tries()) == 1


@pytest.mark.req("VII.2")
def test_after_five_refusals_the_notice_stays_in_the_app_and_the_tries_stop(
    member, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    from notices.emails import RETRY_AFTER
    from notices.tasks import send_notice_email

    def refuse(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("notices.emails.send_mail", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        [notice] = send(member, "chief")
    waits = []
    for _ in RETRY_AFTER:
        waits.append(_queued_tries()[-1].run_after - _queued_tries()[-1].enqueued_at)
        send_notice_email.call(notice.id)
    notice.refresh_from_db()
    assert notice.email_attempts == len(RETRY_AFTER) + 1 == 5
    assert notice.emailed_at is None and notice.read_at is None
    assert len(_queued_tries()) == len(RETRY_AFTER)  # none after the last
    assert [round(w.total_seconds() / 60) for w in waits] == [1, 5, 30, 120]
    assert "Gave up emailing notice" in caplog.text
    assert mail.outbox == []


@pytest.mark.req("VII.2")
def test_the_system_administrator_sees_emails_not_delivered(
    member, client_for, django_capture_on_commit_callbacks, monkeypatch
):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError(111, "Connection refused")

    admin = member("admin")
    client = client_for("admin")
    dashboard = f"/{admin.agreement.slug}/"
    assert "Notice emails not delivered" not in client.get(dashboard).text
    monkeypatch.setattr("notices.emails.send_mail", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        send(member, "chief", "superintendent")
    page = client.get(dashboard).text
    assert "2 notice emails refused by the mail server, to be tried again" in page
    assert "ConnectionRefusedError: [Errno 111] Connection refused" in page
    assert "chief" not in page.split("Notice emails not delivered")[1].split("</section>")[0]
    Notice.objects.filter(recipient__username="chief").update(email_attempts=5)
    page = client.get(dashboard).text
    assert "1 notice email refused by the mail server, to be tried again" in page
    assert "1 notice email given up after five tries." in page
    assert "Notice emails not delivered" not in client_for("chief").get(dashboard).text


@pytest.mark.req("VII.2")
@pytest.mark.req("S.3")
def test_an_email_whose_worker_stopped_mid_send_is_shown_to_the_administrator_and_not_sent_again(
    member, client_for, django_capture_on_commit_callbacks, monkeypatch
):
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    from notices.tasks import send_notice_email

    def stop(*args, **kwargs):
        raise SystemExit("worker stopped")  # not an Exception: nothing in send_notice catches it

    with django_capture_on_commit_callbacks(execute=True):
        [sent] = send(member, "superintendent")
    sent.refresh_from_db()
    assert sent.emailed_at is not None and sent.email_sent_at is not None and len(mail.outbox) == 1

    monkeypatch.setattr("notices.emails.send_mail", stop)
    with pytest.raises(SystemExit), django_capture_on_commit_callbacks(execute=True):
        send(member, "chief")
    notice = Notice.objects.get(recipient__username="chief")
    assert notice.emailed_at is not None and notice.email_sent_at is None

    dashboard = f"/{member('admin').agreement.slug}/"
    admin = client_for("admin")
    assert "Notice emails not delivered" not in admin.get(dashboard).text  # still being handed over, perhaps
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        page = admin.get(dashboard).text
    panel = page.split("Notice emails not delivered")[1].split("</section>")[0]
    assert (
        "In the last seven days, 1 notice email may not have left: the task worker stopped while handing it to "
        "the mail server." in panel
    )
    assert "It is not sent again, so that nobody gets an email twice." in panel
    assert "chief" not in panel and "mail server's last answer" not in panel
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        assert "Notice emails not delivered" not in admin.get(dashboard).text  # a week on, nothing to do

    monkeypatch.undo()
    send_notice_email.call(notice.id)  # a requeued task finds it claimed: never a second email
    assert len(mail.outbox) == 1
