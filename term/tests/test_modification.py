"""Modification in writing by consent of the parties (XI.2): one party proposes, the other
consents; consent raises the agreement's version once and keeps that version readable; the
changes take effect on the effective date, not before."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from agreements.models import Agreement
from audit.log import Actor
from audit.models import AuditEntry
from notices.models import Notice
from term import tasks
from term.actions import (
    do_answer_modification,
    do_apply_modifications,
    do_propose_modification,
    do_withdraw_modification,
)
from term.models import AgreementVersion, Modification

pytestmark = pytest.mark.req("XI.2")
ACTOR = Actor.system("test")
TEXT = "Section VII.4 is amended: Form A is due within three school days of the incident."


def at(d: date) -> datetime:
    return datetime(d.year, d.month, d.day, 12, tzinfo=ZoneInfo("America/New_York"))


def westport() -> Agreement:
    return Agreement.objects.get(slug="westport")


def propose(member, who="chief", effective_on=date(2026, 12, 1), **changes):
    return do_propose_modification(
        ACTOR, member(who), text=TEXT, changes=changes or {"report_deadline_school_days": 3}, effective_on=effective_on
    )


def test_a_consented_modification_raises_the_version_once_and_applies_today(member):
    start = westport().version
    with time_machine.travel(at(date(2026, 12, 1))):
        proposal = propose(member, report_deadline_school_days=3, chief_post_certified=False)
        assert westport().version == start
        assert list(Notice.objects.values_list("recipient__username", flat=True)) == ["superintendent"]
        consented = do_answer_modification(ACTOR, member("superintendent"), proposal.pk, consent=True)
    agreement = westport()
    assert consented.version == agreement.version == start + 1
    assert (agreement.report_deadline_school_days, agreement.chief_post_certified) == (3, False)
    assert consented.applied_at is not None
    kept = AgreementVersion.objects.get(agreement=agreement, number=start + 1)
    assert (kept.text, kept.parameters["report_deadline_school_days"], kept.modification_id) == (TEXT, 3, proposal.pk)
    assert kept.schools and kept.signatories
    # The version it replaced is kept as well, as it stood.
    before = AgreementVersion.objects.get(agreement=agreement, number=start)
    assert before.parameters["report_deadline_school_days"] == 5
    assert "chief" in Notice.objects.filter(kind="modification_answered").values_list("recipient__username", flat=True)


def test_changes_take_effect_on_the_effective_date_and_the_daily_step_twice_applies_once(member):
    start = westport().version
    with time_machine.travel(at(date(2026, 12, 1))) as clock:
        proposal = propose(member, "superintendent", date(2027, 1, 15), termination_notice_month_day="02-01")
        do_answer_modification(ACTOR, member("chief"), proposal.pk, consent=True)
        assert (westport().version, westport().termination_notice_month_day) == (start + 1, "01-01")
        assert tasks.apply_modifications.call(westport().id, "2027-01-14") == 0
        assert westport().termination_notice_month_day == "01-01"
        clock.move_to(at(date(2027, 1, 15)))
        assert tasks.apply_modifications.call(westport().id, "2027-01-15") == 1
        assert tasks.apply_modifications.call(westport().id, "2027-01-15") == 0
        assert do_apply_modifications(ACTOR, westport(), date(2027, 1, 16)) == 0
    agreement = westport()
    assert (agreement.termination_notice_month_day, agreement.version) == ("02-01", start + 1)
    assert AuditEntry.objects.filter(action="term.modification_applied").count() == 1


def test_a_declined_or_withdrawn_modification_changes_nothing(member):
    before = westport()
    with time_machine.travel(at(date(2026, 12, 1))):
        declined = propose(member)
        do_answer_modification(ACTOR, member("superintendent"), declined.pk, consent=False)
        withdrawn = propose(member, "superintendent")
        with pytest.raises(ValidationError, match="Only the party that proposed"):
            do_withdraw_modification(ACTOR, member("chief"), withdrawn.pk)
        do_withdraw_modification(ACTOR, member("superintendent"), withdrawn.pk)
        with pytest.raises(ValidationError, match="no longer waiting"):
            do_answer_modification(ACTOR, member("chief"), withdrawn.pk, consent=True)
        assert do_apply_modifications(ACTOR, westport(), date(2026, 12, 1)) == 0
    after = westport()
    assert (after.version, after.report_deadline_school_days) == (before.version, before.report_deadline_school_days)
    assert not AgreementVersion.objects.exists()
    assert set(Modification.objects.values_list("status", flat=True)) == {"declined", "withdrawn"}


@pytest.mark.req("S.4")
def test_a_party_cannot_consent_to_its_own_modification_nor_can_anyone_else(member):
    with time_machine.travel(at(date(2026, 12, 1))):
        proposal = propose(member)
        with pytest.raises(ValidationError, match="cannot consent to its own"):
            do_answer_modification(ACTOR, member("chief"), proposal.pk, consent=True)
        for who in ("sro", "principal", "admin"):
            with pytest.raises(ValidationError, match="Only the Chief of Police or the Superintendent"):
                do_answer_modification(ACTOR, member(who), proposal.pk, consent=True)
    assert Modification.objects.get().status == "proposed"
    assert westport().report_deadline_school_days == 5


@pytest.mark.req("S.4")
@pytest.mark.parametrize(
    "changes, effective_on, message",
    [
        ({"title": "Another"}, date(2026, 12, 1), "cannot change: title"),
        ({"report_deadline_school_days": 0}, date(2026, 12, 1), "greater than or equal to 1"),
        ({"report_deadline_school_days": 31}, date(2026, 12, 1), "less than or equal to 30"),
        ({"termination_notice_month_day": "13-01"}, date(2026, 12, 1), "month and day like 07-01"),
        ({"termination_effective_month_day": "7-1"}, date(2026, 12, 1), "month and day like 07-01"),
        ({"report_deadline_school_days": 3}, date(2026, 11, 30), "today or a later date"),
        ({"report_deadline_school_days": 3}, date(2028, 12, 2), "within two years"),
    ],
)
def test_bad_input_gets_a_clear_message_and_changes_nothing(member, changes, effective_on, message):
    with time_machine.travel(at(date(2026, 12, 1))), pytest.raises(ValidationError, match=message):
        do_propose_modification(ACTOR, member("chief"), text=TEXT, changes=changes, effective_on=effective_on)
    assert not Modification.objects.exists() and not Notice.objects.exists()


@pytest.mark.req("S.4")
def test_the_form_shows_the_message_and_sends_only_what_changed(client_for):
    fields = {
        "text": "Deadline\u00a0changed.\r\nSigned by both.",
        "effective_on": "2026-12-10",
        "report_deadline_school_days": "0",
        "chief_post_certified": "on",
        "termination_notice_month_day": "01-01",
        "termination_effective_month_day": "07-01",
    }
    with time_machine.travel(at(date(2026, 12, 1))):
        chief = client_for("chief")
        page = chief.post("/westport/term/modify/", fields)
        assert page.status_code == 200 and "greater than or equal to 1" in page.content.decode()
        assert not Modification.objects.exists()
        page = chief.post("/westport/term/modify/", fields | {"text": "x" * 4001, "report_deadline_school_days": "4"})
        assert "4000 characters" in page.content.decode() and not Modification.objects.exists()
        assert chief.post("/westport/term/modify/", fields | {"report_deadline_school_days": "4"}).status_code == 302
    proposal = Modification.objects.get()
    assert proposal.changes == {"report_deadline_school_days": 4}
    assert proposal.text == "Deadline changed.\r\nSigned by both."


def test_every_version_is_readable_by_every_member_and_listed_on_the_term_page(member, client_for):
    start = westport().version
    with time_machine.travel(at(date(2026, 12, 1))):
        for effective_on in (date(2026, 12, 1), date(2027, 3, 1)):
            proposal = propose(member, effective_on=effective_on)
            do_answer_modification(ACTOR, member("superintendent"), proposal.pk, consent=True)
        numbers = [start, start + 1, start + 2]
        assert list(AgreementVersion.objects.order_by("number").values_list("number", flat=True)) == numbers
        for who in ("sro", "principal", "steward", "chief", "superintendent"):
            client = client_for(who)
            overview = client.get("/westport/term/").content.decode()
            for n in numbers:
                assert f"Version {n}" in overview
                page = client.get(f"/westport/term/versions/{n}/")
                assert page.status_code == 200
        assert TEXT in client_for("sro").get(f"/westport/term/versions/{start + 2}/").content.decode()
        assert client_for("otherchief").get(f"/westport/term/versions/{start}/").status_code == 404
        assert client_for("sro").get(f"/westport/term/versions/{start + 3}/").status_code == 404


def test_the_term_page_offers_consent_to_the_other_party_and_withdrawal_to_the_proposer(member, client_for):
    with time_machine.travel(at(date(2026, 12, 1))):
        propose(member, effective_on=date(2026, 12, 20))
        other = client_for("superintendent").get("/westport/term/").content.decode()
        own = client_for("chief").get("/westport/term/").content.decode()
        reader = client_for("sro").get("/westport/term/").content.decode()
    assert "Consent for the Board of Education" in other and "Withdraw the proposal" not in other
    assert "Withdraw the proposal" in own and "Consent for" not in own
    assert TEXT in reader and "Consent for" not in reader and "Withdraw" not in reader


def test_the_other_partys_dashboard_asks_for_an_answer(member, client_for):
    with time_machine.travel(at(date(2026, 12, 1))):
        propose(member, effective_on=date(2026, 12, 20))
        assert "proposes a modification" in client_for("superintendent").get("/westport/").content.decode()
        assert "proposes a modification" not in client_for("chief").get("/westport/").content.decode()


def test_a_versions_record_includes_consented_changes_still_waiting_for_their_date(member):
    start = westport().version
    with time_machine.travel(at(date(2026, 12, 1))):
        first = propose(member, effective_on=date(2027, 2, 1), report_deadline_school_days=4)
        do_answer_modification(ACTOR, member("superintendent"), first.pk, consent=True)
        second = propose(member, "superintendent", date(2027, 3, 1), chief_post_certified=False)
        do_answer_modification(ACTOR, member("chief"), second.pk, consent=True)
    kept = AgreementVersion.objects.get(agreement=westport(), number=start + 2)
    assert (kept.parameters["report_deadline_school_days"], kept.parameters["chief_post_certified"]) == (4, False)
    assert (
        AgreementVersion.objects.get(agreement=westport(), number=start).reason
        == f"As it stood before version {start + 1}"
    )
    assert (westport().report_deadline_school_days, westport().chief_post_certified) == (5, True)
