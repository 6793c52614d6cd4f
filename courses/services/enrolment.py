"""Enrolling, cancelling and promoting from the waiting list: the rules, in one place.

Each operation runs in one transaction that first locks the session row, so
two requests for the last seat are served one after the other: the second
one counts the first one's seat. (PostgreSQL: SELECT … FOR UPDATE. SQLite:
every transaction is IMMEDIATE, which takes the database's write lock.)
E-mails are queued only after the transaction commits.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.choices import EnrolmentChannel, EnrolmentStatus, SessionStatus
from courses.models import Enrolment, Learner, Session
from courses.services.errors import EnrolmentError


@dataclass(frozen=True)
class Person:
    first_name: str
    last_name: str
    email: str = ""
    phone: str = ""
    town: str = ""
    postcode: str = ""
    situation: str = "autre"
    employment_agency_id: str = ""


@dataclass(frozen=True)
class EnrolmentResult:
    enrolment: Enrolment
    created: bool


def first_sitting_start(session):
    first = session.sittings.order_by("date", "start_time").first()
    return first.starts_at() if first else None


def check_open(session, now=None):
    """Raise `enrolment_closed` unless the session still takes enrolments."""
    now = now or timezone.now()
    if session.status == SessionStatus.CANCELLED:
        raise EnrolmentError("enrolment_closed", _("Cette session a été annulée."))
    start = first_sitting_start(session)
    if session.status == SessionStatus.FINISHED or start is None or start <= now:
        raise EnrolmentError(
            "enrolment_closed", _("Les inscriptions à cette session sont closes : elle a commencé.")
        )


def _same_person(person):
    """Learners with the same name and the same e-mail or phone."""
    contact = Q()
    if person.email:
        contact |= Q(email__iexact=person.email)
    if person.phone:
        contact |= Q(phone=person.phone)
    return Learner.objects.filter(
        contact,
        first_name__iexact=person.first_name.strip(),
        last_name__iexact=person.last_name.strip(),
    )


def _learner_for(person):
    learner = _same_person(person).order_by("pk").first()
    if learner is None:
        return Learner.objects.create(
            first_name=person.first_name.strip(),
            last_name=person.last_name.strip(),
            email=person.email,
            phone=person.phone,
            town=person.town,
            postcode=person.postcode,
            situation=person.situation,
            employment_agency_id=person.employment_agency_id,
        )
    # Keep the contact details the person gave most recently.
    for field in ("email", "phone", "town", "postcode", "employment_agency_id"):
        value = getattr(person, field)
        if value:
            setattr(learner, field, value)
    learner.situation = person.situation
    learner.save()
    return learner


def _place_in(session):
    """(status, waiting-list position) for a newcomer; the session row is locked."""
    if session.enrolments.confirmed().count() < session.capacity:
        return EnrolmentStatus.CONFIRMED, None
    last = session.enrolments.filter(status=EnrolmentStatus.WAITLISTED).aggregate(
        last=Max("waitlist_position")
    )["last"]
    return EnrolmentStatus.WAITLISTED, (last or 0) + 1


def enrol(session_id, person, *, actor=None, now=None):
    """Give `person` a seat in the session, or a place on its waiting list.

    The same person (name + e-mail or phone) enrolling again gets their
    existing enrolment back (`created` is False).
    """
    channel = EnrolmentChannel.SELF
    if actor is not None and actor.is_authenticated:
        channel = EnrolmentChannel.STAFF if actor.is_staff else EnrolmentChannel.PARTNER
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session_id)
        check_open(session, now)
        learner = _learner_for(person)
        enrolment = Enrolment.objects.filter(session=session, learner=learner).first()
        if enrolment is not None and enrolment.status != EnrolmentStatus.CANCELLED:
            return EnrolmentResult(enrolment, created=False)
        status, position = _place_in(session)
        if enrolment is None:
            enrolment = Enrolment(session=session, learner=learner)
        enrolment.status, enrolment.waitlist_position = status, position
        enrolment.channel = channel
        enrolment.enrolled_by = actor if channel != EnrolmentChannel.SELF else None
        enrolment.cancelled_at = enrolment.cancelled_by = None
        enrolment.save()
        _after_commit(enrolment, "confirmation")
    return EnrolmentResult(enrolment, created=True)


def cancel(enrolment_id, *, actor=None, now=None):
    """Cancel an enrolment; a freed seat goes to the first person waiting, in one transaction."""
    now = now or timezone.now()
    with transaction.atomic():
        session_id = Enrolment.objects.values_list("session_id", flat=True).get(pk=enrolment_id)
        session = Session.objects.select_for_update().get(pk=session_id)
        enrolment = Enrolment.objects.select_related("learner").get(pk=enrolment_id)
        if enrolment.status == EnrolmentStatus.CANCELLED:
            return enrolment
        staff = actor is not None and actor.is_authenticated and actor.is_staff
        start = first_sitting_start(session)
        if not staff and (start is None or start <= now):
            raise EnrolmentError(
                "not_cancellable",
                _("La session a commencé : appelez-nous pour annuler votre inscription."),
            )
        freed_seat = enrolment.status == EnrolmentStatus.CONFIRMED
        enrolment.status, enrolment.waitlist_position = EnrolmentStatus.CANCELLED, None
        enrolment.cancelled_at = now
        enrolment.cancelled_by = actor if actor is not None and actor.is_authenticated else None
        enrolment.save()
        if freed_seat:
            promote_next(session, now=now)
    return enrolment


def promote_next(session, *, now=None):
    """Move the first person waiting into a free seat (call with the session row locked)."""
    if session.enrolments.confirmed().count() >= session.capacity:
        return None
    promoted = session.enrolments.waitlisted().select_related("learner").first()
    if promoted is None:
        return None
    promoted.status, promoted.waitlist_position = EnrolmentStatus.CONFIRMED, None
    promoted.promoted_at = now or timezone.now()
    # Nobody reads an e-mail that cannot be sent: someone must phone them.
    promoted.needs_call = not promoted.learner.email
    promoted.save()
    _after_commit(promoted, "promotion")
    return promoted


def _after_commit(enrolment, kind):
    if not enrolment.learner.email:
        return
    from courses.emails import send_enrolment_email

    enrolment_id = enrolment.pk
    transaction.on_commit(lambda: send_enrolment_email.enqueue(enrolment_id, kind))


def waitlist_rank(enrolment):
    """1 for the first person waiting, 2 for the next…"""
    if enrolment.status != EnrolmentStatus.WAITLISTED:
        return None
    return (
        enrolment.session.enrolments.filter(
            status=EnrolmentStatus.WAITLISTED, waitlist_position__lt=enrolment.waitlist_position
        ).count()
        + 1
    )


def send_reminders(day):
    """E-mail every confirmed learner whose session starts on `day`, once; returns how many."""
    from courses.emails import send_enrolment_email

    due = (
        Enrolment.objects.confirmed()
        .filter(
            session__start_date=day,
            session__status=SessionStatus.OPEN,
            reminder_sent_at=None,
        )
        .exclude(learner__email="")
    )
    sent = 0
    for enrolment_id in due.values_list("pk", flat=True):
        # Claim the reminder first: a second run, even a concurrent one, skips it.
        claimed = Enrolment.objects.filter(pk=enrolment_id, reminder_sent_at=None).update(
            reminder_sent_at=timezone.now()
        )
        if claimed:
            send_enrolment_email.enqueue(enrolment_id, "reminder")
            sent += 1
    return sent
