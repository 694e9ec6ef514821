"""Faults on PostgreSQL: nothing lost, nothing doubled (VII.9, VII.2, S.3; issue 14).

The task worker is killed with SIGKILL in the middle of preparing a compilation and in the
middle of sending its notices, then started again; two schedulers and two workers run at once.
Each process is a real `manage.py` command (through fault_process.py, which sets its clock to
the test's day) against the test database; every test kills what it started.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from agreements.models import Agreement
from audit.log import Actor
from notices.models import Notice
from reporting.compilation import do_acknowledge_compilation, do_send_compilation
from reporting.models import CompiledReport, FormA, MonthlyCompilation
from reporting.tasks import enqueue_daily
from reporting.tests.factories_compilation import local, make_report

DAY = date(2026, 11, 2)  # a Monday, the first school day of November: October is compiled
AT = "2026-11-02T07:00"
OCTOBER = date(2026, 10, 1)


@pytest.fixture
def committed_demo(transactional_db):
    """The demo and its calendars, committed, so that other processes see them."""
    if connection.vendor != "postgresql":
        pytest.skip("the fault tests run on PostgreSQL (.ci/run's second pass)")
    from agreements.demo import load
    from schoolcalendar.demo import load as load_calendars

    demo = load()
    load_calendars(demo)
    # Both agreements start on October 1, so October is the only month the scheduler compiles
    # (it back-fills every uncompiled month since the effective date, up to a year).
    Agreement.objects.update(effective_date=OCTOBER)
    demo.refresh_from_db()
    return demo


class Processes:
    """Start management commands as separate processes; kill every one left at the end."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.started: list[tuple[subprocess.Popen, Path]] = []
        db = connection.settings_dict
        self.env = {
            **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
            "DEBUG": "1",
            "EMAIL_URL": "console:",  # each email is printed to the process's output
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "FAULT_LOG": str(folder / "runs.log"),
        }
        if db.get("PASSWORD"):
            self.env["PGPASSWORD"] = db["PASSWORD"]

    def start(self, *command: str, pause: str | None = None, marker: Path | None = None) -> subprocess.Popen:
        out = self.folder / f"process-{len(self.started)}.out"
        extra = ["--pause", pause, "--marker", str(marker)] if pause else []
        proc = subprocess.Popen(
            [sys.executable, "-m", "operations.tests.fault_process", "--at", AT, *extra, *command],
            cwd=settings.BASE_DIR,
            env=self.env,
            stdout=out.open("w"),
            stderr=subprocess.STDOUT,
        )
        self.started.append((proc, out))
        return proc

    def worker(self, **kw) -> subprocess.Popen:
        return self.start("db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2", "--batch", **kw)

    def finish(self, *procs: subprocess.Popen, timeout: float = 45) -> None:
        for proc in procs:
            assert proc.wait(timeout=timeout) == 0, self.output()

    def output(self) -> str:
        return "\n".join(out.read_text() for _, out in self.started)

    def emails(self) -> Counter[tuple[str, str]]:
        """(recipient, subject) of every email any process sent, counted."""
        text = self.output()
        found = re.findall(r"^Subject: (.*)\n(?:.*\n)*?^To: (.*)$", text, re.MULTILINE)
        return Counter((to, subject) for subject, to in found)

    def kill_all(self) -> None:
        for proc, _ in self.started:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=10)


@pytest.fixture
def processes(tmp_path):
    procs = Processes(tmp_path)
    yield procs
    procs.kill_all()


def wait_for(marker: Path, proc: subprocess.Popen, processes: Processes, timeout: float = 45) -> None:
    deadline = time.monotonic() + timeout
    while not marker.exists():
        assert proc.poll() is None, f"the process ended before the pause:\n{processes.output()}"
        assert time.monotonic() < deadline, f"no pause within {timeout} s:\n{processes.output()}"
        time.sleep(0.1)


def october_reports(agreement: Agreement, n: int = 3) -> list[FormA]:
    sro = agreement.memberships.get(user__username="sro" if agreement.slug == "westport" else "othersro")
    return [make_report(sro, submitted_at=local(date(2026, 10, 5 + i)), status=FormA.Status.RECEIVED) for i in range(n)]


def assert_nothing_lost_or_doubled(processes: Processes, *, lost: int = 0) -> None:
    # Each month of each agreement has exactly one compilation (no supplement: nothing came late).
    months = Counter(MonthlyCompilation.objects.values_list("agreement__slug", "month", "supplement"))
    assert months and all(n == 1 for n in months.values()), months
    assert {(slug, month) for slug, month, _ in months} == {("westport", OCTOBER), ("harborfalls", OCTOBER)}
    # Every filed report is in exactly one compilation.
    filed = set(FormA.objects.filed().values_list("id", flat=True))
    compiled = Counter(CompiledReport.objects.values_list("report_id", flat=True))
    assert set(compiled) == filed and all(n == 1 for n in compiled.values())
    # Each notice exists once per person, and each was emailed once: never twice, and none
    # lost except the LOST emails whose process was killed while sending them.
    keys = Counter(Notice.objects.values_list("recipient_id", "key"))
    assert all(n == 1 for n in keys.values()), keys
    notices = Counter(Notice.objects.values_list("recipient__email", "subject"))
    emails = processes.emails()
    assert all(emails[k] <= notices[k] for k in emails | notices), (emails, notices)
    assert notices.total() - emails.total() == lost, (emails, notices)


@pytest.mark.req("VII.9")
@pytest.mark.req("S.3")
def test_a_worker_killed_while_preparing_a_compilation_leaves_nothing_and_the_restart_prepares_it_once(
    committed_demo, processes, tmp_path
):
    westport = Agreement.objects.get(slug="westport")
    reports = october_reports(westport)
    assert enqueue_daily(DAY) > 0
    marker = tmp_path / "paused"
    killed = processes.worker(pause="prepare", marker=marker)
    wait_for(marker, killed, processes)
    killed.send_signal(signal.SIGKILL)
    killed.wait(timeout=10)
    # The compilation's transaction died with the process: no half-made compilation.
    assert not MonthlyCompilation.objects.filter(agreement=westport).exists()
    assert not CompiledReport.objects.exists()

    # The killed task was left "running"; requeued, a new worker finishes the work.
    # (Here, not in a process at the test's day: the killed worker's clock ran on past that.)
    out = StringIO()
    call_command("requeue_stale_tasks", "--minutes", "0", stdout=out)
    assert "Requeued 1 task(s)" in out.getvalue()
    processes.finish(processes.worker())
    assert_nothing_lost_or_doubled(processes)
    compilation = MonthlyCompilation.objects.get(agreement=westport, month=OCTOBER)
    assert set(compilation.entries.values_list("report_id", flat=True)) == {r.id for r in reports}
    chief_notices = Notice.objects.filter(key=f"compilation:{compilation.id}:prepared")
    assert chief_notices.count() == 1
    assert sum(n for (to, _), n in processes.emails().items() if to == chief_notices.get().recipient.email) >= 1

    # The Chief sends it: the stored PDF is the one whose SHA-256 was recorded; the chain holds.
    chief = westport.memberships.get(user__username="chief").user
    sent = do_send_compilation(Actor(user=chief, source="127.0.0.1", label="chief"), compilation)
    assert sent.pdf_sha256 == sha256(Path(settings.MEDIA_ROOT) / sent.pdf.name)
    call_command("verify_audit", stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.mark.req("VII.9")
@pytest.mark.req("S.3")
def test_a_worker_killed_while_sending_a_compilation_does_not_send_it_twice(committed_demo, processes, tmp_path):
    # The § 10-233p route: preparing the compilation delivers it to the Superintendent.
    westport = Agreement.objects.get(slug="westport")
    Agreement.objects.filter(id=westport.id).update(chief_post_certified=False)
    october_reports(westport)
    enqueue_daily(DAY)
    marker = tmp_path / "paused"
    killed = processes.worker(pause="email", marker=marker)
    wait_for(marker, killed, processes)
    killed.send_signal(signal.SIGKILL)
    killed.wait(timeout=10)
    assert MonthlyCompilation.objects.filter(agreement=westport, month=OCTOBER).count() == 1

    # This time the scheduler's next round (cron, or the next morning) enqueues the steps again.
    enqueue_daily(DAY)
    processes.finish(processes.worker())
    # The notice stands in the app, but its email was claimed and then never left: notices are
    # emailed at most once, so the one being sent at the kill is lost, not sent twice.
    assert_nothing_lost_or_doubled(processes, lost=1)
    # ... and the system administrator is told that one email may not have left, once it has
    # been stuck for ten minutes (the workers' clocks run from DAY, not from this one's).
    from notices.views import email_panel

    admin = westport.memberships.get(user__username="admin")
    [stuck] = Notice.objects.filter(emailed_at__isnull=False, email_sent_at__isnull=True)
    with time_machine.travel(stuck.emailed_at + timedelta(minutes=5)):
        assert email_panel(None, admin)["stalled"] == 0
    with time_machine.travel(stuck.emailed_at + timedelta(minutes=11)):
        assert email_panel(None, admin)["stalled"] == 1
    compilation = MonthlyCompilation.objects.get(agreement=westport, month=OCTOBER)
    assert compilation.status == MonthlyCompilation.Status.SENT
    sent = Notice.objects.filter(key=f"compilation:{compilation.id}:sent")
    assert sent.count() >= 1 and not sent.filter(emailed_at__isnull=True).exists()

    superintendent = westport.memberships.get(user__username="superintendent").user
    done = do_acknowledge_compilation(Actor(user=superintendent, source="127.0.0.1", label="s"), compilation)
    assert done.pdf_sha256 == sha256(Path(settings.MEDIA_ROOT) / done.pdf.name)
    call_command("verify_audit", stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.mark.req("VII.2")
@pytest.mark.req("VII.9")
def test_two_schedulers_and_two_workers_at_once_send_each_reminder_and_compilation_once(committed_demo, processes):
    westport = Agreement.objects.get(slug="westport")
    october_reports(westport)
    sro = westport.memberships.get(user__username="sro")
    drafts = [make_report(sro, incident_date=date(2026, 10, 27 + i), due_date=DAY) for i in range(2)]

    schedulers = [processes.start("run_scheduler", "--once") for _ in range(2)]
    processes.finish(*schedulers)
    processes.finish(processes.worker(), processes.worker())

    assert_nothing_lost_or_doubled(processes)
    for report in drafts:
        reminder = Notice.objects.filter(key__startswith=f"form_a:{report.pk}:")
        assert reminder.count() == 1, list(reminder.values_list("key", flat=True))
    assert processes.output().count("enqueued") == 2  # both schedulers did run


def test_two_workers_never_run_the_same_task_twice(committed_demo, processes, tmp_path):
    from operations.tests.fault_tasks import note_run

    results = [note_run.enqueue(n) for n in range(60)]
    processes.finish(processes.worker(), processes.worker())
    runs = [line.split() for line in (tmp_path / "runs.log").read_text().splitlines()]
    assert sorted(int(n) for n, _ in runs) == list(range(60))
    assert len({pid for _, pid in runs}) == 2, "both workers took tasks"
    for result in results:
        result.refresh()
        assert result.status == "SUCCESSFUL"


def sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()
