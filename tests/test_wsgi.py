"""The web server's entry point loads the PDF renderer as a worker starts (so the first receipt
after a restart is not 0.4 s slower), and still starts if it cannot."""

from __future__ import annotations

import subprocess
import sys

from django.conf import settings


def test_a_worker_loads_weasyprint_as_it_starts():
    code = "import sys, sro.wsgi; print('weasyprint' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        env={"DEBUG": "1", "PATH": ""},
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "True"


def test_a_renderer_that_fails_to_load_does_not_stop_the_worker():
    code = (
        "import sys; sys.modules['weasyprint'] = None\n"  # import weasyprint now raises ImportError
        "import sro.wsgi; print(callable(sro.wsgi.application))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        env={"DEBUG": "1", "PATH": ""},
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "True"
    assert "Could not load the PDF renderer at start" in out.stderr
