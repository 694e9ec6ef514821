"""Filing a two-student Form A at phone width by keyboard alone, and by touch, counting the Tab
presses and the taps it takes (VII.3). The figures are printed (`pytest -s`) and pinned.

The count is the Tab presses a person needs to move from each thing they fill in to the next,
in the page's order, from the dashboard to the submitted report: every focus stop passed on the
way counts, as it does for a person.
"""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import Locator, Page, expect

from agreements.demo import demo_password
from reporting.tests.test_browser_form_a import pass_the_gate, sign_in

pytestmark = [pytest.mark.browser]
NARRATIVE = "The reason for and nature of such investigation and/or behavioral intervention"
TAB_BUDGET = 60
TAP_BUDGET = 26


class Keyboard:
    """A person at a keyboard: Tab to a control (counted), then type, Space or the arrows."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.tabs = 0

    def tab_to(self, target: Locator) -> None:
        before = self.tabs
        for _ in range(400):
            if target.evaluate("(e) => e === document.activeElement"):
                if os.environ.get("TAB_TRACE"):
                    print(f"{self.tabs - before:4d}  {target}")
                return
            self.page.keyboard.press("Tab")
            self.tabs += 1
            if os.environ.get("TAB_TRACE") == "2":
                print("      ", self.page.evaluate("document.activeElement.outerHTML.slice(0, 90)"))
        raise AssertionError(f"Tab never reached {target}")

    def type_into(self, target: Locator, text: str) -> None:
        self.tab_to(target)
        self.page.keyboard.type(text)

    def check(self, target: Locator) -> None:
        self.tab_to(target)
        self.page.keyboard.press("Space")
        expect(target).to_be_checked()

    def choose(self, group: Locator, position: int) -> None:
        """A radio group is one stop: Tab lands on its first radio, the arrows choose."""
        radios = group.get_by_role("radio")
        self.tab_to(radios.first)
        if position == 0:
            self.page.keyboard.press("Space")
        for _ in range(position):
            self.page.keyboard.press("ArrowRight")
        expect(radios.nth(position)).to_be_checked()

    def skip(self) -> None:
        """Past the header's links by the page's skip link: a Tab, Enter."""
        self.press(self.page.get_by_role("link", name="Skip to content"))

    def press(self, target: Locator) -> None:
        self.tab_to(target)
        self.page.keyboard.press("Enter")


# Counts htmx requests in flight and notes an edit on Form A whose autosave has not been sent yet
# (edit.html: hx-trigger="change, input delay:2s"), on every page of the test's tab.
TRACK_AUTOSAVE = """
window.__inflight = 0; window.__unsent = false; window.__lastEdit = 0;
const edited = (e) => {
  if (e.target.closest && e.target.closest("form.forma")) { window.__unsent = true; window.__lastEdit = performance.now(); }
};
document.addEventListener("input", edited, true);
document.addEventListener("change", edited, true);
document.addEventListener("htmx:beforeSend", (e) => {
  window.__inflight++;
  if (e.target.matches && e.target.matches("form.forma")) window.__unsent = false;
});
document.addEventListener("htmx:afterRequest", () => { window.__inflight = Math.max(0, window.__inflight - 1); });
"""


def settle(page: Page) -> None:
    """Let autosave land: the live server's in-memory database has one connection. Waits out the
    autosave's two-second pause, then until every edit's autosave has been sent (or 4 s have
    passed without one: an edit htmx does not save) and no htmx request is in flight.
    ("networkidle" alone returns at once if it was reached before the pause ran out.) The pause
    also lets headless Chromium settle after a swap moved the focus: a field tapped at once then
    took no typed text (seen on "Add a student", 2026-12-06)."""
    page.wait_for_timeout(2_200)  # edit.html: hx-trigger="change, input delay:2s"
    page.wait_for_function(
        "() => window.__inflight === 0 && (!window.__unsent || performance.now() - window.__lastEdit > 4000)",
        polling=100,
        timeout=20_000,
    )


def start(live_demo, page: Page) -> None:
    from agreements.models import Agreement
    from schoolcalendar.demo import load as load_calendars

    load_calendars(Agreement.objects.get(slug="westport"))
    page.add_init_script(TRACK_AUTOSAVE)
    sign_in(page, live_demo.url, "sro")
    page.wait_for_load_state("load")


def student(page: Page, letter: str) -> Locator:
    return page.get_by_role("group", name=f"Student {letter}", exact=True)


def assert_filed() -> None:
    from reporting.models import FormA

    report = FormA.objects.get()
    assert report.status == FormA.Status.SUBMITTED
    assert [(s.label, s.age, s.gender, s.detained_minutes) for s in report.students.order_by("position")] == [
        ("Student A", 16, "female", None),
        ("Student B", 15, "male", 20),
    ]


@pytest.mark.req("VII.3")
@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_an_sro_files_a_two_student_form_a_by_keyboard_alone(live_demo, page):
    start(live_demo, page)
    k = Keyboard(page)
    k.skip()
    k.press(page.get_by_role("link", name="File a Form A").first)
    page.wait_for_load_state("load")
    k.choose(page.get_by_role("group", name="Did the challenging behavior or conflict escalate to violence?"), 0)
    k.choose(page.get_by_role("group", name="Does the challenging behavior or conflict constitute a crime?"), 1)
    k.press(page.get_by_role("button", name="Continue"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Form A draft")
    page.wait_for_load_state("load")

    k.type_into(page.get_by_label("Date of Investigation/Intervention"), "11242026")
    k.type_into(page.get_by_label("Time of Investigation/Intervention"), "1120AM")
    k.type_into(page.get_by_label("Location of Incident"), "Cafeteria, east side")
    k.type_into(page.get_by_label(NARRATIVE), "Student A struck Student B in the lunch line.")
    k.check(page.get_by_label("Referral to administration for possible discipline"))
    k.check(page.get_by_label("Search of student(s) by SRO"))

    a = student(page, "A")
    k.type_into(a.get_by_label("Age", exact=True), "16")
    k.choose(a.get_by_role("group", name="Gender"), 1)  # Female
    k.check(a.get_by_label("White", exact=True))
    k.choose(a.get_by_role("group", name="Does the student have a known disability?"), 1)
    k.check(a.get_by_label("Searched by SRO"))
    k.check(a.get_by_label("Apprised of constitutional rights"))
    settle(page)
    k.press(page.get_by_role("button", name="Add a student"))
    b = student(page, "B")
    expect(b).to_be_visible()
    settle(page)
    k.type_into(b.get_by_label("Age", exact=True), "15")
    k.choose(b.get_by_role("group", name="Gender"), 0)  # Male
    k.check(b.get_by_label("Black or African American"))
    k.choose(b.get_by_role("group", name="Does the student have a known disability?"), 0)
    k.check(b.get_by_label("Detained", exact=True))
    k.type_into(b.get_by_label("If detained, how long the student was detained (minutes)"), "20")
    k.page.keyboard.press("Tab")
    k.tabs += 1
    settle(page)
    k.press(page.get_by_role("button", name="Review and sign"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Review and sign")
    page.wait_for_load_state("load")
    k.skip()
    k.type_into(page.get_by_label("Your password or authenticator code"), demo_password())
    k.press(page.get_by_role("button", name="Sign and submit"))
    expect(page.get_by_role("status")).to_contain_text("was submitted")
    print(f"\nKeyboard only, two-student Form A at 390 px: {k.tabs} Tab presses")
    assert_filed()
    assert k.tabs < TAB_BUDGET


@pytest.mark.req("VII.3")
@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_an_sro_files_a_two_student_form_a_by_touch(live_demo, page):
    start(live_demo, page)
    taps = 0

    def tap(target: Locator) -> None:
        nonlocal taps
        target.tap()
        taps += 1

    def tap_and_type(target: Locator, text: str) -> None:
        # A field that already has the focus (the first one to fill) needs no tap.
        if not target.evaluate("(e) => e === document.activeElement"):
            tap(target)
        page.keyboard.type(text)

    tap(page.get_by_role("link", name="File a Form A").first)
    tap(
        page.get_by_role("group", name="Did the challenging behavior or conflict escalate to violence?").get_by_label(
            "Yes"
        )
    )
    tap(
        page.get_by_role("group", name="Does the challenging behavior or conflict constitute a crime?").get_by_label(
            "No"
        )
    )
    tap(page.get_by_role("button", name="Continue"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Form A draft")
    page.wait_for_load_state("load")
    tap_and_type(page.get_by_label("Date of Investigation/Intervention"), "11242026")
    tap_and_type(page.get_by_label("Time of Investigation/Intervention"), "1120AM")
    tap_and_type(page.get_by_label("Location of Incident"), "Cafeteria, east side")
    tap_and_type(page.get_by_label(NARRATIVE), "Student A struck Student B in the lunch line.")
    tap(page.get_by_label("Referral to administration for possible discipline"))
    tap(page.get_by_label("Search of student(s) by SRO"))
    a = student(page, "A")
    tap_and_type(a.get_by_label("Age", exact=True), "16")
    tap(a.get_by_role("group", name="Gender").get_by_label("Female"))
    tap(a.get_by_label("White", exact=True))
    tap(a.get_by_role("group", name="Does the student have a known disability?").get_by_label("No"))
    tap(a.get_by_label("Searched by SRO"))
    tap(a.get_by_label("Apprised of constitutional rights"))
    settle(page)
    tap(page.get_by_role("button", name="Add a student"))
    b = student(page, "B")
    expect(b).to_be_visible()
    settle(page)
    tap_and_type(b.get_by_label("Age", exact=True), "15")
    tap(b.get_by_role("group", name="Gender").get_by_label("Male", exact=True))
    tap(b.get_by_label("Black or African American"))
    tap(b.get_by_role("group", name="Does the student have a known disability?").get_by_label("Yes"))
    tap(b.get_by_label("Detained", exact=True))
    tap_and_type(b.get_by_label("If detained, how long the student was detained (minutes)"), "20")
    page.locator("h1").tap()  # leave the field: its change is saved (not counted: any tap elsewhere)
    settle(page)
    tap(page.get_by_role("button", name="Review and sign"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Review and sign")
    tap_and_type(page.get_by_label("Your password or authenticator code"), demo_password())
    tap(page.get_by_role("button", name="Sign and submit"))
    expect(page.get_by_role("status")).to_contain_text("was submitted")
    print(f"\nBy touch, two-student Form A at 390 px: {taps} taps")
    assert_filed()
    assert taps <= TAP_BUDGET


@pytest.mark.req("VII.2")
@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_moving_through_a_draft_by_tab_saves_nothing_and_typing_saves_after_a_pause(live_demo, page):
    """Autosave follows changes, not keys: Tab, Shift and the arrows send nothing (a save sent by a
    Tab could land while "Review and sign" is being read), and typing is saved once it pauses."""
    start(live_demo, page)
    page.get_by_role("link", name="File a Form A").first.click()
    pass_the_gate(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Form A draft")
    page.wait_for_load_state("networkidle")
    saves = []
    page.on("request", lambda r: saves.append(r) if r.url.endswith("/save/") else None)

    page.get_by_label("Location of Incident").focus()
    for key in ["Tab", "Tab", "Shift+Tab", "ArrowDown", "Tab", "Shift+Tab", "Shift+Tab"]:
        page.keyboard.press(key)
    settle(page)
    assert saves == []

    page.get_by_label("Location of Incident").focus()
    # Wait for the save's answer itself: "networkidle" was reached before, so waiting for it again
    # returns at once, and on a busy machine the save could still be on its way.
    with page.expect_response(lambda r: r.url.endswith("/save/")):
        page.keyboard.type("Library")
    settle(page)
    assert len(saves) == 1
    from reporting.models import FormA

    assert FormA.objects.get().location == "Library"
