"""The school calendar pages (P.2): month grids for everyone, import and day edits for the district."""

from __future__ import annotations

import base64
import binascii
import calendar as pycalendar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Membership
from agreements.access import member_view
from audit.log import Actor
from schoolcalendar import actions
from schoolcalendar.forms import ReadingsForm, UploadForm, dates_of
from schoolcalendar.ics import CalendarFile, CalendarFileError, CalendarPlan, plan_calendar, read_calendar, warnings
from schoolcalendar.models import EDITOR_ROLES, CalendarDay, SchoolYear

DATE_SLOT = "0000-00-00"

# Sunday first, as US school calendars print.
WEEKS = pycalendar.Calendar(firstweekday=pycalendar.SUNDAY)


def get_calendar_day(membership: Membership, iso: str) -> CalendarDay:
    """The agreement district's CalendarDay for ISO (YYYY-MM-DD), or 404."""
    try:
        day = date.fromisoformat(iso)
    except ValueError:
        raise Http404("No such date.") from None
    found = (
        CalendarDay.objects.select_related("school_year")
        .filter(school_year__district=membership.agreement.district, date=day)
        .first()
    )
    if found is None:
        raise Http404("That date is in no school year of the district's calendar.")
    return found


@dataclass(frozen=True)
class Cell:
    date: date
    day: CalendarDay | None  # None: the month's days before the first or after the last day of school
    today: bool

    @property
    def state(self) -> str:
        if self.day is None:
            return "outside"
        return "on" if self.day.in_session else "off"


def day_cell(cell: Cell, *, set_day_url: str = "", csrf_token: str = "") -> SafeString:
    """One day of the grid as a table cell; with SET_DAY_URL (an editor), a button that switches it.

    Written here rather than as an included template: a school year is some 300 cells, and the
    template engine spent about a third of a millisecond on each (most of the calendar page).
    """
    d, day = cell.date, cell.day
    classes = (
        f"cal-day day-{cell.state}{' today' if cell.today else ''}{' edited' if day and day.changed_by_hand else ''}"
    )
    note = day.note if day else ""
    title = format_html(' title="{}"', note) if note else ""
    if day and set_day_url:
        now, then = ("school day", "no school") if day.in_session else ("no school", "a school day")
        label = f"{d:%A, %B} {d.day}: {now}{f' ({note})' if note else ''}. Mark as {then}."
        inner = format_html(
            '<form method="post" action="{url}" hx-post="{url}" hx-target="closest td" hx-swap="outerHTML">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
            '<input type="hidden" name="in_session" value="{value}">'
            '<button type="submit" class="cal-toggle" aria-label="{label}">{n}</button></form>\n',
            url=set_day_url.replace(DATE_SLOT, d.isoformat()),
            token=csrf_token,
            value="0" if day.in_session else "1",
            label=label,
            n=d.day,
        )
    else:
        state = "outside the school year" if not day else "school day" if day.in_session else "no school"
        inner = format_html(
            '<span class="cal-num">{}</span><span class="cal-sr">{}{}</span>', d.day, state, f": {note}" if note else ""
        )
    return format_html('<td id="d-{}" class="{}"{}>\n{}\n</td>\n', d.isoformat(), classes, title, inner)


def set_day_url(membership: Membership) -> str:
    """The URL that switches a day, with DATE_SLOT for the date (one reverse() for the whole grid)."""
    return reverse("schoolcalendar:set_day", args=[membership.agreement.slug, DATE_SLOT])


def month_grids(year: SchoolYear, days: dict[date, CalendarDay], today: date) -> list[dict[str, Any]]:
    """Each month of the school year as weeks of cells (None pads the week)."""
    months = []
    y, m = year.first_day.year, year.first_day.month
    while (y, m) <= (year.last_day.year, year.last_day.month):
        weeks = [
            [Cell(d, days.get(d), d == today) if d.month == m else None for d in week]
            for week in WEEKS.monthdatescalendar(y, m)
        ]
        in_month = [days[d] for d in sorted(days) if (d.year, d.month) == (y, m)]
        months.append(
            {
                "first": date(y, m, 1),
                "weeks": weeks,
                "school_days": sum(d.in_session for d in in_month),
                "notes": _notes(in_month),
            }
        )
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


def _notes(days: list[CalendarDay]) -> list[dict[str, Any]]:
    """The readable list beside a grid: weekdays off and remarked school days, runs joined."""
    notes: list[dict[str, Any]] = []
    for d in days:
        if not d.note or not (d.in_session or d.date.weekday() < 5):
            continue
        last = notes[-1] if notes else None
        if (
            last
            and (last["note"], last["in_session"]) == (d.note, d.in_session)
            and _next_weekday(last["end"]) == d.date
        ):
            last["end"] = d.date
        else:
            notes.append({"start": d.date, "end": d.date, "note": d.note, "in_session": d.in_session})
    return notes


def _next_weekday(d: date) -> date:
    d += timedelta(days=1)
    while d.weekday() >= 5:
        d += timedelta(days=1)
    return d


def _choose_year(years: list[SchoolYear], label: str | None, today: date) -> SchoolYear | None:
    if label:
        return next((y for y in years if y.label == label), None)
    return (
        next((y for y in years if y.first_day <= today <= y.last_day), None)
        or next((y for y in years if y.first_day > today), None)
        or (years[-1] if years else None)
    )


@member_view()
@require_GET
def calendar(request: HttpRequest, membership: Membership) -> HttpResponse:
    """The district's school calendar, one school year at a time, as month grids."""
    today = timezone.localdate()
    years = list(SchoolYear.objects.for_district(membership.agreement.district))
    year = _choose_year(years, request.GET.get("year"), today)
    if request.GET.get("year") and year is None:
        raise Http404("No such school year.")
    context: dict[str, Any] = {
        "years": years,
        "year": year,
        "can_edit": membership.role in EDITOR_ROLES,
        "today": today,
    }
    if year is not None:
        days = {d.date: d for d in year.days.all()}
        months = month_grids(year, days, today)
        url = set_day_url(membership) if context["can_edit"] else ""
        token = get_token(request) if url else ""
        for month in months:
            month["weeks"] = [
                [day_cell(cell, set_day_url=url, csrf_token=token) if cell else None for cell in week]
                for week in month["weeks"]
            ]
        # Open at today's month: earlier months of this school year fold away below it.
        this_month = date(today.year, today.month, 1)
        if year.first_day <= today <= year.last_day:
            context["earlier"] = [m for m in months if m["first"] < this_month]
            months = [m for m in months if m["first"] >= this_month]
        context["months"] = months
        context["school_days"] = sum(d.in_session for d in days.values())
    return render(request, "schoolcalendar/calendar.html", context)


@member_view(*EDITOR_ROLES)
@require_POST
def set_day(request: HttpRequest, membership: Membership, day: str) -> HttpResponse:
    """Mark one date as a school day or not; htmx gets the new cell, a plain form a redirect."""
    found = get_calendar_day(membership, day)
    wanted = request.POST.get("in_session")
    if wanted not in ("0", "1"):
        return HttpResponseBadRequest("Say whether school is in session that day: in_session must be 1 or 0.")
    found = actions.do_set_day(Actor.from_request(request), membership.agreement, found, in_session=wanted == "1")
    if request.headers.get("HX-Request"):
        cell = Cell(found.date, found, found.date == timezone.localdate())
        return HttpResponse(day_cell(cell, set_day_url=set_day_url(membership), csrf_token=get_token(request)))
    messages.success(
        request,
        f"{found.date:%A, %B} {found.date.day}, {found.date.year} is now "
        f"{'a school day' if found.in_session else 'a day without school'}.",
    )
    url = reverse("schoolcalendar:calendar", args=[membership.agreement.slug])
    return redirect(f"{url}?year={found.school_year.label}#d-{found.date.isoformat()}")


def _preview_rows(form: ReadingsForm, calendar: CalendarFile, plan: CalendarPlan | None) -> list[dict[str, Any]]:
    """One row for each summary the file uses, with its dates, its reading and why."""
    remarks = {e.index: remark for e, _, remark in plan.rows()} if plan else {e.index: e.why for e in calendar.events}
    rows = []
    for group in form.groups:
        said = [remarks[e.index] for e in group]
        inside = [r for r in said if not r.startswith("outside")]
        rows.append(
            {
                "event": group[0],
                "dates": dates_of(group),
                "field": form[form.name_for(group)],
                "remark": (inside or said)[0],
            }
        )
    return rows


def _preview(
    request: HttpRequest,
    membership: Membership,
    form: ReadingsForm,
    calendar: CalendarFile,
    plan: CalendarPlan | None,
    error: str = "",
    chosen: set[str] | None = None,
) -> HttpResponse:
    years = []
    if plan is not None:
        saved = {
            y.label: y
            for y in SchoolYear.objects.filter(
                district=membership.agreement.district, label__in=[p.label for p in plan.years]
            )
        }
        for year in plan.years:
            replaces = saved.get(year.label)
            hand_edits = replaces.days.filter(changed_by_hand=True).count() if replaces else 0
            years.append(
                {
                    "plan": year,
                    "replaces": replaces,
                    "hand_edits": hand_edits,
                    "chosen": chosen is None or year.label in chosen,
                }
            )
    return render(
        request,
        "schoolcalendar/import_preview.html",
        {
            "form": form,
            "rows": _preview_rows(form, calendar, plan),
            "plan": plan,
            "years": years,
            "chosen_count": sum(y["chosen"] for y in years),
            "calendar_file": calendar,
            "warnings": warnings(calendar, plan, membership.agreement.district) if plan else [],
            "error": error,
        },
        status=400 if error else 200,
    )


@member_view(*EDITOR_ROLES)
@require_http_methods(["GET", "POST"])
def import_calendar(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Upload a district .ics file, see how each event reads, correct readings, then save."""
    if request.method == "GET" or "calendar" in request.FILES or "ics" not in request.POST:
        upload = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and upload.is_valid():
            raw = upload.cleaned_data["raw"]
            calendar = upload.cleaned_data["calendar_file"]
            form = ReadingsForm(
                events=list(calendar.events),
                initial={"ics": base64.b64encode(raw).decode(), "filename": upload.cleaned_data["calendar"].name},
            )
            return _preview(request, membership, form, calendar, upload.cleaned_data["plan"])
        status = 400 if request.method == "POST" else 200
        return render(request, "schoolcalendar/import.html", {"form": upload}, status=status)

    # Second step: the file comes back from the preview, with the readings as staff left them.
    try:
        raw = base64.b64decode(request.POST["ics"], validate=True)
        calendar = read_calendar(raw)
    except (binascii.Error, CalendarFileError):
        error = "The calendar sent back from the preview was damaged. Upload the file again; nothing was changed."
        return render(request, "schoolcalendar/import.html", {"form": UploadForm(), "error": error}, status=400)
    form = ReadingsForm(request.POST, events=list(calendar.events))
    if not form.is_valid():
        return _preview(request, membership, form, calendar, None, "Choose a reading for every event.")
    try:
        plan = plan_calendar(calendar, form.overrides())
    except CalendarFileError as e:
        return _preview(request, membership, form, calendar, None, str(e))
    # Which school years to save: all of them, until the preview's boxes say otherwise.
    labels = {y.label for y in plan.years}
    chosen = labels & set(request.POST.getlist("year")) if "years_shown" in request.POST else labels
    if request.POST.get("step") != "save":
        return _preview(request, membership, form, calendar, plan, chosen=chosen)
    if not chosen:
        error = "Choose at least one school year to save. Nothing was saved."
        return _preview(request, membership, form, calendar, plan, error, chosen=chosen)
    full_plan, plan = plan, plan.only(chosen)
    try:
        changed = actions.do_import_calendar(
            Actor.from_request(request), membership.agreement, plan, source=form.cleaned_data["filename"]
        )
    except actions.CalendarRefused as e:
        return _preview(request, membership, form, calendar, full_plan, str(e), chosen=chosen)
    for year, did_change in zip(plan.years, changed, strict=True):
        if did_change:
            messages.success(
                request,
                f"Saved the {year.label} school year: {year.school_day_count} school days from "
                f"{year.first_day:%B} {year.first_day.day}, {year.first_day.year} to "
                f"{year.last_day:%B} {year.last_day.day}, {year.last_day.year}.",
            )
        else:
            messages.info(request, f"The {year.label} school year was already saved as in this file: nothing changed.")
    label = plan.years[0].label
    return redirect(f"{reverse('schoolcalendar:calendar', args=[membership.agreement.slug])}?year={label}")
