"""The few queries every page runs, compiled once per process instead of once per request.

Django compiles a queryset into SQL each time it runs: resolving the joins of `select_related`,
the WHERE tree and the columns. For the membership every page looks up (one row through five
joins) that takes about 1.3 ms, against 0.1 ms to run the SQL; the nav's badge counts take
0.3 ms each to compile. A `Prepared` query is built once per database with stand-in values,
compiled, and from then on run with the real values put where the stand-ins were. Its rows
become model instances through Django's own converters and related-object populators, so what
a caller gets is what the queryset would have returned.

Only for queries whose shape never depends on the values: each value is a single int, str or
date compared in a filter (no lists for `__in`, no None, no value that decides a join). Building
checks that every stand-in landed in the SQL's parameters; the tests run every prepared query
beside its plain queryset on both databases.

It leans on three of Django's internals (the compiler's `klass_info` and `select`, and
`get_related_populators`, as `ModelIterable` uses them); Django is pinned, and
`tests/test_prepared.py` fails if an upgrade changes what they return.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections, models, router
from django.db.models import Func, IntegerField, QuerySet
from django.db.models.query import DEFAULT_FETCH_MODE, get_related_populators

Build = Callable[..., QuerySet[Any]]


# Every prepared query made (a weak set: one made and dropped, as a test does, is forgotten).
_every: weakref.WeakSet[Prepared] = weakref.WeakSet()


def warm(alias: str = DEFAULT_DB_ALIAS) -> int:
    """Compile every prepared query for ALIAS now (a web worker does it as it starts, so its
    first requests do not); return how many plans were compiled. Needs no database round trip."""
    compiled = 0
    for prepared in list(_every):
        shapes = ("all",) if prepared.build(**_stand_ins(prepared.kinds)).query.is_sliced else ("first", "all", "count")
        for shape in shapes:
            prepared._plan(alias, shape)
            compiled += 1
    return compiled


def _stand_ins(kinds: dict[str, type]) -> dict[str, Any]:
    return {name: _stand_in(kind, i) for i, (name, kind) in enumerate(kinds.items())}


def _stand_in(kind: type, i: int) -> Any:
    """A value of KIND no real query would use, distinct for each position I."""
    if kind is int:
        return -(10**12) - i
    if kind is str:
        return f"\x00prepared-{i}"
    if kind is date:
        return date(1901, 1, 1) + timedelta(days=i)
    raise TypeError(f"A prepared query takes int, str or date values, not {kind.__name__}.")


@dataclass(frozen=True)
class _Plan:
    sql: str
    # For each SQL parameter: (name of the value, adapt for this database) or (None, constant).
    params: tuple[tuple[str | None, Any], ...]
    compiler: Any

    def values(self, given: dict[str, Any], connection: Any) -> list[Any]:
        out = []
        for name, how in self.params:
            if name is None:
                out.append(how)
            else:
                value = given[name]
                out.append(connection.ops.adapt_datefield_value(value) if how == "date" else value)
        return out


class Prepared:
    """BUILD(**values) -> QuerySet, compiled once per database; `.first(**values)`, `.all(**values)`
    or `.count(**values)`."""

    def __init__(self, build: Build, **kinds: type) -> None:
        self.build = build
        self.kinds = kinds
        self._plans: dict[tuple[str, str], _Plan] = {}
        self._lock = threading.Lock()
        self._model: type[models.Model] | None = None
        for kind in kinds.values():
            _stand_in(kind, 0)  # refuses a kind it cannot stand in for, as the module loads
        _every.add(self)

    def _plan(self, alias: str, shape: str) -> _Plan:
        key = (alias, shape)
        plan = self._plans.get(key)
        if plan is None:
            with self._lock:
                plan = self._plans.get(key) or self._compile(alias, shape)
                self._plans[key] = plan
        return plan

    def _compile(self, alias: str, shape: str) -> _Plan:
        connection = connections[alias]
        stand_ins = _stand_ins(self.kinds)
        queryset = self.build(**stand_ins)
        self._model = queryset.model
        if shape == "count":
            queryset = _counted(queryset)
        elif shape == "first":
            queryset = queryset[:1]
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        found: list[tuple[str | None, Any]] = []
        seen: set[str] = set()
        for param in params:
            for name, stand_in in stand_ins.items():
                if param == stand_in:
                    found.append((name, "raw"))
                    break
                if isinstance(stand_in, date) and param == connection.ops.adapt_datefield_value(stand_in):
                    found.append((name, "date"))
                    break
            else:
                found.append((None, param))
                continue
            seen.add(found[-1][0])  # type: ignore[arg-type]
        if missing := set(stand_ins) - seen:
            raise ValueError(f"A prepared query must use every value in a filter; unused: {sorted(missing)}.")
        return _Plan(sql, tuple(found), compiler)

    def _check(self, values: dict[str, Any]) -> None:
        if set(values) != set(self.kinds):
            raise TypeError(f"Expected values for {sorted(self.kinds)}, got {sorted(values)}.")
        for name, value in values.items():
            if type(value) is not self.kinds[name]:
                raise TypeError(f"{name} must be {self.kinds[name].__name__}, not {type(value).__name__}.")

    def _alias(self, shape: str) -> str:
        if self._model is None:
            self._plan(DEFAULT_DB_ALIAS, shape)
        return router.db_for_read(self._model)

    def _rows(self, shape: str, values: dict[str, Any]) -> tuple[_Plan, list[Any]]:
        self._check(values)
        alias = self._alias(shape)
        plan = self._plan(alias, shape)
        connection = connections[alias]
        with connection.cursor() as cursor:
            cursor.execute(plan.sql, plan.values(values, connection))
            rows = cursor.fetchall()
        return plan, list(plan.compiler.results_iter([rows]))

    def first(self, **values: Any) -> models.Model | None:
        """The first row as a model instance (with its select_related objects), or None."""
        plan, rows = self._rows("first", values)
        found = _instances(plan.compiler, rows[:1])
        return found[0] if found else None

    def all(self, **values: Any) -> list[models.Model]:
        """Every row (as far as the queryset's own slice goes) as model instances, with their
        select_related objects and annotations, as `list(queryset)` gives them."""
        plan, rows = self._rows("all", values)
        return _instances(plan.compiler, rows)

    def count(self, **values: Any) -> int:
        _, rows = self._rows("count", values)
        return int(rows[0][0])

    def counting(self, **values: Any) -> Counting:
        """The count with VALUES, to run later beside others in one statement (`counts_of`)."""
        self._check(values)
        return Counting(self, values)


def _counted(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """QUERYSET as `SELECT COUNT(*) ...`, a plain expression to compile (Django's own count()
    builds its query as it runs it)."""
    return queryset.order_by().annotate(__n=Func(template="COUNT(*)", output_field=IntegerField())).values_list("__n")


def _instances(compiler: Any, rows: list[Any]) -> list[models.Model]:
    """ROWS as Django's ModelIterable makes them: the model, its related objects, annotations."""
    if not rows:
        return []
    klass_info, select = compiler.klass_info, compiler.select
    start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
    names = [column[0].target.attname for column in select[start:end]]
    populators = get_related_populators(klass_info, select, compiler.using, DEFAULT_FETCH_MODE)
    annotations = compiler.annotation_col_map.items()
    model = klass_info["model"]
    out = []
    for row in rows:
        obj = model.from_db(compiler.using, names, row[start:end], fetch_mode=DEFAULT_FETCH_MODE)
        for populator in populators:
            populator.populate(row, obj)
        for name, position in annotations:
            setattr(obj, name, row[position])
        out.append(obj)
    return out


@dataclass(frozen=True)
class Counting:
    """A prepared count waiting to run: `counts_of` runs many in one round trip."""

    prepared: Prepared
    values: dict[str, Any]


def counts_of(items: list[QuerySet[Any] | Counting]) -> list[int]:
    """How many rows each of ITEMS has, in order, from one statement per database,
    `SELECT (count), (count), ...`: every page's nav shows a few counts (reports waiting, notices
    unread), and on PostgreSQL each query is a round trip to the server, so they go together.

    An item is a filtered queryset (compiled on every call) or a prepared `Counting` (compiled
    once per process)."""
    by_alias: dict[str, list[int]] = {}
    for i, item in enumerate(items):
        if isinstance(item, QuerySet) and (item.query.is_sliced or item.query.distinct or item.query.group_by):
            raise ValueError("counts_of counts the rows of a filtered queryset: not a slice, DISTINCT or GROUP BY.")
        alias = item.db if isinstance(item, QuerySet) else item.prepared._alias("count")
        by_alias.setdefault(alias, []).append(i)
    out = [0] * len(items)
    for alias, positions in by_alias.items():
        connection = connections[alias]
        parts, params = [], []
        for i in positions:
            item = items[i]
            if isinstance(item, Counting):
                plan = item.prepared._plan(alias, "count")
                sql, more = plan.sql, plan.values(item.values, connection)
            else:
                try:
                    sql, more = _counted(item).query.get_compiler(using=alias).as_sql()
                except EmptyResultSet:  # .none(), or `__in` an empty list: nothing to count
                    sql, more = "0", ()
            parts.append(f"({sql})")
            params.extend(more)
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(parts), params)  # SQLite and PostgreSQL need no FROM
            row = cursor.fetchone()
        for i, value in zip(positions, row, strict=True):
            out[i] = int(value)
    return out
