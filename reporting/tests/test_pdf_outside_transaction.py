"""No PDF is rendered while a database transaction is open (VII.11, VII.8, VII.9).

Rendering a long narrative takes seconds; inside a transaction it would hold the report's row
lock, and on SQLite (every transaction IMMEDIATE) the whole database's write lock, so every
other user's request would wait or fail. These tests commit for real (transactional database)
so that "inside a transaction" means what it means in production.
"""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.db import connection

from accounts.models import Membership
from audit.log import Actor
from reporting import actions, pdf
from reporting import compilation as compiling
from reporting.models import FormA, MonthlyCompilation
from reporting.tests.factories_compilation import local, make_report
from reporting.tests.filing import actor, run_queued, submitted

pytestmark = [pytest.mark.req("VII.11"), pytest.mark.django_db(transaction=True)]


@pytest.fixture
def renders(monkeypatch):
    """Each PDF rendering, with whether a transaction was open while it ran."""
    calls: list[bool] = []
    real = pdf.write_pdf  # lib.pdf's WeasyPrint wrapper, as reporting.pdf calls it

    def spy(html: str) -> bytes:
        calls.append(connection.in_atomic_block)
        return real(html)

    monkeypatch.setattr(pdf, "write_pdf", spy)
    return calls


@pytest.fixture
def people():
    from agreements.demo import load

    load()
    return {m.user.username: m for m in Membership.objects.select_related("user", "agreement")}


def test_the_chiefs_receipt_renders_nothing_and_the_worker_renders_with_no_transaction_open(people, renders):
    # As long a narrative as Form A has room for (3,000 characters).
    report = submitted(people["sro"], reason_and_nature=("Student A pushed Student B. " * 108)[:3000])
    received = actions.do_receive(actor(people["chief"]), report, people["chief"], signature="password")
    assert renders == [] and received.status == FormA.Status.RECEIVED and not received.pdf
    assert run_queued("reporting.tasks.store_received_pdf") == 1
    assert renders == [False]
    received.refresh_from_db()
    assert received.pdf.read().startswith(b"%PDF") and len(received.pdf_sha256) == 64


def test_a_receipt_refused_leaves_no_report_change_and_nothing_queued(people, renders):
    from django_tasks_db.models import DBTaskResult

    report = submitted(people["sro"])
    actions.do_return(actor(people["chief"]), report, people["chief"], reason="Correct the time.")
    with pytest.raises(actions.WrongState):
        actions.do_receive(actor(people["chief"]), report, people["chief"], signature="password")
    report.refresh_from_db()
    assert report.status == FormA.Status.RETURNED and not report.pdf and renders == []
    assert not DBTaskResult.objects.filter(task_path="reporting.tasks.store_received_pdf").exists()


def test_a_compilation_lays_out_a_pdf_the_worker_has_not_with_no_transaction_open(people, renders):
    with time_machine.travel(local(date(2026, 12, 2), 9), tick=False):
        report = submitted(people["sro"])
        FormA.objects.filter(pk=report.pk).update(first_submitted_at=local(date(2026, 11, 3)))
        actions.do_receive(actor(people["chief"]), report, people["chief"], signature="password")
        agreement = people["chief"].agreement
        compilation = compiling.do_prepare_compilation(Actor.system("test"), agreement, date(2026, 11, 1))
        compiling.do_send_compilation(actor(people["chief"]), compilation)
    assert renders and not any(renders)
    report.refresh_from_db()
    assert report.pdf  # stored on the way, so the compilation carries the stored document
    assert run_queued("reporting.tasks.store_received_pdf") == 1
    assert FormA.objects.get(pk=report.pk).pdf_sha256 == report.pdf_sha256


def test_sending_and_acknowledging_a_compilation_render_with_no_transaction_open(people, renders):
    with time_machine.travel(local(date(2026, 12, 2), 9), tick=False):
        make_report(people["sro"], submitted_at=local(date(2026, 11, 3)), status="received")
        agreement = people["chief"].agreement
        compilation = compiling.do_prepare_compilation(Actor.system("test"), agreement, date(2026, 11, 1))
        compiling.do_send_compilation(actor(people["chief"]), compilation)
        assert renders and not any(renders)
        sent_renders = len(renders)
        agreement.chief_post_certified = False
        agreement.save()
        make_report(people["sro"], submitted_at=local(date(2026, 10, 3)), status="received")
        direct = compiling.do_prepare_compilation(Actor.system("test"), agreement, date(2026, 10, 1))
        compiling.do_acknowledge_compilation(actor(people["superintendent"]), direct)
    assert len(renders) > sent_renders and not any(renders)
    assert MonthlyCompilation.objects.get(id=direct.id).pdf_sha256
