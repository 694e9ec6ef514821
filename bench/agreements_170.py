"""One installation for every Connecticut district: one agreement's pages stay as fast with 169 others.

    .venv/bin/python bench/agreements_170.py [--agreements 170] [--reports 1000] [--students 1000] [--n 30]

In one run: Westport's main pages with 1,000 reports of its own (the single-agreement figure),
then the same pages after AGREEMENTS - 1 more agreements, each with its own police department,
district, five schools, two SROs, a Chief, REPORTS filed Form As and STUDENTS students, are added.
Each page's p50/p95 and query count are printed before and after, beside the floor (a bare view
behind the same middleware, see page_floor.py).
"""

from __future__ import annotations

import argparse
import logging
import time
from datetime import date

from _setup import add_reports, analyze, start, stop
from page_floor import clients, install_floor, main_pages, measure


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--agreements", type=int, default=170)
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--n", type=int, default=30)
    args = parser.parse_args()
    old = start(full_demo=True)
    logging.getLogger("django.request").setLevel(logging.ERROR)
    try:
        install_floor()
        add_reports(args.reports, returned_share=0.005)
        pages = main_pages("westport")
        by_user = clients()
        before = measure(pages, args.n, by_user)
        t = time.perf_counter()
        others = add_agreements(args.agreements - 1, args.reports, args.students)
        print(f"added {others} agreements in {time.perf_counter() - t:.0f} s")
        after = measure(pages, args.n, by_user)
        report(before, after)
    finally:
        stop(old)


def add_agreements(count: int, reports: int, students: int) -> int:
    """COUNT more agreements, each with its people, REPORTS Form As and STUDENTS students."""
    from django.db import transaction

    from accounts.models import Membership, Role, User
    from agreements import actions
    from agreements.models import PoliceDepartment, SchoolDistrict
    from audit.log import Actor
    from students.models import Student

    actor = Actor.system("bench")
    for i in range(count):
        town = f"Town{i:03d}"
        with transaction.atomic():
            police = actions.do_create_party(actor, PoliceDepartment, name=f"{town} PD", town=town)
            district = actions.do_create_party(actor, SchoolDistrict, name=f"{town} Public Schools", town=town)
            schools = [
                actions.do_add_school(
                    actor, district, name=f"{town} School {k}", level="high", sourced_id=f"{town}-{k}"
                )
                for k in range(5)
            ]
            agreement = actions.do_create_agreement(
                actor,
                slug=town.lower(),
                title=f"{town} SRO agreement",
                police_department=police,
                district=district,
                schools=schools,
                signatories=[],
                signed_on=date(2023, 11, 1),
                effective_date=date(2023, 11, 1),
            )
            people = [("sro", Role.SRO, schools[0]), ("sro2", Role.SRO, schools[1]), ("chief", Role.CHIEF, None)]
            for name, role, school in people:
                user = User.objects.create(username=f"{town.lower()}-{name}", first_name=town, last_name=name)
                Membership.objects.create(
                    user=user,
                    agreement=agreement,
                    role=role,
                    primary_school=school,
                    badge_number="100" if role == Role.SRO else "",
                    starts_on=date(2023, 11, 1),
                )
            Student.objects.bulk_create(
                Student(
                    agreement=agreement,
                    sourced_id=f"{town}-s{k}",
                    given_name=f"Given{k}",
                    family_name=f"Family{k % 97}",
                    school=schools[k % 5],
                    grade=str(9 + k % 4),
                    birth_date=date(2010, 1 + k % 12, 1),
                    active=True,
                )
                for k in range(students)
            )
        add_reports(reports, slug=agreement.slug, prefix=f"{town}-", returned_share=0.005, refresh=False)
    analyze()
    return count


def report(before, after) -> None:
    from django.db import connection

    from agreements.models import Agreement
    from reporting.models import FormA
    from students.models import Student

    print(
        f"{Agreement.objects.count()} agreements, {FormA.objects.count()} reports, "
        f"{Student.objects.count()} students on {connection.vendor}"
    )
    print(
        f"{'page':<36} {'alone best/p50/p95 ms':>26} {'q':>3}   {'with the others':>26} {'q':>3}   {'best ratio':>10}"
    )
    worse = []
    for a, b in zip(before, after, strict=True):
        ratio = b.best / a.best
        print(
            f"{a.name:<36} {a.best:8.2f} {a.p50:8.2f} {a.p95:8.2f} {a.queries:4d}   "
            f"{b.best:8.2f} {b.p50:8.2f} {b.p95:8.2f} {b.queries:4d}   {ratio:9.2f}x"
        )
        if a.queries != b.queries:
            worse.append(f"{a.name}: {a.queries} -> {b.queries} queries")
    print(f"query counts that changed: {', '.join(worse) if worse else 'none'}")


if __name__ == "__main__":
    main()
