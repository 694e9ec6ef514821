"""Small-cell suppression for published counts (L.4).

A count from 1 to THRESHOLD-1 is shown as "fewer than THRESHOLD". Where a row or column total is
shown, one suppressed cell could be worked out by subtraction, so a second cell of that row or
column is suppressed too (complementary suppression): the smallest other non-zero one, or the
total itself when there is none.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_THRESHOLD = 6


@dataclass(frozen=True)
class Cell:
    value: int
    shown: bool
    threshold: int = DEFAULT_THRESHOLD

    def __str__(self) -> str:
        if self.shown:
            return str(self.value)
        return f"fewer than {self.threshold}" if 0 < self.value < self.threshold else "suppressed"


def _small(n: int, threshold: int) -> bool:
    return 0 < n < threshold


def suppress(
    rows: list[list[int]], threshold: int = DEFAULT_THRESHOLD
) -> tuple[list[list[Cell]], list[Cell], list[Cell], Cell]:
    """Suppress ROWS (a table of counts) with its row totals, column totals and grand total.

    Returns (cells, row_totals, column_totals, grand_total), each a Cell that says whether it is shown.
    """
    n_rows, n_cols = len(rows), len(rows[0]) if rows else 0
    hidden = [[_small(v, threshold) for v in row] for row in rows]
    row_totals = [sum(row) for row in rows]
    col_totals = [sum(rows[r][c] for r in range(n_rows)) for c in range(n_cols)]
    grand = sum(row_totals)
    row_hidden = [_small(t, threshold) for t in row_totals]
    col_hidden = [_small(t, threshold) for t in col_totals]
    grand_hidden = _small(grand, threshold)

    def lines():
        # Each line: its cells as (value, hidden?, setter) and its total's hidden flag and setter.
        for r in range(n_rows):
            yield (
                [(rows[r][c], hidden[r][c], (r, c)) for c in range(n_cols)],
                row_hidden[r],
                ("row", r),
            )
        for c in range(n_cols):
            yield (
                [(rows[r][c], hidden[r][c], (r, c)) for r in range(n_rows)],
                col_hidden[c],
                ("col", c),
            )
        yield ([(row_totals[r], row_hidden[r], ("row", r)) for r in range(n_rows)], grand_hidden, ("grand", 0))
        yield ([(col_totals[c], col_hidden[c], ("col", c)) for c in range(n_cols)], grand_hidden, ("grand", 0))

    def hide(key) -> None:
        nonlocal grand_hidden
        if key[0] == "row":
            row_hidden[key[1]] = True
        elif key[0] == "col":
            col_hidden[key[1]] = True
        elif key[0] == "grand":
            grand_hidden = True
        else:
            hidden[key[0]][key[1]] = True

    changed = True
    while changed:
        changed = False
        for members, total_hidden, total_key in lines():
            secret = [m for m in members if m[1]]
            if total_hidden or len(secret) != 1:
                continue
            # One hidden value and a visible total: hide the next smallest non-zero member, else the total.
            others = sorted((m for m in members if not m[1] and m[0] > 0), key=lambda m: m[0])
            hide(others[0][2] if others else total_key)
            changed = True
            break

    return (
        [[Cell(rows[r][c], not hidden[r][c], threshold) for c in range(n_cols)] for r in range(n_rows)],
        [Cell(row_totals[r], not row_hidden[r], threshold) for r in range(n_rows)],
        [Cell(col_totals[c], not col_hidden[c], threshold) for c in range(n_cols)],
        Cell(grand, not grand_hidden, threshold),
    )
