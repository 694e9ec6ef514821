"""VII.9: the monthly compilation, its notice for an empty month, supplements, send and acknowledge."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from audit.log import Actor
from audit.models import AuditEntry
from notices.models import Notice
from reporting import compilation as compiling
from reporting import deadlines, tasks
from reporting.models import CompiledReport, MonthlyCompilation
from reporting.tests.factories_compilation import local, make_report, weekdays

NOW = local(date(2026, 12, 2), 9)
SYSTEM = Actor.system("test")


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def westport(member):
    return member("chief").agreement


def prepare(westport, month=date(2026, 11, 1)):
    return compiling.do_prepare_compilation(SYSTEM, westport, month)


@pytest.mark.req("VII.9")
def test_a_month_without_reports_yields_the_written_notice_word_for_word(westport):
    compilation = prepare(westport)
    assert compiling.compilation_context(compilation)["notice"] == (
        "During the month period consisting of November 1, 2026 to November 30, 2026, the SROs did not engage "
        "in any investigation or behavior intervention of challenging behavior or conflict that escalated to "
        "violence or constituted a crime."
    )


@pytest.mark.req("VII.9")
def test_it_compiles_the_reports_first_submitted_in_the_month_in_local_time(westport, member):
    sro = member("sro")
    make_report(sro, submitted_at=local(date(2026, 10, 31), 23, 59))  # October, although UTC says November
    inside = [
        make_report(sro, submitted_at=local(date(2026, 11, 1), 0, 1)),
        make_report(member("sro2"), submitted_at=local(date(2026, 11, 30), 23, 59)),
    ]
    make_report(sro, submitted_at=local(date(2026, 12, 1), 0, 0))  # December
    make_report(sro)  # a draft
    compilation = prepare(westport)
    assert sorted(compilation.reports.values_list("id", flat=True)) == sorted(r.id for r in inside)
    assert compiling.compilation_context(compilation)["notice"] == ""


@pytest.mark.req("VII.9")
def test_the_summary_counts_by_school_disposition_and_student_action(westport, member):
    make_report(member("sro"), submitted_at=local(date(2026, 11, 3)), disposition_arrest=True)
    make_report(member("sro2"), submitted_at=local(date(2026, 11, 4)), school_days_late=2)
    summary = compiling.summarize(prepare(westport))
    assert summary.reports == 2
    assert summary.students == 4
    assert summary.late == 1
    assert summary.by_school == [("Coleytown Middle School", 1), ("Staples High School", 1)]
    dispositions = dict(summary.by_disposition)
    assert dispositions["Referral to administration for possible discipline"] == 2
    assert dispositions["Arrest of student(s)"] == 1
    assert dispositions["Peer mediation"] == 0
    assert dict(summary.by_action) == {
        "Searched by SRO": 2,
        "Apprised of constitutional rights": 2,
        "Issued a citation or a summons": 0,
        "Arrested": 0,
        "Detained": 2,
    }


@pytest.mark.req("VII.9")
def test_preparing_again_does_nothing_and_a_late_filing_goes_into_a_supplement(westport, member):
    first = make_report(member("sro"), submitted_at=local(date(2026, 11, 3)))
    base = prepare(westport)
    assert prepare(westport) is None
    late = make_report(member("sro"), submitted_at=local(date(2026, 11, 20)))  # e.g. a clock-skewed import
    supplement = prepare(westport)
    assert (supplement.month, supplement.supplement) == (date(2026, 11, 1), 1)
    assert list(supplement.reports.all()) == [late]
    assert list(base.reports.all()) == [first]
    assert prepare(westport) is None
    assert str(supplement) == "Compilation November 2026, supplement 1"


@pytest.mark.req("VII.9")
def test_a_month_that_has_not_ended_is_refused(westport):
    with pytest.raises(ValidationError, match="December 2026 has not ended yet"):
        prepare(westport, date(2026, 12, 1))
    assert not MonthlyCompilation.objects.exists()


@pytest.mark.req("VII.9")
def test_the_chief_is_told_the_compilation_is_ready(westport, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        compilation = prepare(westport)
    assert [m.to for m in mail.outbox] == [["chief@westport.example.org"]]
    assert Notice.objects.get().url == f"/westport/compilations/{compilation.id}/"
    assert AuditEntry.objects.filter(action="compilation.prepare").count() == 1


@pytest.mark.req("VII.9")
def test_the_chief_sends_it_and_the_superintendent_acknowledges(westport, member, django_capture_on_commit_callbacks):
    make_report(member("sro"), submitted_at=local(date(2026, 11, 3)), status="received")
    compilation = prepare(westport)
    with django_capture_on_commit_callbacks(execute=True):
        compiling.do_send_compilation(Actor(member("chief").user, "test"), compilation)
    compilation.refresh_from_db()
    assert compilation.status == "sent"
    assert compilation.pdf and len(compilation.pdf_sha256) == 64
    assert mail.outbox[-1].to == ["superintendent@westport.example.org"]
    with pytest.raises(ValidationError, match="already sent"):
        compiling.do_send_compilation(Actor(member("chief").user, "test"), compilation)

    with django_capture_on_commit_callbacks(execute=True):
        compiling.do_acknowledge_compilation(Actor(member("superintendent").user, "test"), compilation)
    compilation.refresh_from_db()
    assert compilation.status == "acknowledged"
    assert compilation.acknowledged_by.username == "superintendent"
    assert mail.outbox[-1].to == ["chief@westport.example.org"]
    assert "acknowledged" in mail.outbox[-1].subject
    entry = AuditEntry.objects.get(action="compilation.send")
    assert entry.changes["pdf_sha256"] == compilation.pdf_sha256
    with pytest.raises(ValidationError, match="already acknowledged"):
        compiling.do_acknowledge_compilation(Actor(member("superintendent").user, "test"), compilation)


@pytest.mark.req("VII.9")
def test_a_prepared_compilation_cannot_be_acknowledged(westport, member):
    compilation = prepare(westport)
    with pytest.raises(ValidationError, match="has not been sent"):
        compiling.do_acknowledge_compilation(Actor(member("superintendent").user, "test"), compilation)


@pytest.mark.req("VII.9")
def test_it_cannot_be_sent_while_a_report_in_it_is_returned_for_correction(westport, member):
    report = make_report(member("sro"), submitted_at=local(date(2026, 11, 3)), status="returned")
    compilation = prepare(westport)
    with pytest.raises(ValidationError, match=rf"not yet received: Form A {report.number} \(returned for correction\)"):
        compiling.do_send_compilation(Actor(member("chief").user, "test"), compilation)
    assert MonthlyCompilation.objects.get().status == "prepared"


@pytest.mark.req("VII.9")
def test_it_cannot_be_sent_before_every_report_in_it_is_received(westport, member):
    """A report corrected after delivery would reach the Superintendent in no compilation."""
    waiting = make_report(member("sro"), submitted_at=local(date(2026, 11, 3)))
    make_report(member("sro2"), submitted_at=local(date(2026, 11, 4)), status="received")
    compilation = prepare(westport)
    with pytest.raises(ValidationError, match=rf"not yet received: Form A {waiting.number} \(submitted\)"):
        compiling.do_send_compilation(Actor(member("chief").user, "test"), compilation)
    assert MonthlyCompilation.objects.get().status == "prepared"


@pytest.mark.req("VII.10")
def test_on_the_superintendent_route_it_goes_straight_to_the_superintendent(
    westport, member, django_capture_on_commit_callbacks
):
    westport.chief_post_certified = False
    westport.save()
    with django_capture_on_commit_callbacks(execute=True):
        compilation = prepare(westport)
    assert compilation.status == "sent"
    assert [m.to for m in mail.outbox] == [["superintendent@westport.example.org"]]


@pytest.mark.req("VII.9")
def test_the_daily_task_compiles_the_prior_month_from_its_first_school_day(westport, member, monkeypatch):
    # December 1, 2026 is a holiday in this calendar: the first school day is December 2.
    days = weekdays(holidays={date(2026, 12, 1)})
    monkeypatch.setattr(deadlines, "for_district", lambda district: days)
    make_report(member("sro"), submitted_at=local(date(2026, 11, 3)))
    for back in range(2, 13):  # the year before November is compiled already
        compiling.do_prepare_compilation(SYSTEM, westport, compiling.add_months(date(2026, 12, 1), -back))
    assert tasks.prepare_compilations.call(westport.id, "2026-12-01") == []
    [cid] = tasks.prepare_compilations.call(westport.id, "2026-12-02")
    assert tasks.prepare_compilations.call(westport.id, "2026-12-02") == []
    assert MonthlyCompilation.objects.get(id=cid).month == date(2026, 11, 1)


@pytest.mark.req("VII.9")
def test_compile_month_does_what_the_scheduler_does_and_is_idempotent(westport, member, capsys):
    make_report(member("sro"), submitted_at=local(date(2026, 11, 3)))
    call_command("compile_month", "2026-11", agreement="westport")
    assert "Prepared Compilation November 2026 with 1 Form A(s)." in capsys.readouterr().out
    call_command("compile_month", "2026-11", agreement="westport")
    assert "Nothing to do" in capsys.readouterr().out
    assert CompiledReport.objects.count() == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["2026-13", "--agreement", "westport"], "“2026-13” is not a month"),
        (["2026-11", "--agreement", "nowhere"], "No agreement with the slug “nowhere”"),
        (["2026-12", "--agreement", "westport"], "has not ended yet"),
    ],
)
def test_compile_month_refuses_bad_input_clearly(demo, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("compile_month", *args)
    assert not MonthlyCompilation.objects.exists()


def test_the_scheduler_enqueues_each_daily_step_per_agreement(demo):
    from django_tasks_db.models import DBTaskResult

    call_command("run_scheduler", "--once")
    queued = DBTaskResult.objects.all()
    # Section VII's own steps, and those other parts of the agreement register (lib/daily.py).
    assert sorted(q.task_path for q in queued) == sorted(
        [
            "reporting.tasks.send_deadline_notices",
            "reporting.tasks.prepare_compilations",
            "training.tasks.send_expiry_reminders",
            "students.tasks.fail_stalled_imports",
            "term.tasks.apply_modifications",
            "bodycams.tasks.remind_unlogged_activations",
            "incidents.tasks.remind_principals",
            "schoolpolice.tasks.send_arrest_notice_reminders",
        ]
        * 2
    )
    assert {q.args_kwargs["args"][1] for q in queued} == {"2026-12-02"}
