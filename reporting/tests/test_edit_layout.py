"""The Form A page and the drafts list as the SRO uses them (VII.3, VII.8): the answered gate
and the officer collapse to one line, the first empty field has the focus, the error summary
links each problem to its field and shrinks as autosave corrects, and each draft says what it is."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from reporting import actions
from reporting.models import FormA
from reporting.tests.filing import actor, draft, post_data, submitted


def url(report: FormA, name: str = "reporting:edit") -> str:
    return reverse(name, kwargs={"slug": "westport", "pk": report.pk})


@pytest.mark.req("VII.3")
def test_on_reopening_the_answered_gate_and_the_officer_are_one_line_with_change(client_for, member):
    report = draft(member("sro"))
    page = client_for("sro").get(url(report)).content.decode()
    details = re.search(r'<details class="answered"([^>]*)>\s*<summary>(.*?)</summary>', page, re.S)
    assert details and "open" not in details.group(1)
    line = re.sub(r"<[^>]+>|\s+", " ", details.group(2))
    assert "Escalated to violence · not a crime · Officer Dana Whitcomb, badge 1147" in line
    assert "Change" in line
    # The questions are still there, inside, to change.
    assert 'name="escalated_to_violence"' in page.split('<details class="answered"')[1].split("</details>")[0]


@pytest.mark.req("VII.3")
def test_a_gate_answer_that_is_wrong_keeps_the_questions_open(client_for, member):
    report = draft(member("sro"))
    data = post_data(report, escalated_to_violence="False", constitutes_crime="False", review="1")
    page = client_for("sro").post(url(report), data).content.decode()
    assert re.search(r'<details class="answered" open>', page)


@pytest.mark.req("VII.3")
def test_the_first_empty_field_has_the_focus(client_for, member):
    sro = member("sro")
    report = actions.do_start_draft(actor(sro), sro, escalated_to_violence=True, constitutes_crime=False)
    page = client_for("sro").get(url(report)).content.decode()
    assert re.search(r'<input type="date" name="incident_date"[^>]*autofocus', page)
    page = client_for("sro").get(url(draft(sro, location=""))).content.decode()
    assert re.search(r'<input type="text" name="location"[^>]*autofocus', page)
    assert page.count("autofocus") == 1


@pytest.mark.req("VII.3")
def test_the_error_summary_links_each_problem_to_its_field(client_for, member):
    report = draft(member("sro"), location="", incident_time=None)
    data = post_data(report, **{"students-0-gender": None, "review": "1"})
    page = client_for("sro").post(url(report), data).content.decode()
    summary = page.split('id="problems"')[1].split("</div>")[0]
    assert 'role="alert"' in page.split('id="problems"')[0][-200:] + summary[:200]
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary)
    assert [anchor for anchor, _ in links] == ["id_incident_time", "id_location", "id_students-0-gender"]
    assert links[1][1] == "Location of Incident: Enter the location of the incident."
    assert links[2][1].startswith("Student A, Gender: ")
    for anchor, _ in links:
        assert f'id="{anchor}"' in page  # each link leads to its field (a radio group's fieldset)
    assert 'name="problems_shown"' in page


@pytest.mark.req("VII.3")
def test_autosave_answers_with_the_summary_less_what_it_corrected(client_for, member):
    report = draft(member("sro"), location="", incident_time=None)
    client = client_for("sro")
    fragment = client.post(url(report, "reporting:save"), post_data(report, location="Gym", problems_shown="1"))
    html = fragment.content.decode()
    assert 'id="problems"' in html and 'hx-swap-oob="true"' in html
    assert "id_incident_time" in html and "id_location" not in html
    report.refresh_from_db()
    fragment = client.post(url(report, "reporting:save"), post_data(report, incident_time="11:20", problems_shown="1"))
    assert "Everything is corrected" in fragment.content.decode()
    # Without the summary on the page, autosave says nothing of it.
    assert 'id="problems"' not in client.post(url(report, "reporting:save"), post_data(report)).content.decode()


@pytest.mark.req("VII.3")
@pytest.mark.req("VII.8")
def test_drafts_say_what_each_is_returned_ones_first_with_the_reason(client_for, member, django_assert_max_num_queries):
    sro, chief = member("sro"), member("chief")
    plain = draft(sro, incident_date=date(2026, 11, 20), location="Gym, north door", students=2)
    returned = submitted(sro, incident_date=date(2026, 11, 24), location="Cafeteria")
    actions.do_return(actor(chief), returned, chief, reason="Student B’s age is missing from the narrative.")
    client = client_for("sro")
    with django_assert_max_num_queries(30):
        page = client.get(reverse("reporting:mine", kwargs={"slug": "westport"})).content.decode()
    text = re.sub(r"<[^>]+>|\s+", " ", page)
    assert text.index("Cafeteria") < text.index("Gym, north door")  # returned first
    assert "Nov. 20, 2026 · Gym, north door · 2 students" in text
    assert "Nov. 24, 2026 · Cafeteria · 1 student" in text
    assert re.search(r"<summary>Why it was returned</summary><p[^>]*>Student B’s age is missing", page)
    assert plain.pk and returned.pk


@pytest.mark.req("VII.4")
def test_each_free_text_field_is_described_by_its_guard_note(client_for, member):
    page = client_for("sro").get(url(draft(member("sro")))).content.decode()
    for name in ("location", "reason_and_nature", "disposition_other_text"):
        described = re.search(rf'name="{name}"[^>]*aria-describedby="([^"]+)"', page)
        assert described and f"guard-{name}" in described.group(1).split()
        assert f'id="guard-{name}"' in page
    assert re.search(r'name="location"[^>]*aria-describedby="id_location_helptext guard-location"', page)
