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


_warm_pdf()
