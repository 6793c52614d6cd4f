"""Offline PDF rendering: WeasyPrint may read the project's static files and nothing else.

Certificates and attendance sheets are rendered here. WeasyPrint takes about a
second to import, so it is imported on the first PDF rendered rather than when
the site starts: every web worker and every management command would pay
for it otherwise.
"""

import base64
import binascii
import functools
import mimetypes
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

STATIC_ROOT_DIR = Path(settings.BASE_DIR) / "site" / "static"

# Uploaded images (the provider's stamp) travel inside the HTML as data: URIs, read
# from storage beforehand: the fetcher decodes these two kinds and nothing else.
DATA_IMAGE_TYPES = {"image/png", "image/jpeg"}


def image_data_uri(field_file):
    """An uploaded PNG or JPEG as a data: URI ("" if absent or unreadable), never a URL."""
    if not field_file:
        return ""
    try:
        with field_file.open("rb") as stream:
            data = stream.read()
    except (OSError, ValueError):
        return ""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        content_type = "image/png"
    elif data.startswith(b"\xff\xd8\xff"):
        content_type = "image/jpeg"
    else:
        return ""
    return f"data:{content_type};base64,{base64.b64encode(data).decode('ascii')}"


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
            if url.startswith("data:"):
                return _data_image(url)
            if not url.startswith("file://"):
                raise ValueError(f"blocked while rendering a PDF: {url}")
            path = Path(url[len("file://") :].split("?")[0]).resolve()
            if STATIC_ROOT_DIR.resolve() not in path.parents:
                raise ValueError(f"blocked while rendering a PDF: {url}")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                url, body=path.read_bytes(), headers={"Content-Type": content_type}
            )

    def _data_image(url):
        """A base64 PNG or JPEG written in the document itself; other data: URIs are refused."""
        header, _comma, payload = url[len("data:") :].partition(",")
        content_type, _semicolon, encoding = header.partition(";")
        if content_type not in DATA_IMAGE_TYPES or encoding != "base64":
            raise ValueError(f"blocked while rendering a PDF: {url[:40]}")
        try:
            body = base64.b64decode(payload, validate=True)
        except (binascii.Error, ValueError) as error:
            raise ValueError("blocked while rendering a PDF: a malformed data: image") from error
        return URLFetcherResponse(url, body=body, headers={"Content-Type": content_type})

    return StaticOnlyFetcher
