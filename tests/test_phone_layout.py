"""Pages that work on a phone (issue 9): every data table becomes stacked cards, each cell
saying what it is; the calendar's days without school are readable (4.5:1) and it opens at
today's month; the calendar import preview shows each reading whole."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from schoolcalendar.tests.conftest import small_year

ROOT = Path(settings.BASE_DIR)
CSS = (ROOT / "static/css/app.css").read_text()
NY = ZoneInfo("America/New_York")


@pytest.fixture
def calendars(demo):
    from schoolcalendar.demo import load

    load(demo)
    return demo


def page_templates() -> list[Path]:
    return [
        p
        for p in ROOT.glob("*/templates/**/*.html")
        if ".venv" not in p.parts and "pdf" not in p.parts and "emails" not in p.parts
    ] + list((ROOT / "templates").glob("*.html"))


def data_tables() -> list[tuple[Path, str]]:
    """Each table with a header row of three or more columns: one a phone cannot show as is.
    (A calendar month is a grid of seven short cells, made to fit.)"""
    found = []
    for path in page_templates():
        for table in re.findall(r"<table.*?</table>", path.read_text(), re.S):
            head = table.split("</thead>")[0] if "</thead>" in table else ""
            if len(re.findall(r"<th\b", head)) >= 3 and 'class="cal"' not in table:
                found.append((path, table))
    return found


def test_there_are_data_tables_to_check():
    assert len(data_tables()) > 15


@pytest.mark.parametrize(
    ("path", "table"), data_tables(), ids=lambda v: str(v.relative_to(ROOT)) if isinstance(v, Path) else ""
)
def test_every_data_table_stacks_into_cards_with_each_cell_labelled(path, table):
    opening = re.match(r"<table[^>]*>", table).group(0)
    assert re.search(r'class="[^"]*\bstack\b', opening), f"{path}: {opening} does not stack on a phone"
    body = table.split("</thead>", 1)[1]
    for cell, content in re.findall(r"(<td\b[^>]*>)(.*?)</td>", body, re.S):
        # A card's title (the person) and its buttons say what they are without a label.
        said = "data-label=" in cell or "colspan" in cell or re.search(r'class="[^"]*\b(person|actions)\b', cell)
        assert said or content.lstrip().startswith(("<form", "{% if")), f"{path}: {cell} has no data-label"


def luminance(hex_colour: str) -> float:
    r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def rule(selector: str) -> str:
    return re.search(re.escape(selector) + r"\s*\{([^}]*)\}", CSS).group(1)


def colour(declarations: str, prop: str) -> str:
    value = re.search(rf"(?<![-\w]){prop}:\s*([^;]+);", declarations).group(1).strip()
    if value.startswith("var("):
        name = value[4:-1]
        value = re.search(rf"{name}:\s*(#[0-9a-fA-F]{{6}})", CSS).group(1)
    return value


@pytest.mark.parametrize("selector", [".cal-day.day-off", ".day-off", ".cal-day.day-outside"])
def test_days_without_school_read_at_4_5_to_1_at_least(selector):
    declarations = rule(selector)
    background = colour(declarations, "background") if "background" in declarations else "#ffffff"
    assert contrast(colour(declarations, "color"), background) >= 4.5


@pytest.mark.req("P.2")
@time_machine.travel(datetime(2025, 11, 24, 9, tzinfo=NY), tick=False)
def test_the_calendar_opens_at_today_s_month_with_the_earlier_months_folded_below(calendars, client_for):
    page = client_for("sro").get("/westport/calendar/").content.decode()
    months = re.findall(r'<h3 id="m-(\d{4}-\d\d)"', page)
    assert months[0] == "2025-11"
    earlier = page.split('<details class="cal-earlier">')[1]
    assert (
        "Earlier this school year (August to October)" in earlier
        or "Earlier this school year (September to October)" in earlier
    )
    assert 'id="m-2025-09"' in earlier and 'id="m-2025-11"' not in earlier


@pytest.mark.req("P.2")
@time_machine.travel(datetime(2025, 11, 24, 9, tzinfo=NY), tick=False)
def test_another_school_year_opens_at_its_first_month(calendars, client_for):
    page = client_for("sro").get("/westport/calendar/?year=2026-27").content.decode()
    assert re.findall(r'<h3 id="m-(\d{4}-\d\d)"', page)[0] == "2026-08"
    assert "cal-earlier" not in page


def test_the_import_preview_stacks_each_reading_in_full(demo, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = small_year(
        ("Thanksgiving Recess", date(2025, 11, 26), date(2025, 11, 28)), ("Picture Day", date(2025, 9, 10))
    )
    client = client_for("steward")
    url = reverse("schoolcalendar:import", args=["westport"])
    page = client.post(url, {"calendar": SimpleUploadedFile("district.ics", data, "text/calendar")}).content.decode()
    table = re.search(r"<table class=\"stack cal-readings\">.*?</table>", page, re.S).group(0)
    assert table.count('data-label="Reading"') == 4
    assert ">No school</option>" in table and ">No change</option>" in table
    # On a phone the reading's select takes the card's whole width: nothing is cut off.
    assert re.search(r"\.cal-readings select \{ width: 100%; \}", CSS)
