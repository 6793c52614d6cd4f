"""Background work for certificates: rendering the PDFs, issuing a whole session."""

from django_tasks import task


@task()
def render_certificate(certificate_id):
    """Render and store a certificate's two PDFs (again after a change or a revocation)."""
    from certificates.documents import render_documents
    from certificates.models import Certificate

    certificate = Certificate.objects.filter(pk=certificate_id).first()
    if certificate is not None:
        render_documents(certificate)


@task()
def render_certificates(certificate_ids):
    """Render a batch (a session's certificates) with the fonts loaded once."""
    from certificates.documents import render_batch

    render_batch(certificate_ids)


@task()
def issue_session_certificates(session_id):
    """Issue the certificates a session's learners earned (when its last sitting is closed)."""
    from certificates.services import issue_session

    issued, _skipped = issue_session(session_id)
    return len(issued)
