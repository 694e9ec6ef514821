import logging
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sro.settings")
application = get_wsgi_application()


def _warm_pdf() -> None:
    """Load WeasyPrint (about 0.4 s) and lay out a line while the worker starts, not during the
    first PDF a reader downloads (or compilation a Chief sends) after each deploy or worker restart."""
    try:
        from lib.pdf import write_pdf

        write_pdf("<p>warm</p>")
    except Exception:  # a worker that cannot render yet still serves every page without a PDF
        logging.getLogger(__name__).exception("Could not load the PDF renderer at start")


def _warm_templates() -> None:
    """Compile the project's own templates (about 250, 0.1 to 0.2 s) while the worker starts, not
    during each worker's first request for each page: under load that first dashboard took
    tens of milliseconds longer (docs/performance.md)."""
    from pathlib import Path

    from django.apps import apps
    from django.conf import settings
    from django.template import engines
    from django.template.loader import get_template

    try:
        folders = [Path(d) for d in engines["django"].engine.dirs]
        folders += [
            Path(app.path) / "templates"
            for app in apps.get_app_configs()
            if Path(app.path).is_relative_to(settings.BASE_DIR) and "site-packages" not in app.path
        ]
        for folder in folders:
            for path in sorted(folder.rglob("*")):
                if path.suffix in {".html", ".txt"}:
                    get_template(path.relative_to(folder).as_posix())
    except Exception:  # a template that fails to compile fails on its own page, as before
        logging.getLogger(__name__).exception("Could not compile the templates at start")


_warm_pdf()
_warm_templates()
