"""The monthly compilation PDF with 100 Form As: <= 10 s, beside WeasyPrint rendering the same HTML.

DEBUG=1 .venv/bin/python bench/compilation_pdf.py [--reports 100] [--n 3]
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date

from _setup import start, stop


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=100)
    parser.add_argument("--n", type=int, default=3)
    args = parser.parse_args()
    old = start()
    try:
        run(args.reports, args.n)
    finally:
        stop(old)


def run(count: int, n: int) -> None:
    import subprocess

    import time_machine
    from weasyprint import HTML

    from accounts.models import Membership
    from audit.log import Actor
    from reporting.compilation import do_prepare_compilation
    from reporting.pdf import compilation_html, render_compilation
    from reporting.tests.factories_compilation import local, make_report

    sros = list(Membership.objects.filter(agreement__slug="westport", role="sro"))
    for i in range(count):
        make_report(sros[i % len(sros)], submitted_at=local(date(2026, 10, 1 + i % 31), 9 + i % 8))
    with time_machine.travel(local(date(2026, 11, 2), 6)):
        compilation = do_prepare_compilation(Actor.system("bench"), sros[0].agreement, date(2026, 10, 1))

    ours, floor = [], []
    pdf = b""
    for _ in range(n):
        t = time.perf_counter()
        pdf = render_compilation(compilation)
        ours.append(time.perf_counter() - t)
        html = compilation_html(compilation)
        t = time.perf_counter()
        HTML(string=html).write_pdf()
        floor.append(time.perf_counter() - t)
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    pages = next(x.split()[-1] for x in info.splitlines() if x.startswith("Pages:"))
    print(f"compilation of {compilation.entries.count()} Form As: {pages} pages, {len(pdf) / 1024:.0f} KiB")
    print(
        f"{'render_compilation (queries, template, PDF)':<44} median {statistics.median(ours):6.2f} s   max {max(ours):6.2f} s"
    )
    print(
        f"{'floor: WeasyPrint on the same HTML':<44} median {statistics.median(floor):6.2f} s   max {max(floor):6.2f} s"
    )
    print(f"target <= 10 s: {'PASS' if max(ours) <= 10 else 'FAIL'}")


if __name__ == "__main__":
    main()
