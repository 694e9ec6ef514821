"""Random and boundary input to every form and query string of every page, as every persona:
never a 5xx, and nothing stored that Form A's forms would refuse (S.4).

Built on the access-rule tables (tests/test_access_rules.py), so a new page is covered as soon
as it has its access rule. The fields posted are the ones the pages themselves offer: each page
is read once as every persona allowed to see it, and each form, formaction and htmx request on
it is filed under the route it goes to. Hostile values are mixed with the page's own values, so
the requests get past the first check and reach the code behind it.

FUZZ_EXAMPLES sets the number of requests per route (default 8); raise it for a longer hunt:
FUZZ_EXAMPLES=200 .venv/bin/python -m pytest -q -p no:xdist tests/test_fuzz.py
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib.access_rules import EVERYONE
from reporting.tests.filing import calendar_fixture  # noqa: F401
from tests.test_access_rules import RULES

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10"))

# Values real people, real systems and attackers send: out-of-range dates and numbers, ids that
# overflow a database integer, text that is not text, formset counts that lie.
HOSTILE = [
    "",
    " ",
    "0",
    "-1",
    "1",
    "3",
    "22",
    "23",
    "1440",
    "1441",
    "40000",
    "2147483647",
    "9223372036854775808",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "abc",
    "True",
    "False",
    "on",
    "9999-12-31",
    "0001-01-01",
    "2016-01-01",
    "2023-11-27",
    "2026-02-30",
    "9999-12",
    "0000-00",
    "2026-13",
    "99999-01",
    "25:61",
    "\x00",
    "a\x00b",
    "\u200b\u00ad\u2060",
    "Ａ\uff10",
    "x" * 3001,
    "y" * 100_000,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../etc/passwd",
]
# Query parameters some page reads, whether or not a form on the page names them.
QUERY_NAMES = ["page", "month", "start", "end", "year", "q", "status", "school", "person", "action", "next"]


@dataclass
class Target:
    """A form (or an htmx request): where it goes, and the fields with the values the page gave."""

    requests: list[tuple[str, str]]
    fields: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


class FormFinder(HTMLParser):
    def __init__(self, page_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.targets: list[Target] = []
        self.form: Target | None = None
        self.select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        hx = [(m, a[f"hx-{m}"]) for m in ("get", "post") if a.get(f"hx-{m}")]
        if tag == "form":
            requests = [(a.get("method", "get").lower() or "get", a.get("action") or self.page_url), *hx]
            self.form = Target(requests)
            self.targets.append(self.form)
            return
        name = a.get("name")
        if hx and tag != "form":
            # An htmx request from an element: inside a form it sends the form; alone, itself.
            target = Target(hx)
            if name:
                target.fields[name].add(a.get("value", ""))
            if self.form is not None:
                target.fields = self.form.fields
            self.targets.append(target)
        if tag in ("button", "input") and a.get("formaction") and self.form is not None:
            self.form.requests.append((a.get("formmethod", "post").lower(), a["formaction"]))
        if self.form is None or not name:
            if tag == "option" and self.select and self.form is not None:
                self.form.fields[self.select].add(a.get("value", ""))
            return
        if tag in ("input", "textarea", "button"):
            self.form.fields[name].add(a.get("value", ""))
        elif tag == "select":
            self.select = name
            self.form.fields[name]

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None


def route_of(url: str) -> str | None:
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return None
    return f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name


Fields = dict[str, set[str]]


def forms_on(page: str, url: str) -> dict[tuple[str, str], Fields]:
    """(route, method) -> the fields, with their values, that PAGE (at URL) sends there."""
    finder = FormFinder(url)
    finder.feed(page)
    found: dict[tuple[str, str], Fields] = defaultdict(lambda: defaultdict(set))
    for target in finder.targets:
        for method, action in target.requests:
            if route := route_of(action):
                for field_name, values in target.fields.items():
                    found[route, method][field_name] |= values
    return found


# (route, method) -> the routes of the pages that send there; read once per test process.
_CATALOG: dict[tuple[str, str], set[str]] = {}


def catalog() -> dict[tuple[str, str], set[str]]:
    """For every route and method, the pages whose forms (or htmx requests) are sent there."""
    if _CATALOG:
        return _CATALOG
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    clients = {p: _client(p) for p in EVERYONE}
    for name, rule in sorted(RULES.items()):
        if rule.method != "get":
            continue
        allowed = [p for p, outcome in rule.expect.items() if outcome == 200]
        if not allowed:
            continue
        with transaction.atomic():
            url = reverse(name, kwargs=rule.resolve_kwargs())
            for persona in allowed:
                response = clients[persona].get(url)
                if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                    continue
                for key in forms_on(response.content.decode(), url):
                    found[key].add(name)
            transaction.set_rollback(True)
    _CATALOG.update(found)
    return _CATALOG


def _client(persona: str | None) -> Client:
    from accounts.models import User

    client = Client()
    if persona and persona != "anonymous":
        client.force_login(User.objects.get(username=persona))
    return client


def stored_problems() -> list[str]:
    """What is stored that Form A's forms would refuse: each field's own bounds, and the dates."""
    from reporting.forms import incident_date_problem
    from reporting.models import FormA, FormAStudent

    problems = []
    today = timezone.localdate()
    for model in (FormA, FormAStudent):
        fields = [f for f in model._meta.concrete_fields if not f.is_relation and not f.primary_key]
        for row in model.objects.all():
            for f in fields:
                value = getattr(row, f.attname)
                if value is None or value == "":
                    continue  # a draft may leave any field blank
                try:
                    f.run_validators(value)
                    if f.choices and value not in {str(k) for k, _ in f.flatchoices}:
                        raise ValidationError(f"{value!r} is not one of the choices")
                except ValidationError as e:
                    problems.append(f"{model.__name__} {row.pk} {f.name}: {e.messages}")
    for report in FormA.objects.select_related("agreement"):
        if problem := incident_date_problem(report.agreement, report.incident_date, today):
            problems.append(f"Form A {report.pk}: {problem}")
    return problems


BAD_DATES = ["9999-12-31", "0001-01-01", "2016-01-01", "2023-11-27", "2026-02-30", "99999-01-01", "2026-1-1"]
BAD_MONTHS = ["9999-12", "0001-01", "2016-01", "2026-13", "99999-01", "0000-00"]
BAD_NUMBERS = ["0", "-1", "2", "23", "1441", "40000", "2147483647", "9223372036854775808", "1" * 25, "1.5"]
ANY_BAD = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=20),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)


def bad_values(name: str, own: set[str]) -> st.SearchStrategy[str]:
    """Bad values of the field's own kind half the time (judged by its values, or its name)."""
    if any(re.fullmatch(r"\d{4}-\d\d-\d\d", v) for v in own) or re.search(r"date|start|end", name):
        kind = BAD_DATES
    elif any(re.fullmatch(r"\d{4}-\d\d", v) for v in own) or "month" in name:
        kind = BAD_MONTHS
    elif any(v.isdecimal() for v in own) or re.search(r"age|minutes|page|year|FORMS|-id$", name):
        kind = BAD_NUMBERS
    else:
        return ANY_BAD
    return st.one_of(st.sampled_from(kind), ANY_BAD)


def own_value(values: set[str]) -> st.SearchStrategy[str]:
    return st.sampled_from(sorted(values) or [""])


@st.composite
def form_data(draw, fields: Fields, extra: list[str]) -> dict[str, str]:
    """Either the page's own values with one to three of them made bad or left out (a request
    that gets past the first check), or every field at random."""
    names = sorted(fields)
    if names and draw(st.booleans()):
        data = {name: draw(own_value(fields[name])) for name in names}
        for name in draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True)):
            if draw(st.integers(0, 4)) == 0:
                del data[name]
            else:
                data[name] = draw(bad_values(name, fields[name]))
    else:
        data = {}
        for name in names:
            if draw(st.integers(0, 9)) < 7:
                data[name] = draw(st.one_of(own_value(fields[name]), bad_values(name, fields[name])))
    for name in extra:
        if name not in data and draw(st.integers(0, 3)) == 0:
            data[name] = draw(bad_values(name, set()))
    return data


def fields_now(client: Client, name: str, method: str, kwargs: dict) -> Fields:
    """The fields (and values) the pages that send to NAME offer this persona right now."""
    fields: Fields = defaultdict(set)
    for source in sorted(catalog().get((name, method), ())):
        url = _reverse_with_some(source, kwargs)
        if url is None:
            continue
        response = client.get(url)
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            for field_name, values in forms_on(response.content.decode(), url).get((name, method), {}).items():
                fields[field_name] |= values
    return fields


def _reverse_with_some(route: str, kwargs: dict) -> str | None:
    """ROUTE's URL with all of KWARGS (a page about the same report), or just the agreement."""
    for attempt in (kwargs, {k: v for k, v in kwargs.items() if k == "slug"}, {}):
        try:
            return reverse(route, kwargs=attempt)
        except NoReverseMatch:
            continue
    return None


def sweep_values(name: str, own: set[str]) -> list[str]:
    """The few values most likely to break a field of this kind, for the systematic sweep."""
    if any(re.fullmatch(r"\d{4}-\d\d-\d\d", v) for v in own) or re.search(r"date|start|end", name):
        kind = ["9999-12-31", "0001-01-01", "2016-01-01"]
    elif any(re.fullmatch(r"\d{4}-\d\d", v) for v in own) or "month" in name:
        kind = ["9999-12", "0001-01"]
    elif any(v.isdecimal() for v in own) or re.search(r"age|minutes|page|year|FORMS|-id$", name):
        kind = ["-1", "40000", "2147483647", "9223372036854775808"]
    else:
        kind = []
    return [*kind, "abc", "\x00", "y" * 5000]


@pytest.mark.req("S.4")
@pytest.mark.parametrize("name", sorted(RULES))
def test_no_input_to_any_page_gives_a_5xx_or_stores_what_a_form_refuses(name, demo, calendar):
    rule = RULES[name]
    catalog()  # first: it reads every page from the same clean state, undoing what it made
    kwargs = rule.resolve_kwargs()
    url = reverse(name, kwargs=kwargs)
    assert stored_problems() == []
    # Mostly the personas the page is for (others are refused before any input is read), and the
    # methods the route answers.
    allowed = sorted(p for p, outcome in rule.expect.items() if outcome in (200, 405)) or list(EVERYONE)
    methods = ["get"] if 200 in rule.expect.values() else []
    if 405 in rule.expect.values() or (name, "post") in catalog():
        methods.append("post")
    methods = methods or ["get", "post"]
    seen: dict[tuple[str, str], Fields] = {}

    def fields_for(persona: str, method: str) -> Fields:
        """What the pages that send here offer PERSONA (a POST-only route has no page of its own)."""
        if (persona, method) not in seen:
            with transaction.atomic():
                seen[persona, method] = fields_now(_client(persona), name, method, kwargs)
                transaction.set_rollback(True)
        return seen[persona, method]

    def send(persona: str, method: str, data: dict[str, str]) -> None:
        """One request, undone afterwards, so each starts from the same stored state."""
        with transaction.atomic():
            response = getattr(_client(persona), method)(url, data)
            assert response.status_code < 500, f"{method.upper()} {url} as {persona}: {response.status_code}"
            assert stored_problems() == [], f"{method.upper()} {url} as {persona}: {data}"
            transaction.set_rollback(True)

    # The sweep: every field alone, made bad in each likely way, the rest as the page has them.
    for method in methods:
        persona = allowed[0]
        own = fields_for(persona, method)
        base = {field_name: sorted(values)[-1] for field_name, values in own.items() if values}
        names = sorted(set(own) | (set(QUERY_NAMES) if method == "get" else set()))
        for field_name in names:
            for bad in sweep_values(field_name, own.get(field_name, set())):
                send(persona, method, {**base, field_name: bad})

    # Then at random: several fields at once, any persona.
    personas = st.one_of(st.sampled_from(allowed), st.sampled_from(allowed), st.sampled_from(EVERYONE))

    @settings(
        max_examples=EXAMPLES,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
        derandomize=True,
        deadline=None,
    )
    @given(persona=personas, method=st.sampled_from(methods), data=st.data())
    def attempt(persona: str, method: str, data: st.DataObject) -> None:
        extra = QUERY_NAMES if method == "get" else []
        send(persona, method, data.draw(form_data(fields_for(persona, method), extra), label="data"))

    attempt()
