"""The form renderer: Django's widget templates, written in Python for the common widgets.

Django renders each widget through a template, and a select, a radio group or a checkbox
group through one more included template per option, each including the attributes template:
the Form A page renders about 75 widget templates, a third of its time, and the month-and-school
filter on the list pages costs more than the rest of the form. The markup written here is
Django's own, byte for byte, newlines included: `tests/test_renderer.py` compares the two on
every kind of widget and on whole pages. Anything else (a custom template, an option with a
template of its own) goes to Django's templates as before.
"""

from __future__ import annotations

from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape as e
from django.utils.safestring import mark_safe

W = "django/forms/widgets/"
# Templates whose whole text is {% include "django/forms/widgets/input.html" %}.
INPUTS = frozenset(
    W + name
    for name in (
        "input.html",
        "text.html",
        "number.html",
        "email.html",
        "url.html",
        "password.html",
        "hidden.html",
        "date.html",
        "datetime.html",
        "time.html",
        "search.html",
        "tel.html",
        "color.html",
        "checkbox.html",
    )
)
OPTIONS = frozenset({W + "radio_option.html", W + "checkbox_option.html"})
GROUPS = frozenset({W + "radio.html", W + "checkbox_select.html", W + "multiple_input.html"})
SELECT, SELECT_OPTION, TEXTAREA = W + "select.html", W + "select_option.html", W + "textarea.html"


class Unhandled(Exception):
    """An option with a template of its own: Django's templates render the widget."""


def attrs_html(attrs: dict[str, Any]) -> str:
    """attrs.html: ` name="value"` for each attribute, the bare name for True, nothing for False."""
    return "".join(
        f" {e(name)}" if value is True else f' {e(name)}="{e(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def input_html(widget: dict[str, Any]) -> str:
    """input.html, with the newline that ends the file."""
    value = "" if widget["value"] is None else f' value="{e(str(widget["value"]))}"'
    return f'<input type="{e(widget["type"])}" name="{e(widget["name"])}"{value}{attrs_html(widget["attrs"])}>\n'


def option_html(option: dict[str, Any]) -> str:
    """radio_option.html or checkbox_option.html (each includes input_option.html), unstripped."""
    if option["template_name"] not in OPTIONS:
        raise Unhandled(option["template_name"])
    out = input_html(option)
    if option.get("wrap_label"):
        label_for = f' for="{e(option["attrs"]["id"])}"' if option["attrs"].get("id") else ""
        out = f"<label{label_for}>{out} {e(option['label'])}</label>"
    return out + "\n\n"


def group_html(widget: dict[str, Any]) -> str:
    """multiple_input.html: a radio or checkbox group."""
    ident, css = widget["attrs"].get("id"), widget["attrs"].get("class")
    parts = [f"<div{f' id="{e(ident)}"' if ident else ''}{f' class="{e(css)}"' if css else ''}>"]
    for group, options, _ in widget["optgroups"]:
        if group:
            parts.append(f"\n  <div><label>{e(group)}</label>")
        parts.extend(f"<div>\n    {option_html(option)}</div>" for option in options)
        if group:
            parts.append("\n  </div>")
    parts.append("\n</div>")
    return "".join(parts)


def select_html(widget: dict[str, Any]) -> str:
    parts = [f'<select name="{e(widget["name"])}"{attrs_html(widget["attrs"])}>']
    for group, options, _ in widget["optgroups"]:
        if group:
            parts.append(f'\n  <optgroup label="{e(group)}">')
        for option in options:
            if option["template_name"] != SELECT_OPTION:
                raise Unhandled(option["template_name"])
            parts.append(
                f'\n  <option value="{e(str(option["value"]))}"{attrs_html(option["attrs"])}>{e(option["label"])}</option>\n'
            )
        if group:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def textarea_html(widget: dict[str, Any]) -> str:
    value = e(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{e(widget["name"])}"{attrs_html(widget["attrs"])}>\n{value}</textarea>'


def render_widget(template_name: str, widget: dict[str, Any]) -> str | None:
    """The widget's markup as Django's renderer returns it (stripped), or None if not handled here."""
    if template_name in INPUTS:
        return input_html(widget).strip()
    if template_name in OPTIONS:
        return option_html(widget).strip()
    if template_name in GROUPS:
        return group_html(widget)
    if template_name == SELECT:
        return select_html(widget)
    if template_name == TEXTAREA:
        return textarea_html(widget)
    return None


class Renderer(DjangoTemplates):
    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        widget = context.get("widget")
        if isinstance(widget, dict):
            try:
                html = render_widget(template_name, widget)
            except Unhandled:
                html = None
            if html is not None:
                return mark_safe(html)
        return super().render(template_name, context, request)
