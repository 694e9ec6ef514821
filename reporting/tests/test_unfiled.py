"""Ending an SRO's role strands the Form As only they can file: whoever ends it sees them first
(VII.2, VII.7, X.2, S.2)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import dateformat

from audit.log import Actor
from evaluation.actions import do_send_concerns
from reporting import actions
from reporting.models import FormA
from reporting.tests.filing import actor, calendar_fixture, draft, submitted  # noqa: F401

WARNING = 'id="unfiled-form-as"'


def person_page(client_for, member, username: str) -> str:
    person = member(username).user
    return client_for("admin").get(reverse("people:person", args=["westport", person.pk])).content.decode()


@pytest.mark.req("VII.7")
@pytest.mark.req("S.2")
def test_the_administrator_sees_an_sros_unfiled_form_as_before_ending_the_role(client_for, member, calendar):
    sro = member("sro")
    assert WARNING not in person_page(client_for, member, "sro")  # nothing open: nothing said

    draft(sro, incident_date=date(2026, 11, 16))
    draft(sro, incident_date=date(2026, 11, 20))
    returned = submitted(sro, incident_date=date(2026, 11, 12))  # due before either draft
    actions.do_return(actor(member("chief")), returned, member("chief"), reason="The time is wrong.")
    submitted(sro, incident_date=date(2026, 11, 19))  # filed: not the officer's to finish any more
    page = person_page(client_for, member, "sro")
    first_due = FormA.objects.filter(sro=sro, status=FormA.Status.DRAFT).order_by("due_date").first().due_date
    returned.refresh_from_db()
    assert first_due is not None and returned.due_date < first_due
    assert "Officer Dana Whitcomb has 3 Form As not yet filed:</strong> 2 drafts" in page
    # The drafts' first due date (the returned report's has passed: it is not what the drafts owe).
    assert (
        f"2 drafts (the first due {dateformat.format(first_due, 'D, N j, Y')}) and 1 returned for correction." in page
    )
    assert "Once the SRO role ends, nobody can file these" in page
    assert "The Chief of Police is still told of each draft that becomes overdue." in page
    # Said once, above the cards that change the role, end it or deactivate the account.
    assert page.count(WARNING) == 1 and page.index(WARNING) < page.index("End the role")
    assert "The time is wrong." not in page  # counts and a date, never a report's content

    # Another role has no Form As to strand.
    assert WARNING not in person_page(client_for, member, "principal")


@pytest.mark.req("X.2")
@pytest.mark.req("VII.7")
def test_the_chief_sees_them_before_deciding_to_reassign_or_dismiss(client_for, member):
    sro = member("sro")
    draft(sro)
    concern = do_send_concerns(
        Actor.system("test"),
        member("superintendent"),
        sro=sro,
        written_on=date(2026, 11, 18),
        summary="Late.",
        documents=[],
    )
    url = reverse("evaluation:concern", args=["westport", concern.pk])
    page = client_for("chief").get(url).content.decode()
    assert WARNING in page and "has 1 Form A not yet filed:</strong> 1 draft" in page
    # The Superintendent reads the concerns but does not decide: no warning there.
    assert WARNING not in client_for("superintendent").get(url).content.decode()


@pytest.mark.req("VII.2")
def test_on_the_10_233p_route_the_warning_names_the_superintendent_as_the_one_told(client_for, member):
    from agreements.models import Agreement

    sro = member("sro")
    draft(sro)
    Agreement.objects.filter(pk=sro.agreement_id).update(chief_post_certified=False)
    page = person_page(client_for, member, "sro")
    assert "The Superintendent is still told of each draft that becomes overdue." in page
