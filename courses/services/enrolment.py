"""Enrolling, cancelling and promoting from the waiting list: the rules, in one place.

Each operation runs in one transaction that first locks the session row, so
two requests for the last seat are served one after the other: the second
one counts the first one's seat. (PostgreSQL: SELECT … FOR UPDATE. SQLite:
every transaction is IMMEDIATE, which takes the database's write lock.)
Messages (SMS, e-mail: courses.notifications) are written in the same
transaction and sent only after it commits.
"""

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import record
from core.roles import is_trainer
from courses.choices import EnrolmentChannel, EnrolmentStatus, SessionStatus
from courses.models import Enrolment, Learner, MessageKind, PartnerOrganisation, Session
from courses.notifications import notify
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
    # The details matched someone already enrolled in the session whom the sender
    # may not be shown: the link went again to the contact on file instead.
    link_sent_again: bool = False


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


CONTACT_FIELDS = ("email", "phone", "town", "postcode")


def _gave_the_same_details(learner, person):
    """Every contact detail typed equals the stored one, and none is missing.

    Only then may a form filled by anyone reuse the record: reusing it shows
    the visitor nothing they did not type themselves.
    """
    return all(
        (getattr(learner, field) or "").strip().lower()
        == (getattr(person, field) or "").strip().lower()
        for field in CONTACT_FIELDS
    )


def _lock_person(person):
    """Serialise enrolments of the same person (name), so that one person enrolling
    in several sessions at once gets one learner record.

    PostgreSQL: a transaction-scoped advisory lock on a hash of the name. SQLite:
    every transaction already holds the database's write lock.
    """
    if connection.vendor != "postgresql":
        return
    name = f"{person.first_name.strip().lower()}|{person.last_name.strip().lower()}"
    key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def _new_learner(person, duplicate_of=None):
    return Learner.objects.create(
        first_name=person.first_name.strip(),
        last_name=person.last_name.strip(),
        email=person.email,
        phone=person.phone,
        town=person.town,
        postcode=person.postcode,
        situation=person.situation,
        employment_agency_id=person.employment_agency_id,
        duplicate_of=duplicate_of,
    )


def _learner_for(person, *, trusted):
    """The learner record an enrolment goes to; an existing one is never changed.

    Staff and trainers (`trusted`) see the person: the first record with the
    same name and contact is theirs. Anyone else (the public form, a partner)
    reuses a record only when they typed exactly its details; otherwise a new
    record is made, flagged as a possible duplicate for staff to merge.
    Contact details change in the admin, never through an enrolment.
    """
    matches = list(_same_person(person).order_by("pk"))
    if not matches:
        return _new_learner(person)
    if trusted:
        return matches[0]
    for learner in matches:
        if _gave_the_same_details(learner, person):
            return learner
    return _new_learner(person, duplicate_of=matches[0])


LINK_RESEND_INTERVAL = timedelta(hours=1)


def _send_link_again(enrolment, now):
    """Send an existing enrolment's link to the contact on file (at most once an hour).

    By SMS and e-mail where there are some; otherwise the person goes on the call list.
    """
    if enrolment.link_resent_at and now - enrolment.link_resent_at < LINK_RESEND_INTERVAL:
        return
    enrolment.link_resent_at = now
    enrolment.save(update_fields=["link_resent_at"])
    notify(enrolment, MessageKind.LINK)


def _place_in(session, now=None):
    """(status, waiting-list position) for a newcomer; the session row is locked.

    A free seat goes to a newcomer only when nobody is waiting for it.
    """
    if session.enrolments.confirmed().count() < session.capacity:
        if not session.enrolments.filter(status=EnrolmentStatus.WAITLISTED).exists():
            return EnrolmentStatus.CONFIRMED, None
        while promote_next(session, now=now) is not None:
            pass
        if session.enrolments.confirmed().count() < session.capacity:
            return EnrolmentStatus.CONFIRMED, None
    return EnrolmentStatus.WAITLISTED, _next_position(session)


def channel_for(actor):
    """How an enrolment arrives: the person, a mediator (staff, trainer) or a partner."""
    if actor is None or not actor.is_authenticated:
        return EnrolmentChannel.SELF
    if PartnerOrganisation.objects.of_member(actor).exists():
        return EnrolmentChannel.PARTNER
    if actor.is_staff or is_trainer(actor):
        return EnrolmentChannel.STAFF
    return EnrolmentChannel.SELF


def referrer_for(actor, referrer):
    """The partner that referred the person: a partner user's own organisation.

    A member of several organisations says which one; anyone else may name
    any active organisation (or none).
    """
    own = list(PartnerOrganisation.objects.of_member(actor))
    if own:
        if referrer is not None and referrer in own:
            return referrer
        if len(own) == 1 and referrer is None:
            return own[0]
        raise EnrolmentError(
            "referrer_not_yours",
            _("Choisissez laquelle de vos structures oriente cette personne."),
        )
    if referrer is not None and not referrer.is_active:
        raise EnrolmentError(
            "referrer_inactive", _("Cette structure n'oriente plus de personnes vers nous.")
        )
    return referrer


def enrol(session_id, person, *, referrer=None, consent=False, actor=None, now=None):
    """Give `person` a seat in the session, or a place on its waiting list.

    A public or partner enrolment never reveals, links to or changes another
    enrolment or a stored learner's details: when the same person (name + e-mail
    or phone) is already enrolled, the result only says that their link was sent
    again to the contact on file (`link_sent_again`). Staff and trainers get the
    existing enrolment back (`created` is False).

    `consent` is the person's agreement that `referrer` follows their attendance
    and gets the certificate; it means nothing without a referrer. A consent the
    learner withdrew is given back only by the learner (their link, their account)
    or by staff: a partner cannot give it back by enrolling them again, and the
    public form (anyone may fill it) records none.
    """
    now = now or timezone.now()
    channel = channel_for(actor)
    referrer = referrer_for(actor, referrer)
    trusted = channel == EnrolmentChannel.STAFF
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session_id)
        check_open(session, now)
        _lock_person(person)
        matches = _same_person(person)
        existing = (
            Enrolment.objects.filter(session=session, learner__in=matches)
            .exclude(status=EnrolmentStatus.CANCELLED)
            .select_related("learner")
            .order_by("pk")
            .first()
        )
        if existing is not None:
            if trusted:
                return EnrolmentResult(existing, created=False)
            _send_link_again(existing, now)
            return EnrolmentResult(existing, created=False, link_sent_again=True)
        if referrer is not None and consent and not trusted:
            withdrawn = _consent_withdrawn(matches, referrer)
            if withdrawn and channel == EnrolmentChannel.PARTNER:
                raise EnrolmentError(
                    "consent_withdrawn",
                    _(
                        "Cette personne a retiré son accord de suivi pour votre structure. "
                        "Elle seule (depuis le lien de son inscription) ou l'équipe Numixs "
                        "peut le redonner. Inscrivez-la sans cocher l'accord."
                    ),
                )
            consent = consent and not withdrawn
        learner = _learner_for(person, trusted=trusted)
        enrolment = Enrolment.objects.filter(session=session, learner=learner).first()
        status, position = _place_in(session, now)
        if enrolment is None:
            enrolment = Enrolment(session=session, learner=learner)
        enrolment.status, enrolment.waitlist_position = status, position
        enrolment.channel = channel
        enrolment.enrolled_by = actor if channel != EnrolmentChannel.SELF else None
        enrolment.cancelled_at = enrolment.cancelled_by = None
        enrolment.referrer = referrer
        enrolment.referrer_consent = bool(referrer and consent)
        enrolment.referrer_consent_at = now if enrolment.referrer_consent else None
        enrolment.save()
        notify(enrolment, MessageKind.CONFIRMATION)
        if channel != EnrolmentChannel.SELF:  # staff, a trainer or a partner acted
            record(enrolment, "numixs.enrolment.create", user=actor, channel=channel)
    return EnrolmentResult(enrolment, created=True)


def _consent_withdrawn(learners, referrer):
    """The person's last word to this referrer was a withdrawal."""
    dates = Enrolment.objects.filter(learner__in=learners, referrer=referrer).aggregate(
        withdrawn=Max("referrer_consent_withdrawn_at"),
        given=Max("referrer_consent_at", filter=Q(referrer_consent=True)),
    )
    if dates["withdrawn"] is None:
        return False
    return dates["given"] is None or dates["given"] < dates["withdrawn"]


def give_referrer_consent(enrolment_id, *, actor=None, now=None):
    """The learner (from their link or account) or staff gives the referrer's follow-up back.

    Callers check who is asking: the signed link's holder or staff. A partner
    never calls this for themselves.
    """
    enrolment = Enrolment.objects.filter(pk=enrolment_id).first()
    if enrolment is None or enrolment.referrer_id is None:
        raise EnrolmentError(
            "no_referrer", _("Cette inscription n'a pas été orientée par un partenaire.")
        )
    if enrolment.referrer_consent:
        return enrolment
    enrolment.referrer_consent = True
    enrolment.referrer_consent_at = now or timezone.now()
    enrolment.referrer_consent_withdrawn_at = None
    enrolment.referrer_consent_withdrawn_by = None
    enrolment.save(
        update_fields=[
            "referrer_consent",
            "referrer_consent_at",
            "referrer_consent_withdrawn_at",
            "referrer_consent_withdrawn_by",
        ]
    )
    # The withdrawal's date leaves the record (the partner sees the enrolment again);
    # the audit trail keeps both, and who gave the consent back.
    by = actor if actor is not None and actor.is_authenticated else None
    record(enrolment, "numixs.consent.give", user=by, by_learner_link=by is None)
    return enrolment


def enrol_walk_in(session_id, person, *, actor, over_capacity=False, now=None):
    """Someone came without enrolling: the trainer adds them to the session, there and then.

    No closing date (the session is under way). When no seat is left, the
    trainer decides: `over_capacity` confirms them beyond the seats, recorded
    as such; otherwise the refusal says so. Someone already on the waiting
    list is confirmed the same way.
    """
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session_id)
        if session.status == SessionStatus.CANCELLED:
            raise EnrolmentError("enrolment_closed", _("Cette session a été annulée."))
        _lock_person(person)
        learner = _learner_for(person, trusted=True)
        enrolment = Enrolment.objects.filter(session=session, learner=learner).first()
        if enrolment is not None and enrolment.status == EnrolmentStatus.CONFIRMED:
            return EnrolmentResult(enrolment, created=False)
        full = session.enrolments.confirmed().count() >= session.capacity
        if full and not over_capacity:
            raise EnrolmentError(
                "session_full",
                _(
                    "La session est complète. Cochez « Accepter en surnombre » pour "
                    "l'ajouter quand même."
                ),
            )
        if enrolment is None:
            enrolment = Enrolment(session=session, learner=learner)
        enrolment.status, enrolment.waitlist_position = EnrolmentStatus.CONFIRMED, None
        enrolment.over_capacity = full
        enrolment.channel = EnrolmentChannel.WALK_IN
        enrolment.enrolled_by = actor
        enrolment.cancelled_at = enrolment.cancelled_by = None
        enrolment.promoted_at = enrolment.promoted_at or (now or timezone.now())
        enrolment.save()
        record(enrolment, "numixs.enrolment.create", user=actor, channel=enrolment.channel)
    return EnrolmentResult(enrolment, created=True)


def cancel(enrolment_id, *, actor=None, now=None):
    """Cancel an enrolment; a freed seat goes to the first person waiting, in one transaction."""
    now = now or timezone.now()
    with transaction.atomic():
        session, enrolment = _locked(enrolment_id)
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


def withdraw_referrer_consent(enrolment_id, *, actor=None, now=None):
    """Record that a learner no longer wants their referring partner to follow them.

    The withdrawal covers every enrolment the same organisation referred for
    the same learner: the partner stops seeing them in its pages, downloads,
    exports and digests at once. Returns how many enrolments changed.
    """
    enrolment = Enrolment.objects.filter(pk=enrolment_id).first()
    if enrolment is None or enrolment.referrer_id is None:
        raise EnrolmentError(
            "no_referrer", _("Cette inscription n'a pas été orientée par un partenaire.")
        )
    by = actor if actor is not None and actor.is_authenticated else None
    changed = Enrolment.objects.filter(
        learner_id=enrolment.learner_id,
        referrer_id=enrolment.referrer_id,
        referrer_consent=True,
    ).update(
        referrer_consent=False,
        referrer_consent_withdrawn_at=now or timezone.now(),
        referrer_consent_withdrawn_by=by,
    )
    record(enrolment, "numixs.consent.withdraw", user=by, enrolments=changed)
    return changed


def _locked(enrolment_id):
    """(session, enrolment), the session row locked; call inside a transaction."""
    session_id = Enrolment.objects.values_list("session_id", flat=True).get(pk=enrolment_id)
    session = Session.objects.select_for_update().get(pk=session_id)
    return session, Enrolment.objects.select_related("learner").get(pk=enrolment_id)


def _next_position(session):
    last = session.enrolments.filter(status=EnrolmentStatus.WAITLISTED).aggregate(
        last=Max("waitlist_position")
    )["last"]
    return (last or 0) + 1


def move_to_waitlist(enrolment_id, *, now=None):
    """Staff: a confirmed person steps back to the end of the waiting list.

    Their seat goes to the first person waiting, in the same transaction; with
    nobody waiting the move would only leave a seat empty, so it is refused.
    """
    with transaction.atomic():
        session, enrolment = _locked(enrolment_id)
        if enrolment.status != EnrolmentStatus.CONFIRMED:
            raise EnrolmentError(
                "not_confirmed", _("Cette personne n'a pas de place confirmée à libérer.")
            )
        if not session.enrolments.filter(status=EnrolmentStatus.WAITLISTED).exists():
            raise EnrolmentError(
                "nobody_waiting",
                _(
                    "Personne n'attend de place : laissez cette inscription confirmée, "
                    "ou annulez-la."
                ),
            )
        enrolment.status = EnrolmentStatus.WAITLISTED
        enrolment.waitlist_position = _next_position(session)
        enrolment.needs_call = False
        enrolment.save()
        promote_next(session, now=now)
    return enrolment


def confirm_waitlisted(enrolment_id, *, now=None):
    """Staff: give a free seat to this person on the waiting list."""
    with transaction.atomic():
        session, enrolment = _locked(enrolment_id)
        if enrolment.status != EnrolmentStatus.WAITLISTED:
            raise EnrolmentError(
                "not_waitlisted", _("Cette personne n'est pas sur la liste d'attente.")
            )
        if session.enrolments.confirmed().count() >= session.capacity:
            raise EnrolmentError(
                "session_full",
                _(
                    "La session est complète. Pour donner une place à cette personne, "
                    "mettez-la en tête de la liste d'attente puis libérez une place, "
                    "ou augmentez le nombre de places de la session."
                ),
            )
        _promote(enrolment, now)
    return enrolment


def move_to_top(enrolment_id):
    """Staff: put a waiting person first in line for the next free seat."""
    with transaction.atomic():
        session, enrolment = _locked(enrolment_id)
        if enrolment.status != EnrolmentStatus.WAITLISTED:
            raise EnrolmentError(
                "not_waitlisted", _("Cette personne n'est pas sur la liste d'attente.")
            )
        first = session.enrolments.waitlisted().first()
        if first.pk != enrolment.pk:
            enrolment.waitlist_position = first.waitlist_position - 1
            if enrolment.waitlist_position < 1:
                # Positions are positive: shift everyone else back by one.
                session.enrolments.filter(status=EnrolmentStatus.WAITLISTED).exclude(
                    pk=enrolment.pk
                ).update(waitlist_position=F("waitlist_position") + 1)
                enrolment.waitlist_position = 1
            enrolment.save(update_fields=["waitlist_position"])
    return enrolment


def mark_called(enrolment_id):
    """Staff: the person whose seat was freed has been phoned; off the call list."""
    Enrolment.objects.filter(pk=enrolment_id).update(needs_call=False)


def fill_free_seats(session_id, *, now=None):
    """After a session gains seats, give them to the people waiting, in order."""
    promoted = []
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session_id)
        if session.status != SessionStatus.OPEN:
            return promoted
        while (enrolment := promote_next(session, now=now)) is not None:
            promoted.append(enrolment)
    return promoted


def promote_next(session, *, now=None):
    """Move the first person waiting into a free seat (call with the session row locked)."""
    if session.enrolments.confirmed().count() >= session.capacity:
        return None
    promoted = session.enrolments.waitlisted().select_related("learner").first()
    if promoted is None:
        return None
    return _promote(promoted, now)


def _promote(enrolment, now):
    enrolment.status, enrolment.waitlist_position = EnrolmentStatus.CONFIRMED, None
    enrolment.promoted_at = now or timezone.now()
    # A referred person's advisor must hear of it too: someone phones them. (Someone
    # no SMS or e-mail reaches goes on the call list through notify.)
    enrolment.needs_call = enrolment.referrer_id is not None
    enrolment.save()
    notify(enrolment, MessageKind.PROMOTION)
    return enrolment


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
    """Remind (SMS, e-mail) every confirmed learner whose session starts on `day`, once.

    Returns how many people were reminded; those with neither a mobile nor an
    e-mail are not counted (the trainer's list shows them).
    """
    due = (
        Enrolment.objects.confirmed()
        .filter(
            session__start_date=day,
            session__status=SessionStatus.OPEN,
            reminder_sent_at=None,
        )
        .select_related("learner", "session__course", "session__venue")
        .prefetch_related("session__sittings")
    )
    sent = 0
    for enrolment in due:
        # Claim the reminder first: a second run, even a concurrent one, skips it.
        with transaction.atomic():
            claimed = Enrolment.objects.filter(pk=enrolment.pk, reminder_sent_at=None).update(
                reminder_sent_at=timezone.now()
            )
            if claimed and notify(enrolment, MessageKind.REMINDER):
                sent += 1
    return sent


def session_cancelled(session_id):
    """The centre cancelled the session: everyone enrolled or waiting hears of it, once."""
    enrolments = (
        Enrolment.objects.filter(session_id=session_id)
        .exclude(status=EnrolmentStatus.CANCELLED)
        .exclude(messages__kind=MessageKind.SESSION_CANCELLED)
        .select_related("learner", "session__course", "session__venue")
        .prefetch_related("session__sittings")
    )
    with transaction.atomic():
        for enrolment in enrolments:
            notify(enrolment, MessageKind.SESSION_CANCELLED)
