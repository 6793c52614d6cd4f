"""Demo data for the coordinators' desk (home.desk): something in every panel.

Development only. Run by `seed_demo` after the past sittings are marked and before
the certificates are issued; each step looks first whether its example exists.
"""

import datetime
import random

from django.db.models import F
from django.utils import timezone

from attendance.models import Attendance, AttendanceStatus
from courses.choices import EnrolmentStatus, SessionStatus
from courses.models import CoursePage, Enrolment, Learner, Session, Sitting, Venue
from courses.services.enrolment import EnrolmentError, Person, enrol
from courses.todo import call_list, sessions_with_free_seat_and_waiting

TO_CLOSE_MARKER = "Démo : la dernière séance n'a pas été clôturée par le formateur."
LANDLINE = Person("Josiane", "Demo-Fixe", phone="01 34 00 00 01", town="Louvres")


def _weekdays_before(today, count):
    days, day = [], today
    while len(days) < count:
        day -= datetime.timedelta(days=1)
        if day.weekday() < 5:
            days.append(day)
    return sorted(days)


def ensure_sitting_to_close(trainer, today):
    """A session of the last two weekdays: the first sitting marked and closed, the last
    one half marked and never closed (its certificates are not issued either)."""
    if Session.objects.filter(notes=TO_CLOSE_MARKER).exists():
        return None
    course = CoursePage.objects.filter(slug="premiers-pas-ordinateur").first()
    venue = Venue.objects.order_by("pk").first()
    learners = list(Learner.objects.filter(email__endswith="@exemple.numixs").order_by("pk"))
    if course is None or venue is None or len(learners) < 6:
        return None
    session = Session.objects.create(
        course=course, venue=venue, capacity=8, status=SessionStatus.OPEN, notes=TO_CLOSE_MARKER
    )
    session.trainers.add(trainer)
    sittings = [
        Sitting.objects.create(
            session=session,
            date=day,
            start_time=datetime.time(9, 30),
            end_time=datetime.time(12, 30),
        )
        for day in _weekdays_before(today, 2)
    ]
    people = random.Random(today.toordinal()).sample(learners, 6)
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(session=session, learner=learner, status=EnrolmentStatus.CONFIRMED)
        for learner in people
    )
    first, last = sittings
    marks = [
        Attendance(sitting=first, enrolment=e, status=AttendanceStatus.PRESENT, marked_by=trainer)
        for e in enrolments
    ] + [
        Attendance(sitting=last, enrolment=e, status=AttendanceStatus.PRESENT, marked_by=trainer)
        for e in enrolments[:4]
    ]
    Attendance.objects.bulk_create(marks)
    first.closed_at, first.closed_by = first.ends_at(), trainer
    first.save(update_fields=["closed_at", "closed_by"])
    return session


def ensure_landline_learner(today):
    """Someone with a landline only: no SMS, no e-mail reaches them, they go on the call list."""
    if call_list().exists():
        return None
    session = (
        Session.objects.upcoming(today + datetime.timedelta(days=2))
        .with_seats_left()
        .order_by("start_date", "pk")
        .first()
    )
    if session is None:
        return None
    try:
        return enrol(session.pk, LANDLINE).enrolment
    except EnrolmentError:
        return None


def ensure_free_seat_with_waiting_list(today):
    """A full session with a waiting list gets a bigger room, set without the form (which
    would promote the people waiting at once): the desk shows whom to confirm."""
    if sessions_with_free_seat_and_waiting().exists():
        return None
    session = (
        Session.objects.upcoming(today + datetime.timedelta(days=2))
        .filter(enrolments__status=EnrolmentStatus.WAITLISTED)
        .order_by("start_date", "pk")
        .first()
    )
    if session is None:
        return None
    Session.objects.filter(pk=session.pk).update(capacity=F("capacity") + 1)
    return session


def ensure_desk_examples(trainer, today=None):
    today = today or timezone.localdate()
    ensure_sitting_to_close(trainer, today)
    ensure_landline_learner(today)
    ensure_free_seat_with_waiting_list(today)
