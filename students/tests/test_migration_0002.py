"""Migration 0002 keeps only Form A's disability answer and calls an all-false race unknown (L.2)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("students", "0001_initial")]


@pytest.mark.req("L.2")
@pytest.mark.django_db(transaction=True)
def test_existing_students_keep_only_known_disability_and_all_false_race_becomes_unknown(demo):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Student = old.get_model("students", "Student")
    agreement_id = demo.pk
    rows = {
        "a": {"idea": True, "section_504": False, "white": True},
        "b": {"idea": False, "section_504": True},
        "c": {"idea": False, "section_504": False, "asian": True},
        "d": {"idea": None, "section_504": None},
    }
    for sid, values in rows.items():
        Student.objects.create(agreement_id=agreement_id, sourced_id=sid, given_name="G", family_name="F", **values)

    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes("students")  # 0002 and any migration after it
    executor.migrate(latest)
    new = executor.loader.project_state(latest).apps.get_model("students", "Student")
    got = {s.sourced_id: (s.known_disability, s.race_known) for s in new.objects.all()}
    assert got == {"a": (True, True), "b": (True, False), "c": (False, True), "d": (None, False)}
    assert not {"idea", "section_504"} & {f.name for f in new._meta.get_fields()}


@pytest.fixture(autouse=True)
def every_app_migrated_again_after():
    """Going back to students 0001 also unapplies every app whose migrations depend on a later
    students migration (Form A's, the graduated response's, school video's...); put them all back,
    or the tests that follow in this process find their tables missing."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
