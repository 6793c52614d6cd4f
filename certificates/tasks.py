"""Background work for certificates: rendering the PDFs (safe to run twice)."""

from django_tasks import task

from certificates.documents import render_batch, render_documents
from certificates.models import Certificate


@task()
def render_certificate(certificate_id):
    """Render and store a certificate's two PDFs (again after a change or a revocation)."""
    certificate = Certificate.objects.filter(pk=certificate_id).first()
    if certificate is not None:
        render_documents(certificate)


@task()
def render_certificates(certificate_ids):
    """Render a batch (a session's certificates) with the fonts loaded once."""
    render_batch(certificate_ids)
