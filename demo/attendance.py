"""Demo attendance: today's sittings for the demo trainer, past sittings marked and signed.

Development only. Marks and signatures of past sittings get their history
rows too, as if a tablet had sent them, so the attendance sheet and the admin
show what real use produces (including a few signatures flagged as given
outside the sitting's hours).
"""

import datetime
import math
import random
import uuid

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from attendance.models import Attendance, AttendanceChange, AttendanceStatus, ChangeKind
from attendance.summary import ATTENDED
from core.roles import TRAINERS_GROUP
from courses.choices import EnrolmentStatus, SessionStatus
from courses.models import CoursePage, Enrolment, Session, Sitting, Venue

TODAY_MARKER = "Démo : séances du jour du formateur de démonstration."
DEVICE = "tablette-demo"


def scribble(rng):
    """A hand-written-looking signature: a few wavy strokes in a 300 x 100 box."""
    strokes = []
    x = rng.uniform(20, 50)
    for _stroke in range(rng.randint(2, 3)):
        points = []
        amplitude, phase = rng.uniform(12, 28), rng.uniform(0, math.pi)
        for step in range(rng.randint(10, 18)):
            x += rng.uniform(4, 9)
            y = 55 + amplitude * math.sin(phase + step * rng.uniform(0.6, 1.2))
            points.append(f"{'M' if step == 0 else 'L'}{min(x, 290):.1f} {y:.1f}")
        strokes.append(" ".join(points))
        x += rng.uniform(5, 15)
    return " ".join(strokes)


def ensure_todays_sittings(trainer, learners, today=None):
    """A session with two sittings today (morning, afternoon) taught by the demo trainer."""
    today = today or timezone.localdate()
    if Session.objects.filter(notes=TODAY_MARKER, start_date=today).exists():
        return None
    course = CoursePage.objects.filter(slug="premiers-pas-ordinateur").first()
    venue = Venue.objects.filter(kind="station").order_by("pk").first()
    if course is None or venue is None:
        return None
    session = Session.objects.create(
        course=course, venue=venue, capacity=10, status=SessionStatus.OPEN, notes=TODAY_MARKER
    )
    session.trainers.add(trainer)
    session.save()  # a parental many-to-many is written on save
    Sitting.objects.create(
        session=session, date=today, start_time=datetime.time(9, 30), end_time=datetime.time(12, 30)
    )
    Sitting.objects.create(
        session=session, date=today, start_time=datetime.time(14, 0), end_time=datetime.time(17, 0)
    )
    rng = random.Random(today.toordinal())
    Enrolment.objects.bulk_create(
        Enrolment(session=session, learner=learner, status=EnrolmentStatus.CONFIRMED)
        for learner in rng.sample(learners, 8)
    )
    return session


# The network's other trainers (no login: the demo logs in as "formateur" only).
OTHER_TRAINERS = [("claire.dubois", "Claire", "Dubois"), ("yacine.haddad", "Yacine", "Haddad")]
KEPT_IN_THE_WEEK = 4  # the demo trainer's other sittings in the coming week, beside today's


def share_the_week(trainer, today=None):
    """A trainer's real week: today's two sittings, tomorrow nothing else, a few later.

    The catalogue gives every session to the demo trainer; here, the sessions
    with a sitting in the coming week go to the other trainers, except the
    first few that start after tomorrow.
    """
    today = today or timezone.localdate()
    others = []
    for username, first, last in OTHER_TRAINERS:
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last}
        )
        if created:
            user.set_unusable_password()
            user.save()
        user.groups.add(Group.objects.get(name=TRAINERS_GROUP))
        others.append(user)
    week = today + datetime.timedelta(days=7)
    sessions = list(
        Session.objects.filter(
            trainers=trainer, sittings__date__gte=today, sittings__date__lte=week
        )
        .exclude(notes=TODAY_MARKER)
        .distinct()
        .order_by("start_date", "pk")
    )
    kept, busy = [], set()  # one place at a time: no two kept sittings at the same hour
    for session in sessions:
        slots = {(s.date, s.start_time) for s in session.sittings.all()}
        soon = any(day <= today + datetime.timedelta(days=1) for day, _time in slots)
        if len(kept) < KEPT_IN_THE_WEEK and not soon and not slots & busy:
            kept.append(session)
            busy |= slots
    through = Session.trainers.through
    moved = [s for s in sessions if s not in kept]
    through.objects.filter(session__in=moved, user=trainer).delete()
    through.objects.bulk_create(
        [
            through(session_id=session.pk, user_id=others[index % len(others)].pk)
            for index, session in enumerate(moved)
        ],
        ignore_conflicts=True,
    )
    return len(moved)


def mark_past_sittings(trainer, today=None):
    """Marks, signatures and closing for the past sittings of the trainer's sessions."""
    today = today or timezone.localdate()
    sittings = list(
        Sitting.objects.filter(session__trainers=trainer, date__lt=today, closed_at=None)
        .exclude(session__status=SessionStatus.CANCELLED)
        .exclude(attendances__isnull=False)
        .select_related("session")
        .order_by("date", "start_time")
    )
    confirmed = {}
    for enrolment in Enrolment.objects.filter(
        session__in={s.session_id for s in sittings}, status=EnrolmentStatus.CONFIRMED
    ):
        confirmed.setdefault(enrolment.session_id, []).append(enrolment)
    rng = random.Random(42)
    signatures = {}
    attendances, changes = [], []
    for sitting in sittings:
        start, end = sitting.starts_at(), sitting.ends_at()
        for enrolment in confirmed.get(sitting.session_id, []):
            roll = rng.random()
            status = (
                AttendanceStatus.PRESENT
                if roll < 0.84
                else AttendanceStatus.LATE
                if roll < 0.9
                else AttendanceStatus.ABSENT
                if roll < 0.97
                else AttendanceStatus.EXCUSED
            )
            marked = start + datetime.timedelta(minutes=rng.randint(0, 15))
            attendance = Attendance(
                sitting=sitting,
                enrolment=enrolment,
                status=status,
                status_device_time=marked,
                marked_by=trainer,
                marked_at=marked,
                device_id=DEVICE,
            )
            changes.append(_change(sitting, enrolment, ChangeKind.MARK, status, marked, trainer))
            if status in ATTENDED:
                # One learner in forty signs hours later: the sheet flags it.
                late = rng.random() < 0.025
                signed = (
                    end + datetime.timedelta(hours=3)
                    if late
                    else marked + datetime.timedelta(minutes=2)
                )
                path = signatures.setdefault(enrolment.learner_id, scribble(rng))
                attendance.signature, attendance.signature_device_time = path, signed
                attendance.signed_at, attendance.signature_device_id = signed, DEVICE
                attendance.signature_flagged = late
                changes.append(
                    _change(sitting, enrolment, ChangeKind.SIGNATURE, path, signed, trainer)
                )
            attendances.append(attendance)
        sitting.closed_at = end + datetime.timedelta(minutes=rng.randint(0, 10))
        sitting.closed_by = trainer
        sitting.trainer_signature = signatures.setdefault(("trainer", trainer.pk), scribble(rng))
        sitting.trainer_signature_device_time = sitting.closed_at
        sitting.trainer_signature_device_id = DEVICE
    Attendance.objects.bulk_create(attendances)
    AttendanceChange.objects.bulk_create(changes)
    Sitting.objects.bulk_update(
        sittings,
        [
            "closed_at",
            "closed_by",
            "trainer_signature",
            "trainer_signature_device_time",
            "trainer_signature_device_id",
        ],
    )
    return len(attendances)


def _change(sitting, enrolment, kind, value, when, user):
    return AttendanceChange(
        client_id=uuid.uuid4(),
        sitting=sitting,
        enrolment=enrolment,
        kind=kind,
        value=value,
        device_time=when,
        server_time=when,
        device_id=DEVICE,
        user=user,
    )
