"""What the certificates layer does when a layer below announces a fact."""

from django.dispatch import receiver
from django_tasks import task

from attendance.signals import session_finished
from certificates.services import issue_session


@task()
def issue_session_certificates(session_id):
    """Issue the certificates a session's learners earned (safe to run twice)."""
    issued, _skipped = issue_session(session_id)
    return len(issued)


@receiver(session_finished, dispatch_uid="certificates-issue-when-session-finished")
def issue_earned_certificates(sender, session_id, **kwargs):
    issue_session_certificates.enqueue(session_id)
