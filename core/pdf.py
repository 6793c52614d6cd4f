"""Offline PDF rendering: WeasyPrint may read the project's static files and nothing else.

Certificates and attendance sheets are rendered here. WeasyPrint takes about a
second to import, so it is imported on the first PDF rendered rather than when
the site starts: every web worker and every management command would pay
for it otherwise.
"""

import functools
import mimetypes
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

STATIC_ROOT_DIR = Path(settings.BASE_DIR) / "site" / "static"


def render_pdf(template, context, variant, font_config=None):
    """The template rendered in French, as PDF bytes of `variant` (e.g. "pdf/a-3a")."""
    from weasyprint import HTML  # imported on first use (see the module's docstring)

    with translation.override("fr"):
        html = render_to_string(template, context)
    return HTML(
        string=html, base_url=STATIC_ROOT_DIR.as_uri() + "/", url_fetcher=static_only_fetcher()
    ).write_pdf(pdf_variant=variant, font_config=font_config)


def font_configuration():
    """One font configuration to share across a batch (fonts are then loaded once)."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def static_only_fetcher():
    """A URL fetcher for WeasyPrint that reads the project's static files and refuses the rest."""
    return _static_only_fetcher_class()()


@functools.cache
def _static_only_fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if not url.startswith("file://"):
                raise ValueError(f"blocked while rendering a PDF: {url}")
            path = Path(url[len("file://") :].split("?")[0]).resolve()
            if STATIC_ROOT_DIR.resolve() not in path.parents:
                raise ValueError(f"blocked while rendering a PDF: {url}")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                url, body=path.read_bytes(), headers={"Content-Type": content_type}
            )

    return StaticOnlyFetcher
