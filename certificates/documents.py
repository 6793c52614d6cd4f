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

import segno
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from certificates.codes import format_code
from certificates.models import Certificate, CertificateSettings
from core import pdf as core_pdf
from core.links import absolute
from core.models import ProviderSettings
from courses.choices import Situation

DOCUMENTS = {
    "attestation": "certificates/attestation.html",
    "realisation": "certificates/realisation.html",
}


def verification_url(certificate):
    return absolute(reverse("certificates:verify", args=[certificate.verification_code]))


# Who runs their own business rather than working for an employer.
SELF_EMPLOYED = {
    Situation.ARTISAN: _("artisan"),
    Situation.SHOPKEEPER: _("commerçant(e)"),
}


def employer_line(learner):
    """The certificat de réalisation's "salarié(e) de l'entreprise" line, or "" for none.

    An employee: the employer's name. An artisan or a shopkeeper without one: trained
    for their own business. A jobseeker or a resident: no line (the Ministry's model
    leaves it empty for them), rather than an employer that does not exist.
    """
    if learner is None:
        return ""
    employer = (learner.employer or "").strip()
    if employer:
        return format_lazy(_("salarié(e) de l'entreprise : {employer}"), employer=employer)
    if learner.situation in SELF_EMPLOYED:
        return format_lazy(
            _("au titre de sa propre entreprise ({trade})"),
            trade=SELF_EMPLOYED[learner.situation],
        )
    return ""


def context(certificate):
    url = verification_url(certificate)
    provider = ProviderSettings.load()
    learner = certificate.enrolment.learner if certificate.enrolment_id else None
    return {
        "certificate": certificate,
        "settings": CertificateSettings.load(),
        "provider": provider,
        "stamp": provider.stamp_data_uri(),
        "signatory_name": certificate.signatory_name or provider.representative_name,
        "signatory_role": certificate.signatory_role or provider.representative_title,
        "employer_line": employer_line(learner),
        "verification_url": url,
        "code": format_code(certificate.verification_code),
        "qr_svg": segno.make(url, error="m").svg_inline(scale=3, border=0, omitsize=True),
        "objectives": [line for line in certificate.objectives.splitlines() if line.strip()],
        "skills": [line for line in certificate.skills.splitlines() if line.strip()],
    }


def render_pdf(template, data, font_config=None):
    """PDF/A-3a: archival and tagged (read aloud by screen readers)."""
    return core_pdf.render_pdf(template, data, "pdf/a-3a", font_config)


def render_batch(certificate_ids):
    """Render many certificates sharing one font configuration (fonts are loaded once)."""
    font_config = core_pdf.font_configuration()
    certificates = (
        Certificate.objects.filter(pk__in=certificate_ids)
        .select_related("enrolment__learner")
        .order_by("pk")
    )
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
