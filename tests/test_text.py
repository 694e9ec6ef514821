"""lib/text.py: text made comparable once at the boundary, with positions mapped back (VII.4, S.4)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib.text import clean, fold


@pytest.mark.req("S.4")
def test_clean_composes_compatibility_forms_and_removes_invisible_characters():
    assert clean("Ｎａｄｉａ\u200b Ko\u00adwal\u2060ski\ufeff") == "Nadia Kowalski"
    assert clean("Zoe\u0308") == "Zoë"  # composed, accent kept: clean is for storing
    assert clean("plain ASCII stays\tas it is") == "plain ASCII stays\tas it is"


@pytest.mark.req("VII.4")
@pytest.mark.parametrize(
    "written, folded",
    [
        ("Nadia\u00a0Kowalski", "Nadia Kowalski"),
        ("Nadia\u2028Kowalski", "Nadia\nKowalski"),
        ("N\u0430dia", "Nadia"),  # Cyrillic а
        ("Søren Łukasiewicz", "Soren Lukasiewicz"),
        ("Æsa Strauß", "AEsa Strauss"),
        ("Đorđe", "Dorde"),
        ("Zoë García", "Zoe Garcia"),
        ("O’Neil‐Ward", "O'Neil-Ward"),
        ("d`Amato", "d'Amato"),
    ],
)
def test_fold_spells_what_people_paste_in_plain_latin_letters(written, folded):
    assert fold(written).text == folded


@pytest.mark.req("VII.4")
def test_a_folded_span_maps_back_to_what_was_written():
    original = "Ok. \u200bSøren\u00a0Strauß’s bag"
    f = fold(original)
    start = f.text.index("Soren")
    end = f.text.index("'s") + 2
    a, b = f.span(start, end)
    assert original[a:b] == "Søren\u00a0Strauß’s"


@pytest.mark.req("VII.4")
@given(st.text(max_size=60))
def test_every_folded_span_maps_to_a_stretch_of_the_original(text):
    f = fold(text)
    for start in range(len(f.text) + 1):
        for end in range(start, len(f.text) + 1):
            a, b = f.span(start, end)
            assert 0 <= a <= b <= len(text)
            # What was written there folds to what was found (and perhaps invisible characters around it).
            assert f.text[start:end] in fold(text[a:b]).text
