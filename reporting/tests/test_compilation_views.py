"""The compilation pages: the Chief reviews and sends, the Superintendent acknowledges (VII.9)."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from audit.log import Actor
from audit.models import AuditEntry
from reporting import compilation as compiling
from reporting.models import MonthlyCompilation
from reporting.tests.factories_compilation import local, make_report

NOW = local(date(2026, 12, 2), 9)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def prepared(member):
    make_report(member("sro"), submitted_at=local(date(2026, 11, 3)), status="received")
    return compiling.do_prepare_compilation(Actor.system("test"), member("chief").agreement, date(2026, 11, 1))


def url(c, action=""):
    return f"/westport/compilations/{c.id}/{action}"


@pytest.mark.req("VII.9")
def test_the_chief_reviews_sends_and_the_superintendent_acknowledges(prepared, client_for):
    chief, sup = client_for("chief"), client_for("superintendent")
    page = chief.get(url(prepared))
    assert page.status_code == 200
    assert b"Summary" in page.content and b"Send to the Superintendent" in page.content
    assert "no-store" in page["Cache-Control"]
    assert sup.get(url(prepared)).status_code == 404  # not delivered yet
    assert chief.post(url(prepared, "send")).status_code == 302
    assert sup.get(url(prepared)).status_code == 200
    assert sup.post(url(prepared, "acknowledge")).status_code == 302
    assert MonthlyCompilation.objects.get().status == "acknowledged"
    assert {"compilation.view", "compilation.send", "compilation.acknowledge"} <= set(
        AuditEntry.objects.values_list("action", flat=True)
    )


@pytest.mark.req("VII.11")
def test_the_pdf_is_served_without_caching_and_once_sent_it_is_the_stored_file(prepared, client_for, member):
    chief = client_for("chief")
    preview = chief.get(url(prepared, "pdf"))
    assert preview.status_code == 200 and preview["Content-Type"] == "application/pdf"
    assert "no-store" in preview["Cache-Control"]
    assert 'filename="westport-compilation-2026-11.pdf"' in preview["Content-Disposition"]
    chief.post(url(prepared, "send"))
    prepared.refresh_from_db()
    served = b"".join(client_for("superintendent").get(url(prepared, "pdf")).streaming_content)
    assert served == prepared.pdf.open("rb").read()


@pytest.mark.req("VII.9")
def test_the_chief_compiles_a_month_on_demand_and_bad_months_are_refused(member, client_for):
    chief = client_for("chief")
    response = chief.post("/westport/compilations/prepare", {"month": "2026-13"}, follow=True)
    assert "“2026-13” is not a month" in response.content.decode()
    response = chief.post("/westport/compilations/prepare", {"month": "2026-12"}, follow=True)
    assert "December 2026 has not ended yet" in response.content.decode()
    assert not MonthlyCompilation.objects.exists()
    response = chief.post("/westport/compilations/prepare", {"month": "2026-10"}, follow=True)
    assert "During the month period consisting of October 1, 2026 to October 31, 2026" in response.content.decode()
    response = chief.post("/westport/compilations/prepare", {"month": "2026-10"}, follow=True)
    assert "already compiled" in response.content.decode()
    assert MonthlyCompilation.objects.count() == 1


def test_sending_twice_says_so_and_changes_nothing(prepared, client_for):
    chief = client_for("chief")
    chief.post(url(prepared, "send"))
    response = chief.post(url(prepared, "send"), follow=True)
    assert "was already sent to the Superintendent" in response.content.decode()


def test_the_list_shows_the_superintendent_only_what_was_sent(prepared, client_for, django_assert_max_num_queries):
    with django_assert_max_num_queries(27):  # 25, and the nav's two counts of what waits
        chief_list = client_for("chief").get("/westport/compilations/")
    assert b"November 2026" in chief_list.content
    assert b"November 2026" not in client_for("superintendent").get("/westport/compilations/").content


def test_the_actions_need_post(prepared, client_for):
    assert client_for("chief").get(url(prepared, "send")).status_code == 405
    assert client_for("superintendent").get(url(prepared, "acknowledge")).status_code == 405


@pytest.mark.req("VII.10")
def test_on_the_superintendent_route_the_chief_has_no_access(prepared, member, client_for):
    agreement = member("chief").agreement
    agreement.chief_post_certified = False
    agreement.save()
    assert client_for("chief").get("/westport/compilations/").status_code == 403
    assert client_for("chief").get(url(prepared)).status_code == 403
