"""The monthly compilation duty in plain sight (issue 9): the Chief's dashboard says which month's
compilation is to prepare or send and by when; the Superintendent's says what waits for their
acknowledgement, in words meant for the reader, never the sender's (VII.9)."""

from __future__ import annotations

import re
from datetime import date

import pytest
import time_machine

from audit.log import Actor
from reporting import compilation as compiling
from reporting.models import MonthlyCompilation
from reporting.tests.factories_compilation import local, make_report

NOW = local(date(2026, 12, 2), 9)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def prepare(member, month=date(2026, 11, 1)):
    make_report(member("sro"), submitted_at=local(month.replace(day=3)), status="received")
    return compiling.do_prepare_compilation(Actor.system("test"), member("chief").agreement, month)


def panel(html: str) -> str:
    return re.search(r'<section class="card duty".*?</section>', html, re.S).group(0)


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.req("VII.9")
def test_the_chiefs_dashboard_says_the_month_to_compile_and_its_due_date(member, client_for):
    shown = text(panel(client_for("chief").get("/westport/").content.decode()))
    assert "November 2026: to prepare" in shown
    # Due on the first school day of December (the demo calendar's December 1 is a school day).
    assert re.search(r"Due \w+day, December \d, 2026", shown)


@pytest.mark.req("VII.9")
def test_a_prepared_compilation_is_on_the_chiefs_dashboard_to_send_with_a_button(member, client_for):
    compilation = prepare(member)
    html = panel(client_for("chief").get("/westport/").content.decode())
    assert "Compilation November 2026: to review and send to the Superintendent" in text(html)
    assert f'href="/westport/compilations/{compilation.id}/">Review and send</a>' in html
    assert "overdue" in text(html)  # due December 1, today is December 2


@pytest.mark.req("VII.9")
def test_once_sent_the_chief_sees_it_waits_for_the_superintendent(member, client_for):
    compilation = prepare(member)
    compiling.do_send_compilation(Actor.system("test"), compilation)
    shown = text(panel(client_for("chief").get("/westport/").content.decode()))
    assert "waiting for the Superintendent's acknowledgement" in shown


@pytest.mark.req("VII.9")
def test_the_superintendent_sees_what_waits_for_acknowledgement_never_the_senders_words(member, client_for):
    compilation = prepare(member)
    compiling.do_send_compilation(Actor.system("test"), compilation)
    superintendent = client_for("superintendent")
    home = superintendent.get("/westport/").content.decode()
    assert "1 compilation waiting for your acknowledgement" in text(panel(home))
    assert 'Compilations <span class="badge">1 waiting</span>' in home
    for page in (home, superintendent.get("/westport/compilations/").content.decode()):
        assert "Sent to the Superintendent" not in page
        assert "sent to the Superintendent" not in page
    detail = superintendent.get(f"/westport/compilations/{compilation.id}/").content.decode()
    assert "Sent to the Superintendent" not in detail
    assert "Waiting for your acknowledgement" in detail and "Received " in detail
    # The Chief, the sender, still reads "Sent to the Superintendent".
    assert (
        "Sent to the Superintendent"
        in client_for("chief").get(f"/westport/compilations/{compilation.id}/").content.decode()
    )


@pytest.mark.req("VII.9")
def test_with_nothing_waiting_the_superintendent_is_told_who_sends_what_and_when(client_for):
    shown = text(panel(client_for("superintendent").get("/westport/").content.decode()))
    assert "No compilation is waiting for your acknowledgement" in shown
    assert "The Chief sends you each month's Form As" in shown


@pytest.mark.req("VII.9")
def test_sending_and_acknowledging_ask_first(member, client_for):
    """One tap opens the question; the real submit button is inside it (a popover: no script)."""
    compilation = prepare(member)
    html = client_for("chief").get(f"/westport/compilations/{compilation.id}/").content.decode()
    opener = re.search(r"<button[^>]*popovertarget=\"confirm-send\"[^>]*>([^<]*)</button>", html)
    assert opener and 'type="button"' in opener.group(0) and opener.group(1) == "Send to the Superintendent…"
    dialog = re.search(r'<div popover id="confirm-send".*?</div>', html, re.S).group(0)
    assert "cannot be recalled" in dialog
    assert f'action="/westport/compilations/{compilation.id}/send"' in dialog and ">Yes, send it</button>" in dialog
    compiling.do_send_compilation(Actor.system("test"), compilation)
    html = client_for("superintendent").get(f"/westport/compilations/{compilation.id}/").content.decode()
    assert 'popovertarget="confirm-acknowledge"' in html and ">Yes, acknowledge receipt</button>" in html


@pytest.mark.req("S.4")
def test_a_month_is_chosen_with_a_month_and_a_year_select(member, client_for):
    chief = client_for("chief")
    html = chief.get("/westport/compilations/").content.decode()
    assert 'type="month"' not in html
    assert re.search(r'<select name="month_month" id="id_month" required>', html)
    assert re.search(r'<select name="month_year" id="id_month_year" aria-label="Year" required>', html)
    assert '<option value="11" selected>November</option>' in html  # the month just ended
    make_report(member("sro"), submitted_at=local(date(2026, 11, 3)), status="received")
    response = chief.post("/westport/compilations/prepare", {"month_month": "11", "month_year": "2026"})
    assert response.status_code == 302
    assert MonthlyCompilation.objects.filter(month=date(2026, 11, 1)).exists()


@pytest.mark.req("S.4")
def test_half_a_month_is_refused_and_changes_nothing(member, client_for):
    response = client_for("chief").post("/westport/compilations/prepare", {"month_month": "11", "month_year": ""})
    assert response.status_code == 302
    assert not MonthlyCompilation.objects.exists()


@pytest.mark.req("S.4")
def test_the_inbox_month_filter_reads_the_two_selects_and_the_old_form(client_for):
    chief = client_for("chief")
    html = chief.get("/westport/reports/inbox/?month_month=11&month_year=2026").content.decode()
    assert '<option value="11" selected>November</option>' in html and '<option value="2026" selected>' in html
    assert chief.get("/westport/reports/inbox/?month=2026-11").status_code == 200
    assert "Enter a valid date" in chief.get("/westport/reports/inbox/?month_month=13&month_year=x").content.decode()
