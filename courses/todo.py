"""What is left to do about enrolments, as querysets: the coordinators' desk (home.desk)
counts them and the admin lists (courses.wagtail_hooks) filter with the same ones, so
that a figure on the desk and the list behind it always agree."""

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Subquery

from courses.choices import EnrolmentStatus, SessionStatus
from courses.models import Enrolment, Session
from courses.models.sessions import finished_q


def call_list():
    """The people to phone (`needs_call`: promoted without e-mail, referred, unreachable)."""
    return Enrolment.objects.filter(needs_call=True)


def sessions_with_free_seat_and_waiting(now=None):
    """Sessions still to come or running (not cancelled, not finished) that have a free
    seat and people on their waiting list; annotated `confirmed_count`, `waiting_count`."""
    waiting = Enrolment.objects.filter(session=OuterRef("pk"), status=EnrolmentStatus.WAITLISTED)
    waiting_count = waiting.order_by().values("session").annotate(n=Count("pk")).values("n")
    return (
        Session.objects.exclude(status=SessionStatus.CANCELLED)
        .exclude(finished_q(now))
        .filter(Exists(waiting))
        .with_seats()
        .filter(confirmed_count__lt=F("capacity"))
        .annotate(waiting_count=Subquery(waiting_count, output_field=IntegerField()))
    )


def waiting_with_free_seat_q(now=None):
    """Enrolments waiting while their session has a free seat."""
    sessions = sessions_with_free_seat_and_waiting(now).values("pk")
    return Q(status=EnrolmentStatus.WAITLISTED, session__in=sessions)


def waiting_with_free_seat(now=None):
    return Enrolment.objects.filter(waiting_with_free_seat_q(now))
