from django.http import Http404, HttpResponse
from django.views.decorators.http import require_safe

from courses.ics import session_calendar
from courses.models import Session
from home.contact import get_contact


def _public_session_or_404(public_id):
    """A session whose course is published; anything else is a 404 (no hint it exists)."""
    session = (
        Session.objects.published()
        .select_related("course", "venue")
        .prefetch_related("sittings")
        .filter(public_id=public_id)
        .first()
    )
    if session is None:
        raise Http404
    return session


@require_safe
def session_ics(request, public_id):
    session = _public_session_or_404(public_id)
    body = session_calendar(
        session, session.course.get_full_url(request), get_contact(request).phone
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    filename = f"numixs-{session.course.slug}-{session.start_date or 'session'}.ics"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
