"""The agreement's set-up page: parameters, schools and signatories, audited, raising the version (P.1)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import Role
from agreements.models import Agreement, School, Signatory
from audit.models import AuditEntry

pytestmark = pytest.mark.req("P.1")

PARAMETERS = {
    "title": "Westport Police Department / Westport Board of Education SRO Agreement",
    "signed_on": "2023-11-28",
    "effective_date": "2023-11-28",
    "report_deadline_school_days": "5",
    "chief_post_certified": "on",
    "termination_notice_month_day": "01-01",
    "termination_effective_month_day": "07-01",
}


def url(name: str, *args) -> str:
    return reverse(f"agreement:{name}", args=["westport", *args])


def westport() -> Agreement:
    return Agreement.objects.get(slug="westport")


@pytest.mark.parametrize("persona", ["admin", "operator"])
def test_the_administrator_or_the_operator_changes_a_parameter_audited_with_before_and_after(client_for, persona):
    response = client_for(persona).post(url("settings"), PARAMETERS | {"report_deadline_school_days": "4"}, follow=True)
    assert "The agreement is now version 2." in response.content.decode()
    agreement = westport()
    assert (agreement.report_deadline_school_days, agreement.version) == (4, 2)
    entry = AuditEntry.objects.get(action="agreement.changed")
    assert entry.changes == {"report_deadline_school_days": [5, 4], "version": [1, 2]}
    assert entry.actor.username == persona and entry.agreement == agreement


def test_saving_unchanged_parameters_changes_nothing(client_for):
    response = client_for("admin").post(url("settings"), PARAMETERS, follow=True)
    assert "Nothing changed." in response.content.decode()
    assert westport().version == 1
    assert not AuditEntry.objects.filter(action="agreement.changed").exists()


@pytest.mark.req("S.4")
@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"report_deadline_school_days": "0"}, "greater than or equal to 1"),
        ({"report_deadline_school_days": "2147483648"}, "less than or equal to 30"),
        ({"termination_notice_month_day": "13-01"}, "Enter a month and day like 07-01."),
        ({"effective_date": "9999-12-31"}, "Enter a date between 2000 and 2100."),
        ({"signed_on": "yesterday"}, "Enter a date like 2024-08-15."),
        ({"title": ""}, "This field is required."),
    ],
)
def test_bad_parameters_get_a_clear_message_and_change_nothing(client_for, change, message):
    response = client_for("admin").post(url("settings"), PARAMETERS | change)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert westport().version == 1
    assert not AuditEntry.objects.filter(action="agreement.changed").exists()


def test_a_school_is_added_and_changed_each_raising_the_version(client_for):
    client = client_for("admin")
    client.post(url("school_add"), {"new-school-name": "Compo Elementary", "new-school-level": "elementary"})
    compo = westport().schools.get(name="Compo Elementary")
    client.post(
        url("school_edit", compo.pk),
        {f"school-{compo.pk}-name": "Compo Beach Elementary School", f"school-{compo.pk}-level": "elementary"},
    )
    assert westport().version == 3
    entry = AuditEntry.objects.get(action="agreement.school_changed")
    assert entry.changes["name"] == ["Compo Elementary", "Compo Beach Elementary School"]


@pytest.mark.req("S.4")
def test_a_school_still_assigned_cannot_be_removed(client_for):
    staples = School.objects.get(name="Staples High School")
    response = client_for("admin").post(url("school_remove", staples.pk), follow=True)
    assert "still assigned to" in response.content.decode()
    assert westport().schools.filter(pk=staples.pk).exists() and westport().version == 1


@pytest.mark.req("S.1")
def test_a_school_of_another_agreement_is_not_found(client_for):
    other = School.objects.get(name="Harbor Falls High School")
    assert client_for("admin").post(url("school_edit", other.pk), {}).status_code == 404
    assert client_for("admin").post(url("school_remove", other.pk)).status_code == 404


def test_signatories_are_added_changed_and_removed(client_for):
    client = client_for("admin")
    data = {"name": "Lee Park", "title": "Town Attorney", "organization": "Town of Westport", "signed_on": "2023-11-30"}
    client.post(url("signatory_add"), {f"new-signatory-{k}": v for k, v in data.items()})
    lee = Signatory.objects.get(name="Lee Park")
    client.post(
        url("signatory_edit", lee.pk),
        {f"signatory-{lee.pk}-{k}": v for k, v in data.items()} | {f"signatory-{lee.pk}-title": "Town Counsel"},
    )
    client.post(url("signatory_remove", lee.pk))
    assert not Signatory.objects.filter(name="Lee Park").exists()
    actions = list(
        AuditEntry.objects.filter(action__startswith="agreement.signatory")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == ["agreement.signatory_added", "agreement.signatory_changed", "agreement.signatory_removed"]
    assert westport().version == 4


def test_the_page_shows_the_parameters_schools_and_signatories(client_for):
    page = client_for("admin").get(url("settings")).content.decode()
    assert "version 1" in page and "Staples High School" in page and "Helen Brandt" in page
    assert Role.SYSADMIN == "sysadmin"
