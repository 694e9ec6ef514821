"""Every main page of every role at 10,000 reports and 5,800 students, beside the framework's floor.

    .venv/bin/python bench/page_floor.py [--reports 10000] [--n 50] [--profile PAGE]

The floor is a bare view behind the same middleware (security, sessions, CSRF, authentication,
the project's own session touch and database guard, messages, CSP): it reads the signed-in
user, as every page must, and returns a few bytes. Each page's server time (p50/p95, through
the test Client, no network) and query count are printed beside it, measured in the same run,
with its best time (the fastest request: its own cost when no other process held the CPU),
and the ratio of its p95 to the floor's p95 (target: within 3x; the empty-page overhead, the
inbox for a month without reports minus the floor, under 8 ms).

--profile PAGE (e.g. "chief inbox (no rows)") prints a cProfile of that page instead, and
--queries PAGE its SQL.
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import pstats
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass

from _setup import add_reports, p95, start, stop, timings

ROLES = ("sro", "chief", "ssu", "superintendent", "principal", "steward", "admin")


@dataclass
class Result:
    name: str
    ms: list[float]
    queries: int

    @property
    def p50(self) -> float:
        return statistics.median(self.ms)

    @property
    def p95(self) -> float:
        return p95(self.ms)

    @property
    def best(self) -> float:
        """The fastest request: the page's own cost when no other process held the CPU."""
        return min(self.ms)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--n", type=int, default=50)
    parser.add_argument("--profile", default="")
    parser.add_argument("--queries", default="", help="print the SQL of this page (e.g. 'sro dashboard')")
    args = parser.parse_args()
    old = start(full_demo=True)
    logging.getLogger("django.request").setLevel(logging.ERROR)  # a role's 403s are expected
    try:
        install_floor()
        # A few returned for correction (0.5 %): a returned report is open again on its SRO's
        # list until corrected, and no SRO keeps hundreds of them open.
        add_reports(args.reports, returned_share=0.005)
        pages = main_pages("westport")
        if args.profile:
            profile(pages, args.profile)
        elif args.queries:
            show_queries(pages, args.queries)
        else:
            report(measure(pages, args.n))
    finally:
        stop(old)


def floor_view(request):
    """The least a signed-in page does: the middleware, the session and the user."""
    from django.http import HttpResponse

    return HttpResponse(b"ok" if request.user.is_authenticated else b"no", content_type="text/plain")


def install_floor() -> None:
    """Add /bench-floor/ to the project's URLs for this run only."""
    from django.conf import settings
    from django.urls import clear_url_caches, path

    import sro.urls

    sro.urls.urlpatterns.insert(0, path("bench-floor/", floor_view))
    clear_url_caches()
    # The SRO's roster lookup is limited per minute; the benchmark asks far more often.
    settings.ROSTER_LOOKUPS_PER_MINUTE = 10**9


def main_pages(slug: str) -> list[tuple[str, str, str]]:
    """(username, page name, URL) for every main page each role of agreement SLUG may open."""
    from accounts.models import Membership
    from reporting.models import FormA, MonthlyCompilation

    sro = Membership.objects.filter(agreement__slug=slug, user__username__in=("sro", f"{slug}-sro-0")).first()
    draft = FormA.objects.filter(sro=sro, status=FormA.Status.DRAFT).first()
    if draft is None:
        from reporting.tests.factories_compilation import make_report

        draft = make_report(sro)
    received = FormA.objects.filter(agreement__slug=slug, status=FormA.Status.RECEIVED).order_by("-pk").first()
    compilation = MonthlyCompilation.objects.filter(agreement__slug=slug).order_by("-pk").first()
    position = draft.students.values_list("position", flat=True).first() or 0
    pages = [
        ("dashboard", f"/{slug}/"),
        ("Form A list", f"/{slug}/reports/"),
        ("Form A edit", f"/{slug}/reports/{draft.pk}/"),
        ("roster search", f"/{slug}/students/lookup/{draft.pk}/{position}/?q=an"),
        ("inbox", f"/{slug}/reports/inbox/"),
        ("inbox (no rows)", f"/{slug}/reports/inbox/?month=2024-01"),
        ("review", f"/{slug}/reports/inbox/{received.pk}/" if received else ""),
        ("compilations", f"/{slug}/compilations/"),
        ("compilation", f"/{slug}/compilations/{compilation.pk}/" if compilation else ""),
        ("calendar", f"/{slug}/calendar/"),
        ("roster", f"/{slug}/students/"),
        ("audit", f"/{slug}/audit/"),
        ("notices", f"/{slug}/notices/"),
    ]
    return [(user, page, url) for user in ROLES for page, url in pages if url]


def clients() -> dict[str, object]:
    from django.test import Client

    from accounts.models import User

    out = {}
    for username in ROLES:
        client = Client()
        client.force_login(User.objects.get(username=username))
        out[username] = client
    return out


def count_queries(fn: Callable[[], object]) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def show_queries(pages: list[tuple[str, str, str]], name: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    username, _, url = next(p for p in pages if f"{p[0]} {p[1]}" == name)
    client = clients()[username]
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    for i, query in enumerate(ctx.captured_queries, 1):
        print(f"{i:3d} {query['time']:>6} {query['sql'][:400]}")


def measure(pages: list[tuple[str, str, str]], n: int, by_user: dict | None = None) -> list[Result]:
    """The floor, /healthz and each page a role may open (a 200), in one run."""
    by_user = by_user or clients()
    results = []
    chief = by_user["chief"]
    assert chief.get("/bench-floor/").status_code == 200

    def floor() -> object:
        return chief.get("/bench-floor/")

    results.append(Result("floor: bare view, same middleware", timings(floor, n), count_queries(floor)))
    anonymous = chief.__class__()

    def healthz() -> object:
        return anonymous.get("/healthz")

    results.append(Result("floor: /healthz (no session)", timings(healthz, n), count_queries(healthz)))
    for username, page, url in pages:
        client = by_user[username]
        response = client.get(url)
        if response.status_code != 200:
            continue  # a page this role may not open
        assert page != "inbox (no rows)" or b"No reports here" in response.content
        queries = count_queries(lambda c=client, u=url: c.get(u))
        results.append(Result(f"{username} {page}", timings(lambda c=client, u=url: c.get(u), n), queries))
    return results


def report(results: list[Result]) -> None:
    from django.db import connection

    from reporting.models import FormA
    from students.models import Student

    print(f"{FormA.objects.count()} reports, {Student.objects.count()} students on {connection.vendor}")
    floor = results[0]
    print(
        f"{'page':<40} {'best ms':>8} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'p95/floor':>10} {'best/floor':>10}"
    )
    for r in results:
        print(
            f"{r.name:<40} {r.best:8.2f} {r.p50:8.2f} {r.p95:8.2f} {r.queries:8d} "
            f"{r.p95 / floor.p95:9.1f}x {r.best / floor.best:9.1f}x"
        )
    pages = results[2:]
    worst = max(pages, key=lambda r: r.p95)
    empty = next((r for r in pages if r.name == "chief inbox (no rows)"), None)
    if empty:
        for what, overhead in (("p50", empty.p50 - floor.p50), ("best", empty.best - floor.best)):
            verdict = "PASS" if overhead < 8 else "FAIL"
            print(
                f"empty-page overhead (chief inbox, no rows, minus floor, {what}): {overhead:.2f} ms (< 8 ms: {verdict})"
            )
    over = [r.name for r in pages if r.p95 > 3 * floor.p95]
    print(f"slowest: {worst.name} p95 {worst.p95:.2f} ms ({worst.p95 / floor.p95:.1f}x the floor)")
    print(f"pages over 3x the floor's p95: {', '.join(over) if over else 'none'}")


def profile(pages: list[tuple[str, str, str]], wanted: str) -> None:
    by_user = clients()
    for username, page, url in pages:
        if f"{username} {page}" == wanted:
            client = by_user[username]
            for _ in range(5):
                client.get(url)
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(50):
                client.get(url)
            profiler.disable()
            stats = pstats.Stats(profiler, stream=sys.stdout)
            stats.sort_stats("cumulative").print_stats(45)
            stats.sort_stats("tottime").print_stats(25)
            return
    raise SystemExit(f"no page {wanted!r}; pages: {sorted({f'{u} {p}' for u, p, _ in pages})}")


if __name__ == "__main__":
    main()
