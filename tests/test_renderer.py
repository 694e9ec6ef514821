"""Widgets written in Python (lib.renderer) are Django's markup, byte for byte."""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from lib.renderer import Renderer

CHOICES = [("", "All"), ("1", "One"), ("2", 'Quotes " and <tags> & ampersands')]
GROUPED = [("Group <1>", [("1", "One"), ("2", "Two")]), ("3", "Three")]
HOSTILE = 'x" onfocus="alert(1)'

WIDGETS = [
    (forms.Select(choices=CHOICES), "2"),
    (forms.Select(choices=[("", "All"), (1, "One")]), None),
    (forms.Select(choices=[("a", "A"), ("b&", "x")], attrs={"class": 'q"x'}), "b&"),
    (forms.Select(choices=[("a", mark_safe("<b>safe</b>"))]), "a"),
    (forms.Select(choices=GROUPED), "3"),
    (forms.Select(choices=[]), None),
    (forms.Select(choices=[("1", "One")], attrs={"required": True, "disabled": False, "aria-describedby": "h"}), "1"),
    (forms.SelectMultiple(choices=CHOICES), ["1", "2"]),
    (forms.NullBooleanSelect(), True),
    (forms.RadioSelect(choices=CHOICES), "1"),
    (forms.RadioSelect(choices=GROUPED, attrs={"class": "inline"}), "2"),
    (forms.RadioSelect(choices=[(True, "Yes"), (False, "No")]), False),
    (forms.CheckboxSelectMultiple(choices=CHOICES), ["", "2"]),
    (forms.CheckboxSelectMultiple(choices=GROUPED), []),
    (forms.CheckboxInput(), True),
    (forms.CheckboxInput(), False),
    (forms.TextInput(attrs={"maxlength": 200, "autocomplete": "off"}), HOSTILE),
    (forms.TextInput(), None),
    (forms.TextInput(), ""),
    (forms.TextInput(), mark_safe("<i>")),
    (forms.NumberInput(attrs={"min": 3, "max": 22}), 17),
    (forms.NumberInput(), 0),
    (forms.EmailInput(), "a@b.example"),
    (forms.URLInput(), "https://x.example/?a=1&b=2"),
    (forms.PasswordInput(), "secret"),
    (forms.PasswordInput(render_value=True), "secret"),
    (forms.HiddenInput(), 5),
    (forms.DateInput(attrs={"type": "date"}), datetime.date(2026, 12, 6)),
    (forms.DateInput(), "2026-13-45"),
    (forms.DateTimeInput(attrs={"type": "datetime-local"}), datetime.datetime(2026, 12, 6, 7, 5)),
    (forms.TimeInput(attrs={"type": "time"}), datetime.time(7, 5)),
    (forms.Textarea(attrs={"rows": 3}), "Line one\n<script>alert(1)</script>\n  indented  "),
    (forms.Textarea(), ""),
    (forms.Textarea(), None),
    (forms.Textarea(), "\nstarts with a newline"),
]


@pytest.mark.parametrize(
    ("widget", "value"), WIDGETS, ids=[f"{w.__class__.__name__}-{i}" for i, (w, _) in enumerate(WIDGETS)]
)
@pytest.mark.parametrize("attrs", [{"id": "id_field", "aria-invalid": "true"}, {}, {"id": HOSTILE, "required": True}])
def test_a_widget_renders_as_django_renders_it(widget, value, attrs):
    django = widget.render("field", value, attrs=attrs, renderer=DjangoTemplates())
    ours = widget.render("field", value, attrs=attrs, renderer=Renderer())
    assert ours == django


@pytest.mark.parametrize(
    ("widget", "value"), [w for w in WIDGETS if isinstance(w[0], forms.RadioSelect | forms.CheckboxSelectMultiple)]
)
def test_each_option_of_a_group_renders_as_django_renders_it(widget, value):
    class Form(forms.Form):
        field = forms.Field(widget=widget)

    django_form, our_form = (
        Form({"field": value}, renderer=DjangoTemplates()),
        Form({"field": value}, renderer=Renderer()),
    )
    for theirs, ours in zip(django_form["field"], our_form["field"], strict=True):
        assert str(ours) == str(theirs)  # the option with its label
        assert ours.tag() == theirs.tag()  # the input alone


def test_an_option_with_its_own_template_goes_to_django():
    class Fancy(forms.RadioSelect):
        option_template_name = "django/forms/widgets/input_option.html"

    widget = Fancy(choices=CHOICES)
    assert widget.render("f", "1", renderer=Renderer()) == widget.render("f", "1", renderer=DjangoTemplates())


PAGES = [
    ("sro", "/westport/"),
    ("sro", "/westport/reports/"),
    ("sro", "FORM_A"),
    ("sro", "FORM_A_PROBLEMS"),
    ("chief", "/westport/reports/inbox/?month=2024-01&school=1"),
    ("chief", "/westport/reports/inbox/?month=1999-99"),
    ("chief", "/westport/compilations/"),
    ("steward", "/westport/students/"),
    ("superintendent", "/westport/calendar/"),
    ("admin", "/westport/people/"),
    ("principal", "/westport/"),
]


@pytest.mark.parametrize(("username", "url"), PAGES)
def test_whole_pages_are_the_same_with_either_renderer(member, client_for, settings, username, url):
    from reporting.tests.filing import draft

    client = client_for(username)
    if url.startswith("FORM_A"):
        report = draft(member("sro"), students=2)
        url = f"/westport/reports/{report.pk}/{'sign/' if url.endswith('PROBLEMS') else ''}"
    settings.FORM_RENDERER = "django.forms.renderers.DjangoTemplates"
    django = client.get(url)
    settings.FORM_RENDERER = "lib.renderer.Renderer"
    ours = client.get(url)
    assert django.status_code == ours.status_code
    assert "<input" in ours.content.decode() or "<select" in ours.content.decode() or ours.status_code != 200
    assert strip_tokens(ours.content) == strip_tokens(django.content)


def strip_tokens(html: bytes) -> str:
    """The page without its CSRF tokens and CSP nonces, which differ on each request."""
    import re

    text = html.decode()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
    text = re.sub(r'"X-CSRFToken": "[^"]+"', "", text)
    return re.sub(r'nonce="[^"]+"', "", text)


def test_the_project_uses_it(settings):
    assert settings.FORM_RENDERER == "lib.renderer.Renderer"
