"""Every form of section II answers any input with clean values or a specific message (S.4)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assignments.forms import AbsenceForm, DeclineForm, clean_text
from assignments.models import NOTE_MAX, REASON_MAX

pytestmark = pytest.mark.req("S.4")

pasted = st.text(alphabet=st.characters(codec="utf-8"), max_size=2100) | st.sampled_from(
    ["\u00a0Not yet trained.\u200b", "  ", "\u200b\u200d", "Line one\r\nline two", "x" * (REASON_MAX + 1)]
)


@given(reason=pasted)
def test_a_decline_reason_is_normalised_bounded_and_never_blank(reason):
    form = DeclineForm({"reason": reason})
    if form.is_valid():
        value = form.cleaned_data["reason"]
        assert value and value == clean_text(value) and len(value) <= REASON_MAX
    else:
        assert form.errors["reason"]


@given(on=st.text(max_size=12), kind=st.text(max_size=10) | st.sampled_from(["training", "other"]), note=pasted)
def test_an_absence_is_either_clean_or_explained(on, kind, note):
    form = AbsenceForm({"on": on, "kind": kind, "note": note})
    if form.is_valid():
        assert form.cleaned_data["kind"] in ("training", "other")
        assert len(form.cleaned_data["note"]) <= NOTE_MAX
    else:
        assert all(form.errors.values())


def test_invisible_characters_and_compatibility_forms_are_normalised_once():
    assert clean_text("\u00a0Ｔraining\u200b ") == "Training"
