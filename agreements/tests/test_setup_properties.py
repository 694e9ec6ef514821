"""Whatever a town's file holds, setup_agreement answers with named errors or applies it: never a crash (S.4)."""

from __future__ import annotations

import tomllib
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agreements.setup import SetupError, parse

NEWTOWN = tomllib.loads((Path(__file__).parent / "files" / "newtown.toml").read_text())

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True),
    st.text(max_size=400),
    st.dates(min_value=date(1, 1, 1)),
    st.datetimes(min_value=datetime(1, 1, 1)),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=20), inner, max_size=4)),
    max_leaves=12,
)


def _paths(data, prefix=()):
    """Every key path in the file, to replace one value at a time."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield (*prefix, key)
            yield from _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield (*prefix, i)
            yield from _paths(value, (*prefix, i))


PATHS = list(_paths(NEWTOWN))


def _replace(data, path, value):
    if not path:
        return value
    copy = dict(data) if isinstance(data, dict) else list(data)
    copy[path[0]] = _replace(copy[path[0]], path[1:], value)
    return copy


@pytest.mark.req("S.4")
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(PATHS), value=values)
def test_any_one_value_replaced_by_anything_is_parsed_or_refused_with_a_named_key(path, value):
    data = _replace(NEWTOWN, path, value)
    try:
        parse(data)
    except SetupError as e:
        assert e.errors and all(key and message for key, message in e.errors)


@pytest.mark.req("S.4")
@settings(max_examples=100)
@given(data=st.dictionaries(st.text(max_size=20), values, max_size=6))
def test_a_file_of_random_keys_is_refused_with_named_keys(data):
    with pytest.raises(SetupError) as error:
        parse(data)
    assert all(key is not None and message for key, message in error.value.errors)
