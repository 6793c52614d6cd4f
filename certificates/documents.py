"""The two PDF documents of a certificate, rendered once and stored.

- the attestation de fin de formation (Labour Code L6353-1: objectives, nature,
  duration, assessment results), for the learner and employers;
- the certificat de réalisation (the Ministry of Labour's model), for funders.

Both come from the same record. Rendering is offline: the only files WeasyPrint
may read are the project's own static files (the bundled font); anything
else is refused. The PDFs are PDF/A-3a (archival, tagged), in French, with a
title, and carry a QR code to the verification page.
"""

import hashlib
import mimetypes
from pathlib import Path

import segno
from django.conf import settings
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from certificates.models import Certificate, CertificateSettings
from certificates.services import format_code
from courses.links import absolute

STATIC_ROOT_DIR = Path(settings.BASE_DIR) / "site" / "static"
DOCUMENTS = {
    "attestation": "certificates/attestation.html",
    "realisation": "certificates/realisation.html",
}


class StaticOnlyFetcher(URLFetcher):
    """Lets WeasyPrint read the project's static files and nothing else (no network)."""

    def fetch(self, url, headers=None):
        if not url.startswith("file://"):
            raise ValueError(f"blocked while rendering a certificate: {url}")
        path = Path(url[len("file://") :].split("?")[0]).resolve()
        if STATIC_ROOT_DIR.resolve() not in path.parents:
            raise ValueError(f"blocked while rendering a certificate: {url}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=path.read_bytes(), headers={"Content-Type": content_type}
        )


def verification_url(certificate):
    return absolute(reverse("certificates:verify", args=[certificate.verification_code]))


def context(certificate):
    url = verification_url(certificate)
    return {
        "certificate": certificate,
        "settings": CertificateSettings.load(),
        "verification_url": url,
        "code": format_code(certificate.verification_code),
        "qr_svg": segno.make(url, error="m").svg_inline(scale=3, border=0, omitsize=True),
        "objectives": [line for line in certificate.objectives.splitlines() if line.strip()],
        "skills": [line for line in certificate.skills.splitlines() if line.strip()],
    }


def render_pdf(template, data, font_config=None):
    with translation.override("fr"):
        html = render_to_string(template, data)
    return HTML(
        string=html, base_url=STATIC_ROOT_DIR.as_uri() + "/", url_fetcher=StaticOnlyFetcher()
    ).write_pdf(pdf_variant="pdf/a-3a", font_config=font_config)


def render_batch(certificate_ids):
    """Render many certificates sharing one font configuration (fonts are loaded once)."""
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    certificates = Certificate.objects.filter(pk__in=certificate_ids).order_by("pk")
    return [render_documents(certificate, font_config) for certificate in certificates]


def render_documents(certificate, font_config=None):
    """Render both PDFs, store them and their SHA-256 (replacing older files)."""
    data = context(certificate)
    for kind, template in DOCUMENTS.items():
        pdf = render_pdf(template, {**data, "kind": kind}, font_config)
        field = getattr(certificate, f"{kind}_pdf")
        if field:
            field.delete(save=False)
        name = f"{certificate.number}-{kind}.pdf"
        field.save(name, ContentFile(pdf), save=False)
        setattr(certificate, f"{kind}_sha256", hashlib.sha256(pdf).hexdigest())
    certificate.rendered_at = timezone.now()
    Certificate.objects.filter(pk=certificate.pk).update(
        attestation_pdf=certificate.attestation_pdf.name,
        attestation_sha256=certificate.attestation_sha256,
        realisation_pdf=certificate.realisation_pdf.name,
        realisation_sha256=certificate.realisation_sha256,
        rendered_at=certificate.rendered_at,
    )
    return certificate
