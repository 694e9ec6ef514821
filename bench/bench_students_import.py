"""Benchmark: import 50,000 students from OneRoster CSV on SQLite, beside a bulk-insert floor.

    .venv/bin/python bench/bench_students_import.py [--students 50000]

Target (issue 4): the import takes at most 20 s. The floor is the time SQLite needs to insert
the same rows with one executemany and nothing else (no CSV, no checks, no comparison), so the
gap between the two is what reading and checking cost. A fresh database in a temporary folder
is used; nothing touches db.sqlite3.
"""

from __future__ import annotations

import argparse
import time

from _setup import start_file_database


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=50_000)
    args = parser.parse_args()
    agreement = start_file_database()

    from django.db import connection, transaction

    from audit.log import Actor
    from students import actions, demo_roster, oneroster
    from students.models import Student

    actor = Actor.system("bench")
    total = sum(c for _, _, c in demo_roster.WESTPORT_LAYOUT)
    people = demo_roster.make_students(scale=args.students / total)
    files = demo_roster.bundle_files(people, "1.2")
    size = sum(len(v) for v in files.values())
    print(f"{len(people)} synthetic students, {size / 1e6:.1f} MB of CSV (OneRoster 1.2 with disability.csv)")

    # The upload as the steward sends it: a zip, inflated entry by entry within the caps.
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "roster.zip"
        demo_roster.write_bundle(path, files)
        t = time.perf_counter()
        assert oneroster.files_from(path) == files
        unzip_s = time.perf_counter() - t
        zip_mb = path.stat().st_size / 1e6

    t = time.perf_counter()
    bundle = oneroster.read_bundle(files)
    read_s = time.perf_counter() - t

    t = time.perf_counter()
    result = actions.do_import_roster(actor, agreement, files)
    first_s = time.perf_counter() - t
    assert result.created == len(people), result

    t = time.perf_counter()
    actions.do_import_roster(actor, agreement, files)
    same_s = time.perf_counter() - t

    # Change a tenth of the students' grade and drop a tenth: updates and deactivations.
    changed = demo_roster.bundle_files(
        [p if i % 10 else type(p)(**{**p.__dict__, "grade": "12"}) for i, p in enumerate(people) if i % 10 != 5], "1.2"
    )
    t = time.perf_counter()
    result = actions.do_import_roster(actor, agreement, changed, allow_deactivate=True)
    change_s = time.perf_counter() - t

    # The floor: the same number of rows, already parsed, inserted with one executemany.
    rows = list(
        Student.objects.filter(agreement=agreement).values_list(*[f.attname for f in Student._meta.concrete_fields][1:])
    )
    Student.objects.all().delete()
    columns = ", ".join(f.column for f in Student._meta.concrete_fields[1:])
    marks = ", ".join(["%s"] * (len(Student._meta.concrete_fields) - 1))
    adapt = connection.ops
    rows = [
        [
            adapt.adapt_datefield_value(v) if f.get_internal_type() == "DateField" else v
            for f, v in zip(Student._meta.concrete_fields[1:], r, strict=True)
        ]
        for r in rows
    ]
    rows = [
        [adapt.adapt_datetimefield_value(v) if hasattr(v, "tzinfo") and hasattr(v, "hour") else v for v in r]
        for r in rows
    ]
    t = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO students_student ({columns}) VALUES ({marks})", rows)
    floor_s = time.perf_counter() - t

    print(f"unzip within the caps:          {unzip_s:6.2f} s ({zip_mb:.1f} MB zip)")
    print(f"read and check only:            {read_s:6.2f} s ({len(bundle.students)} students)")
    print(f"first import (all new):         {first_s:6.2f} s   target <= 20 s")
    print(f"re-import, nothing changed:     {same_s:6.2f} s")
    print(
        f"re-import, 10% changed/removed: {change_s:6.2f} s ({result.updated} updated, {result.deactivated} made inactive)"
    )
    print(f"bulk-insert floor (executemany): {floor_s:5.2f} s")
    print(f"first import / floor:           {first_s / floor_s:6.1f}x")


if __name__ == "__main__":
    main()
