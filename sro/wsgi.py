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


def _warm_code() -> None:
    """Import what the first request would (the URLconf with every app's views, about 140
    modules; the context processors, the message storage, the date formats) and compile the
    prepared queries while the worker starts: the first page a worker served took about 90 ms
    longer than the next (docs/performance.md)."""
    from django.conf import settings
    from django.template import engines
    from django.urls import get_resolver
    from django.utils import formats
    from django.utils.module_loading import import_string

    from lib import prepared

    try:
        get_resolver().reverse_dict  # noqa: B018  (imports every urls module and its views, and fills the reverse table)
        engines["django"].engine.template_context_processors  # noqa: B018
        import_string(settings.MESSAGE_STORAGE)
        formats.get_format("DATE_FORMAT")
        prepared.warm()  # after the views: each module makes its own prepared queries as it loads
    except Exception:  # a module that fails to import fails on its own page, as before
        logging.getLogger(__name__).exception("Could not load the views at start")


_warm_pdf()
_warm_templates()
_warm_code()
