"""The monthly compilation PDF with 100 Form As: <= 10 s, beside WeasyPrint rendering the same HTML.

    .venv/bin/python bench/compilation_pdf.py [--reports 100] [--n 3]

Each report is received first, as in life: receipt renders and stores its PDF once (VII.11).
The compilation then renders its cover with WeasyPrint and appends the stored documents.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import time
from datetime import date
from io import BytesIO

from _setup import start, stop


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=100)
    parser.add_argument("--n", type=int, default=3)
    parser.add_argument("--save-documents", default="", help="a folder to keep the stored Form A PDFs in")
    args = parser.parse_args()
    old = start()
    try:
        run(args.reports, args.n, args.save_documents)
    finally:
        stop(old)


def seconds(name: str, values: list[float]) -> str:
    return f"{name:<52} median {statistics.median(values):6.2f} s   max {max(values):6.2f} s"


def run(count: int, n: int, save: str = "") -> None:
    import time_machine
    from django.utils import timezone
    from pypdf import PdfWriter
    from weasyprint import HTML

    from accounts.models import Membership
    from audit.log import Actor
    from reporting.actions import do_store_pdf
    from reporting.compilation import do_prepare_compilation
    from reporting.models import FormA
    from reporting.pdf import compilation_cover_html, render_compilation
    from reporting.tests.factories_compilation import local, make_report

    sros = list(Membership.objects.filter(agreement__slug="westport", role="sro"))
    t = time.perf_counter()
    for i in range(count):
        report = make_report(sros[i % len(sros)], submitted_at=local(date(2026, 10, 1 + i % 31), 9 + i % 8))
        FormA.objects.filter(pk=report.pk).update(status=FormA.Status.RECEIVED, received_at=timezone.now())
        do_store_pdf(report)
    receipt = (time.perf_counter() - t) / max(count, 1)
    with time_machine.travel(local(date(2026, 11, 2), 6)):
        compilation = do_prepare_compilation(Actor.system("bench"), sros[0].agreement, date(2026, 10, 1))
    stored = [
        r.pdf.read()
        for r in FormA.objects.filter(compiled__compilation=compilation).order_by("first_submitted_at", "id")
    ]

    if save:
        os.makedirs(save, exist_ok=True)
        for i, data in enumerate(stored):
            with open(os.path.join(save, f"{i:03d}.pdf"), "wb") as f:
                f.write(data)
    ours, cover_floor, merge_floor, qpdf_floor, dedup = [], [], [], [], []
    qpdf_size = dedup_size = 0
    pdf = b""
    for _ in range(n):
        t = time.perf_counter()
        pdf = render_compilation(compilation)
        ours.append(time.perf_counter() - t)
        html = compilation_cover_html(compilation)
        t = time.perf_counter()
        HTML(string=html).write_pdf()
        cover_floor.append(time.perf_counter() - t)
        t = time.perf_counter()
        writer = PdfWriter()
        for data in stored:
            writer.append(BytesIO(data))
        writer.write(BytesIO())
        merge_floor.append(time.perf_counter() - t)
        t = time.perf_counter()
        qpdf_size = len(qpdf_join(stored))
        qpdf_floor.append(time.perf_counter() - t)
        t = time.perf_counter()
        writer = PdfWriter()
        for data in stored:
            writer.append(BytesIO(data))
        writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
        out = BytesIO()
        writer.write(out)
        dedup_size = len(out.getvalue())
        dedup.append(time.perf_counter() - t)
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    pages = next(x.split()[-1] for x in info.splitlines() if x.startswith("Pages:"))
    print(f"compilation of {compilation.entries.count()} Form As: {pages} pages, {len(pdf) / 1024:.0f} KiB")
    print(f"(each receipt rendered and stored its Form A once: {receipt:.2f} s a report, not counted below)")
    print(seconds("render_compilation (queries, cover, 100 documents)", ours))
    print(seconds("floor: WeasyPrint on the same cover HTML", cover_floor))
    print(seconds("floor: pypdf joining the same stored PDFs", merge_floor))
    print(seconds(f"floor: qpdf (pikepdf) joining them, {qpdf_size / 1024:.0f} KiB", qpdf_floor))
    print(seconds(f"pypdf join, identical objects shared, {dedup_size / 1024:.0f} KiB", dedup))
    sizes = [len(d) for d in stored]
    print(
        f"stored Form A PDFs: median {statistics.median(sizes) / 1024:.0f} KiB each, {sum(sizes) / 1024:.0f} KiB in all"
    )
    fonts(stored[0])
    print(f"target <= 10 s: {'PASS' if max(ours) <= 10 else 'FAIL'}")


def qpdf_join(documents: list[bytes]) -> bytes:
    """qpdf's own join, through pikepdf (requirements-bench.txt): the floor for any join."""
    import pikepdf

    out = pikepdf.Pdf.new()
    opened = [pikepdf.open(BytesIO(data)) for data in documents]
    for pdf in opened:
        out.pages.extend(pdf.pages)
    buffer = BytesIO()
    out.save(buffer, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return buffer.getvalue()


def fonts(document: bytes) -> None:
    """What one stored Form A carries: its embedded font programs and their sizes."""
    import pikepdf

    pdf = pikepdf.open(BytesIO(document))
    total = 0
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor":
            for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                if key in obj:
                    size = len(obj[key].read_raw_bytes())
                    total += size
                    print(f"  font {obj.get('/FontName')}: {size / 1024:.1f} KiB embedded (compressed)")
    print(f"  fonts: {total / 1024:.0f} KiB of this {len(document) / 1024:.0f} KiB Form A")


if __name__ == "__main__":
    main()
