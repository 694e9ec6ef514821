"""The term of the agreement (XI.1): notice by January 1 takes effect the following July 1, a
later notice the July 1 after next; mutual termination needs both parties; afterwards the
agreement's records stay, read-only."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from agreements.models import Agreement
from audit.log import Actor
from notices.models import Notice
from term.actions import do_answer_mutual, do_give_notice, do_propose_mutual
from term.models import Termination, notice_effective_date

pytestmark = pytest.mark.req("XI.1")
ACTOR = Actor.system("test")


def at(d: date) -> datetime:
    return datetime(d.year, d.month, d.day, 12, tzinfo=ZoneInfo("America/New_York"))


@pytest.mark.parametrize(
    "given_on, effective",
    [
        (date(2026, 12, 15), date(2027, 7, 1)),
        (date(2027, 1, 1), date(2027, 7, 1)),  # on January 1: the following July 1
        (date(2027, 1, 2), date(2028, 7, 1)),  # a day late: a year later
        (date(2027, 6, 30), date(2028, 7, 1)),
        (date(2027, 7, 1), date(2028, 7, 1)),
        (date(2027, 12, 31), date(2028, 7, 1)),
        (date(2028, 2, 29), date(2029, 7, 1)),  # leap year
    ],
)
def test_a_notices_effective_date_follows_the_agreements_rule(demo, given_on, effective):
    assert notice_effective_date(demo, given_on) == effective


def test_other_towns_dates_are_parameters_including_a_leap_day(demo):
    demo.termination_notice_month_day, demo.termination_effective_month_day = "02-29", "08-15"
    assert notice_effective_date(demo, date(2027, 2, 28)) == date(2027, 8, 15)  # Feb 28 stands for Feb 29
    assert notice_effective_date(demo, date(2027, 3, 1)) == date(2028, 8, 15)
    assert notice_effective_date(demo, date(2028, 2, 29)) == date(2028, 8, 15)


def test_either_party_records_a_notice_the_other_is_told_and_both_dashboards_show_the_end(member, client_for):
    with time_machine.travel(at(date(2026, 12, 20))):
        t = do_give_notice(ACTOR, member("superintendent"), given_on=date(2026, 12, 18))
        assert (t.party, t.effective_on) == ("board", date(2027, 7, 1))
        assert Agreement.objects.get(slug="westport").ends_on == date(2027, 7, 1)
        assert list(Notice.objects.values_list("recipient__username", flat=True)) == ["chief"]
        for who in ("chief", "superintendent"):
            assert "The agreement ends on July 1, 2027" in client_for(who).get("/westport/").content.decode()


@pytest.mark.req("S.4")
def test_a_notice_from_the_future_before_the_agreement_or_by_someone_else_is_refused(member):
    with time_machine.travel(at(date(2026, 12, 20))):
        with pytest.raises(ValidationError, match="once it has been given"):
            do_give_notice(ACTOR, member("chief"), given_on=date(2026, 12, 21))
        with pytest.raises(ValidationError, match="cannot predate"):
            do_give_notice(ACTOR, member("chief"), given_on=date(2020, 1, 1))
        with pytest.raises(ValidationError, match="Only the Chief of Police or the Superintendent"):
            do_give_notice(ACTOR, member("sro"), given_on=date(2026, 12, 1))
    assert not Termination.objects.exists()


def test_a_mutual_termination_takes_effect_only_with_the_other_partys_consent(member):
    with time_machine.travel(at(date(2026, 12, 1))):
        proposal = do_propose_mutual(ACTOR, member("chief"), effective_on=date(2027, 1, 31))
        assert Agreement.objects.get(slug="westport").ends_on is None
        with pytest.raises(ValidationError, match="cannot consent to its own"):
            do_answer_mutual(ACTOR, member("chief"), proposal.pk, consent=True)
        do_answer_mutual(ACTOR, member("superintendent"), proposal.pk, consent=True)
        assert Agreement.objects.get(slug="westport").ends_on == date(2027, 1, 31)
        with pytest.raises(ValidationError, match="no longer waiting"):
            do_answer_mutual(ACTOR, member("superintendent"), proposal.pk, consent=False)


def test_a_declined_proposal_ends_nothing_and_a_passed_date_cannot_be_consented(member):
    with time_machine.travel(at(date(2026, 12, 1))) as clock:
        declined = do_propose_mutual(ACTOR, member("superintendent"), effective_on=date(2027, 3, 1))
        do_answer_mutual(ACTOR, member("chief"), declined.pk, consent=False)
        late = do_propose_mutual(ACTOR, member("superintendent"), effective_on=date(2026, 12, 2))
        clock.move_to(at(date(2026, 12, 3)))
        with pytest.raises(ValidationError, match="proposed date has passed"):
            do_answer_mutual(ACTOR, member("chief"), late.pk, consent=True)
    assert Agreement.objects.get(slug="westport").ends_on is None


def test_the_earliest_termination_in_force_decides(member):
    with time_machine.travel(at(date(2026, 12, 1))):
        do_give_notice(ACTOR, member("chief"), given_on=date(2026, 11, 30))  # July 1, 2027
        proposal = do_propose_mutual(ACTOR, member("chief"), effective_on=date(2027, 2, 1))
        do_answer_mutual(ACTOR, member("superintendent"), proposal.pk, consent=True)
        do_give_notice(ACTOR, member("superintendent"), given_on=date(2026, 12, 1))
    assert Agreement.objects.get(slug="westport").ends_on == date(2027, 2, 1)


def test_after_the_effective_date_every_change_is_refused_and_every_record_stays_readable(member, client_for):
    with time_machine.travel(at(date(2026, 12, 1))) as clock:
        proposal = do_propose_mutual(ACTOR, member("chief"), effective_on=date(2026, 12, 2))
        do_answer_mutual(ACTOR, member("superintendent"), proposal.pk, consent=True)
        sro = client_for("sro")
        assert sro.get("/westport/reports/new/").status_code == 200
        clock.move_to(at(date(2026, 12, 2)))
        sro = client_for("sro")  # a new day, a new sign-in
        assert sro.get("/westport/").status_code == 200
        assert sro.get("/westport/reports/").status_code == 200
        refused = sro.post("/westport/reports/new/", {"escalated_to_violence": "True", "constitutes_crime": "False"})
        assert refused.status_code == 403
        assert "This agreement ended on December 2, 2026; its records are read-only." in refused.content.decode()
        assert client_for("chief").post("/westport/term/notice/", {"given_on": "2026-12-01"}).status_code == 403
        assert client_for("chief").get("/westport/term/").status_code == 200


def test_the_term_page_says_when_a_notice_given_today_would_take_effect(client_for):
    with time_machine.travel(at(date(2027, 1, 1))):
        page = client_for("chief").get("/westport/term/").content.decode()
    assert "A notice given today would take effect on <strong>July 1, 2027</strong>" in page
