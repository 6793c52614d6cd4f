"""What is left to do about attendance, as querysets: the coordinators' desk (home.desk)
counts them and the admin lists (attendance.wagtail_hooks) filter with the same ones,
so that a figure on the desk and the list behind it always agree."""

import datetime

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from attendance.models import Attendance, AttendanceStatus
from courses.choices import EnrolmentStatus, SessionStatus
from courses.models import Enrolment, Sitting

# Absences of the last days are worth a call (the session may still be on).
RECENT_ABSENCE_DAYS = 7


def with_marks(sittings):
    """Annotate `marked_count` (learners marked) and `enrolled_count` (confirmed places)."""
    marked = (
        Attendance.objects.filter(sitting=OuterRef("pk"))
        .exclude(status="")
        .order_by()
        .values("sitting")
        .annotate(n=Count("pk"))
        .values("n")
    )
    enrolled = (
        Enrolment.objects.filter(session=OuterRef("session_id"), status=EnrolmentStatus.CONFIRMED)
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")
    )
    zero = Value(0, output_field=IntegerField())
    return sittings.annotate(
        marked_count=Coalesce(Subquery(marked, output_field=IntegerField()), zero),
        enrolled_count=Coalesce(Subquery(enrolled, output_field=IntegerField()), zero),
    )


def sittings_on(day):
    """The sittings of `day` (sessions not cancelled), in time order."""
    return (
        Sitting.objects.filter(date=day)
        .exclude(session__status=SessionStatus.CANCELLED)
        .order_by("start_time", "pk")
    )


def to_close_q(today):
    """A sitting of a day before `today`, never closed, of a session not cancelled."""
    return Q(date__lt=today, closed_at__isnull=True) & ~Q(session__status=SessionStatus.CANCELLED)


def sittings_to_close(today):
    return Sitting.objects.filter(to_close_q(today)).order_by("date", "start_time", "pk")


def absence_range(today):
    """(first day, last day) of the absences the desk lists."""
    return today - datetime.timedelta(days=RECENT_ABSENCE_DAYS), today


def recent_absences(today):
    first, last = absence_range(today)
    return Attendance.objects.filter(
        status=AttendanceStatus.ABSENT, sitting__date__gte=first, sitting__date__lte=last
    )
