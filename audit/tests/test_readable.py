"""The audit trail reads like English (issue 9, S.3): what happened as a phrase about the report
("Form A 2026-0008 returned for correction"), people by name with their username, the time on
one line, changed fields by their labels, and a report's number rather than "draft #15"."""

from __future__ import annotations

import re

import pytest

from audit.describe import action_label, phrase, readable
from audit.log import Actor, record
from audit.models import AuditEntry
from reporting.tests.factories_compilation import make_report

URL = "/westport/audit/"


def row_of(html: str, text: str) -> str:
    return next(row for row in re.findall(r"<tr>.*?</tr>", html, re.S) if text in row)


@pytest.mark.req("S.3")
def test_a_returned_report_reads_as_a_sentence_with_the_chiefs_name_and_username(member, client_for):
    report = make_report(member("sro"), status="returned", number="2026-0042")
    chief = member("chief")
    record(Actor(user=chief.user, source="198.51.100.7"), "form_a.returned", report, agreement=chief.agreement)
    html = client_for("chief").get(URL).content.decode()
    row = row_of(html, "returned for correction")
    assert f"Form A {report.number} returned for correction" in row
    assert "Alan Mercer (chief)" in row
    assert re.search(r'<td data-label="When" class="when"><time datetime="[^"]+">\w{3} \d+, \d{4}, ', row)


@pytest.mark.req("S.3")
def test_a_draft_entry_names_the_report_by_the_number_it_has_now(member, client_for):
    report = make_report(member("sro"), number="2026-0043")
    sro = member("sro")
    record(
        Actor(user=sro.user, source="198.51.100.7"),
        "form_a.draft_saved",
        report,
        agreement=sro.agreement,
        changes={"fields": ["location"]},
    )
    row = row_of(client_for("chief").get(URL).content.decode(), "draft saved")
    assert "draft #" not in row
    assert f"Form A {report.number} draft saved" in row
    assert "<dt>Fields</dt><dd>Location of Incident</dd>" in row  # the field by its label


def test_an_unnumbered_draft_is_a_draft_and_its_fields_go_by_their_labels(member):
    sro = member("sro")
    report = make_report(sro)
    type(report).objects.filter(pk=report.pk).update(number="")
    entry = record(
        Actor(user=sro.user, source="198.51.100.7"),
        "form_a.draft_saved",
        report,
        agreement=sro.agreement,
        changes={"fields": ["incident_date", "Student A: known_disability"], "due_date": ["2026-10-01", "2026-10-02"]},
    )
    (shown,) = readable([entry])
    assert shown.what == "A Form A draft saved"
    assert shown.who == f"{sro.user.get_full_name()} (sro)"
    assert dict(shown.changes) == {
        "Fields": "Date of Investigation/Intervention, Student A: known disability",
        "Due date": "2026-10-01 → 2026-10-02",
    }


def test_the_system_and_unknown_actions_still_read_as_words(member):
    chief = member("chief")
    entry = record(Actor.system("load_demo"), "evaluation.feedback_recorded", chief, agreement=chief.agreement)
    (shown,) = readable([entry])
    assert shown.who == "The system (load_demo)"
    assert shown.what.endswith("feedback recorded")
    assert phrase("compilation.send") == "sent to the Superintendent"
    assert action_label("form_a.returned") == "Form A: returned for correction"


def test_the_action_filter_offers_phrases(client_for, member):
    chief = member("chief")
    record(Actor(user=chief.user, source="198.51.100.7"), "form_a.returned", chief, agreement=chief.agreement)
    html = client_for("chief").get(URL).content.decode()
    assert '<option value="form_a.returned">Form A: returned for correction</option>' in html
    assert AuditEntry.objects.filter(action="form_a.returned").exists()
