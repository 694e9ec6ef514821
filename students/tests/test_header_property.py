"""Whatever case, spacing and empty trailing columns an export's header lines have, the same
students are read (S.4): a property test over the header spellings real tools produce."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from students import oneroster
from students.tests.bundles import bundle, people

FILES = bundle(people()[:12], version="1.2")
EXPECTED = oneroster.read_bundle(FILES)


def respell(data: bytes, spellings, trailing: int) -> bytes:
    rows = list(csv.reader(io.StringIO(data.decode(), newline="")))
    header = [spellings.draw(st.sampled_from([h, h.upper(), h.lower(), f" {h} ", f"{h.lower()}  "])) for h in rows[0]]
    rows[0] = header + [""] * trailing
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    return buf.getvalue().encode()


@pytest.mark.req("S.4")
@given(spellings=st.data(), trailing=st.integers(0, 3))
def test_header_case_spaces_and_empty_trailing_columns_never_change_what_is_read(spellings, trailing):
    files = {name: respell(data, spellings, trailing) for name, data in FILES.items()}
    got = oneroster.read_bundle(files)
    assert got.students == EXPECTED.students
    assert got.disability == EXPECTED.disability
    assert got.notes == EXPECTED.notes
