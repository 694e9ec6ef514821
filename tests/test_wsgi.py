"""The web server's entry point loads the PDF renderer and compiles the templates as a worker
starts (so the first PDF or page after a restart is not slower), and still starts if it cannot."""

from __future__ import annotations

import subprocess
import sys

from django.conf import settings


def start_worker(before: str = "") -> subprocess.CompletedProcess:
    """Import sro.wsgi in a fresh interpreter, as gunicorn does, after running BEFORE."""
    code = f"import sys\n{before}\nimport sro.wsgi\nprint('weasyprint' in sys.modules, callable(sro.wsgi.application))"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        env={"DEBUG": "1", "PATH": ""},
    )


def test_a_worker_loads_weasyprint_as_it_starts():
    out = start_worker()
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "True"]


def test_a_renderer_that_fails_to_load_does_not_stop_the_worker():
    out = start_worker("sys.modules['weasyprint'] = None")  # import weasyprint now raises ImportError
    assert out.returncode == 0, out.stderr
    assert out.stdout.split()[-1] == "True"
    assert "Could not load the PDF renderer at start" in out.stderr


def test_a_worker_compiles_the_projects_templates_as_it_starts():
    out = start_worker(
        "import atexit\n"
        "def report():\n"
        "    from django.template import engines\n"
        "    cache = engines['django'].engine.template_loaders[0].get_template_cache\n"
        "    print(sorted(n for n in ('reporting/review.html', 'base.html', 'notices/emails/sro_feedback.txt') if n in cache))\n"
        "atexit.register(report)"
    )
    assert out.returncode == 0, out.stderr
    assert "['base.html', 'notices/emails/sro_feedback.txt', 'reporting/review.html']" in out.stdout


def test_a_worker_loads_every_apps_views_and_compiles_the_prepared_queries_as_it_starts():
    out = start_worker(
        "import atexit\n"
        "def report():\n"
        "    from lib import prepared\n"
        "    print(all(m in sys.modules for m in ('reporting.views', 'incidents.views', 'agreements.context_processors')))\n"
        "    print(len(prepared._every) > 5 and all(p._plans for p in prepared._every))\n"
        "atexit.register(report)"
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split()[-2:] == ["True", "True"], out.stdout + out.stderr
