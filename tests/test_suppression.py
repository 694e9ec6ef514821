"""Small-cell suppression of published counts (L.4): no count from 1 to 5 is shown, and none can be
worked out from a row or column total by subtraction."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib.suppression import suppress

pytestmark = pytest.mark.req("L.4")


def test_a_small_cell_is_shown_as_fewer_than_6():
    cells, rows, _, grand = suppress([[3, 40, 12]])
    assert [str(c) for c in cells[0]] == ["fewer than 6", "40", "suppressed"]  # the next smallest goes too
    assert str(rows[0]) == "55" and str(grand) == "55"


def test_a_table_without_small_cells_is_shown_whole():
    cells, rows, cols, grand = suppress([[10, 20], [30, 40]])
    assert all(c.shown for row in cells for c in row) and all(c.shown for c in rows + cols) and grand.shown


@given(
    st.lists(st.lists(st.integers(0, 30), min_size=1, max_size=5), min_size=1, max_size=5).filter(
        lambda t: len({len(r) for r in t}) == 1
    )
)
def test_no_suppressed_count_can_be_derived_from_a_total(table):
    cells, row_totals, col_totals, grand = suppress(table)
    for row in cells:
        for c in row:
            if 0 < c.value < 6:
                assert not c.shown
    lines = [(row, row_totals[r]) for r, row in enumerate(cells)]
    lines += [([cells[r][c] for r in range(len(cells))], col_totals[c]) for c in range(len(col_totals))]
    lines += [(row_totals, grand), (col_totals, grand)]
    for members, total in lines:
        if total.shown:
            assert sum(not m.shown for m in members) != 1, (table, members, total)
    for t in [*row_totals, *col_totals, grand]:
        if 0 < t.value < 6:
            assert not t.shown
