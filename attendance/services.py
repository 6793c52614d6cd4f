"""Attendance: who may mark which sitting, and how changes from tablets become state.

One function, `apply_change`, takes every change — from the roster form
without JavaScript, from a tap on the tablet, from a batch a tablet sends when
the network comes back. Each change carries a client-generated id and the
device's time, so the result does not depend on how changes arrive:

- a change whose id was already received is ignored (`duplicate`);
- every new change is kept in the history (`AttendanceChange`, append-only);
- for each learner, sitting and kind of change (mark, note, signature) the
  state is the value of the change with the latest device time (ties broken by
  the change id), whatever the order in which they arrived.
"""

import datetime
import re
import uuid
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from attendance.forms import WalkInForm
from attendance.models import (
    CLOSE,
    WALK_IN,
    Attendance,
    AttendanceChange,
    AttendanceSettings,
    AttendanceStatus,
    ChangeKind,
    SittingClosing,
    SittingReopening,
)
from attendance.signals import session_finished
from core.audit import record
from core.errors import ServiceError
from core.roles import is_coordinator, is_trainer
from courses.choices import EnrolmentStatus, SessionStatus
from courses.models import Session, Sitting
from courses.services.enrolment import enrol_walk_in
from courses.services.errors import EnrolmentError


class AttendanceError(ServiceError):
    """A rule of attendance refused a change; `code` is stable, `message` is for people."""


MAX_NOTE = 500
MAX_SIGNATURE = 30_000
# An SVG path drawn in a 300 x 100 box: moves and lines with numbers, nothing else.
SIGNATURE_PATH = re.compile(r"^M[\d.]+[ ,][\d.]+(?:[ ,]?[ML][\d.]+[ ,][\d.]+)*$")
FUTURE_TOLERANCE = datetime.timedelta(minutes=10)
PAST_LIMIT = datetime.timedelta(days=60)

ATTENDED_STATUSES = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)
KIND_FIELDS = {
    ChangeKind.MARK: ("status", "status_device_time"),
    ChangeKind.NOTE: ("note", "note_device_time"),
    ChangeKind.SIGNATURE: ("signature", "signature_device_time"),
}


@dataclass(frozen=True)
class Change:
    client_id: uuid.UUID
    sitting_id: int
    enrolment_id: int
    kind: str
    value: str
    device_time: datetime.datetime
    device_id: str = ""
    # How far the tablet's clock is behind the server's (receipt time minus the
    # tablet's time when it sent the batch): a tablet whose clock was set back
    # cannot pass a late signature off as one given during the sitting.
    clock_offset: datetime.timedelta = datetime.timedelta(0)
    # A change about someone added on the spot, before the server gave them an
    # enrolment: the id of the walk-in that added them (enrolment_id is then None).
    walk_in: uuid.UUID | None = None
    # kind WALK_IN only: the person's details as typed on the tablet.
    person: dict | None = None

    @property
    def corrected_time(self):
        """When this happened, on the server's clock (device time corrected by the offset)."""
        return self.device_time + self.clock_offset


@dataclass(frozen=True)
class ChangeResult:
    client_id: uuid.UUID
    outcome: str  # "applied", "superseded" (kept in history, a later one wins), "duplicate"


# --- Who may do what -------------------------------------------------------------------


def sittings_for(user):
    """Sittings `user` may see and mark: those of sessions they teach; coordinators, all."""
    if user is None or not user.is_authenticated:
        return Sitting.objects.none()
    if is_coordinator(user):
        return Sitting.objects.all()
    return Sitting.objects.filter(session__trainers=user)


def can_use_trainer_area(user):
    return is_coordinator(user) or is_trainer(user)


# --- Validation --------------------------------------------------------------------------


def check_value(kind, value):
    if kind == ChangeKind.MARK:
        if value not in AttendanceStatus.values and value != "":
            raise AttendanceError("invalid_value", _("Cette présence n'existe pas."))
    elif kind == ChangeKind.NOTE:
        if len(value) > MAX_NOTE:
            raise AttendanceError(
                "invalid_value",
                _("La note est trop longue (%(max)d caractères au plus).") % {"max": MAX_NOTE},
            )
    elif kind == ChangeKind.SIGNATURE:
        check_signature(value, allow_empty=True)
    else:
        raise AttendanceError("invalid_kind", _("Ce type de changement n'existe pas."))


def check_signature(value, allow_empty=False):
    if value == "" and allow_empty:
        return
    if not value or len(value) > MAX_SIGNATURE or not SIGNATURE_PATH.match(value):
        raise AttendanceError(
            "invalid_signature", _("La signature est vide ou illisible : signez à nouveau.")
        )


def check_device_time(device_time, sitting, now):
    if timezone.is_naive(device_time):
        raise AttendanceError(
            "invalid_device_time", _("L'heure de la tablette doit préciser son fuseau horaire.")
        )
    if device_time > now + FUTURE_TOLERANCE:
        raise AttendanceError(
            "device_time_in_future",
            _("L'heure de la tablette est dans le futur : réglez son horloge."),
        )
    if device_time < sitting.starts_at() - PAST_LIMIT:
        raise AttendanceError(
            "device_time_too_old",
            _("L'heure de la tablette est bien avant la séance : réglez son horloge."),
        )


def outside_window(sitting, moment):
    """True when `moment` is outside the sitting's hours, beyond the staff's margin."""
    margin = datetime.timedelta(minutes=AttendanceSettings.load().signature_margin_minutes)
    return not (sitting.starts_at() - margin <= moment <= sitting.ends_at() + margin)


# --- Changes ----------------------------------------------------------------------------


def is_duplicate(change, user=None):
    """True when this change was already recorded, for the same sitting and learner.

    A known id sent for another sitting or learner, or by someone who may not mark
    that sitting, is refused like an unknown sitting: "duplicate" would tell an
    outsider that the id exists.
    """
    existing = (
        AttendanceChange.objects.filter(client_id=change.client_id)
        .values("sitting_id", "enrolment_id")
        .first()
    )
    if existing is None:
        return False
    same = (existing["sitting_id"], existing["enrolment_id"]) == (
        change.sitting_id,
        change.enrolment_id,
    )
    if not same or (
        user is not None and not sittings_for(user).filter(pk=change.sitting_id).exists()
    ):
        raise AttendanceError(
            "unknown_sitting", _("Cette séance n'existe pas ou n'est pas la vôtre.")
        )
    return True


def check_change(change, *, user, now=None, sitting=None):
    """Raise AttendanceError if the change cannot be applied; returns the enrolment.

    Called before anything is written (the sync endpoint checks a whole batch
    first, so that a bad batch changes nothing) and again under the lock.
    """
    now = now or timezone.now()
    check_value(change.kind, change.value)
    if sitting is None:
        sitting = sittings_for(user).select_related("session").filter(pk=change.sitting_id).first()
        if sitting is None:
            raise AttendanceError(
                "unknown_sitting", _("Cette séance n'existe pas ou n'est pas la vôtre.")
            )
    check_device_time(change.corrected_time, sitting, now)
    if sitting.is_closed:
        raise AttendanceError(
            "sitting_closed",
            _(
                "Cette séance est clôturée : les changements sont refusés. "
                "Demandez à la coordination de la rouvrir."
            ),
        )
    return _confirmed_enrolment(sitting, change.enrolment_id)


def apply_change(change, *, user, now=None):
    """Record one change and bring the learner's state for that sitting up to date."""
    now = now or timezone.now()
    if is_duplicate(change, user):
        return ChangeResult(change.client_id, "duplicate")
    check_value(change.kind, change.value)
    try:
        with transaction.atomic():
            sitting = _locked_sitting(change.sitting_id, user)
            enrolment = check_change(change, user=user, now=now, sitting=sitting)
            applied = _record(sitting, enrolment, change, user, now)
    except IntegrityError:
        # The same change arrived twice at the same moment: the other one won.
        if is_duplicate(change, user):
            return ChangeResult(change.client_id, "duplicate")
        raise
    return ChangeResult(change.client_id, "applied" if applied else "superseded")


def _locked_sitting(sitting_id, user):
    """The sitting, row-locked (changes to one sitting are serialised), if `user` may mark it."""
    sitting = (
        sittings_for(user)
        .select_for_update()
        .select_related("session")
        .filter(pk=sitting_id)
        .first()
    )
    if sitting is None:
        raise AttendanceError(
            "unknown_sitting", _("Cette séance n'existe pas ou n'est pas la vôtre.")
        )
    return sitting


def _confirmed_enrolment(sitting, enrolment_id):
    enrolment = (
        sitting.session.enrolments.filter(pk=enrolment_id, status=EnrolmentStatus.CONFIRMED)
        .select_related("learner")
        .first()
    )
    if enrolment is None:
        raise AttendanceError(
            "unknown_enrolment", _("Cette personne n'est pas inscrite à cette séance.")
        )
    return enrolment


def _record(sitting, enrolment, change, user, now):
    """History first, then the state from the winning change; True if this one won."""
    attendance, _created = Attendance.objects.get_or_create(sitting=sitting, enrolment=enrolment)
    value_field, _time_field = KIND_FIELDS[change.kind]
    AttendanceChange.objects.create(
        client_id=change.client_id,
        sitting=sitting,
        enrolment=enrolment,
        kind=change.kind,
        value=change.value,
        previous_value=getattr(attendance, value_field),
        device_time=change.device_time,
        device_clock_offset=change.clock_offset,
        device_id=change.device_id[:64],
        user=user if user is not None and user.is_authenticated else None,
    )
    winner = (
        AttendanceChange.objects.filter(sitting=sitting, enrolment=enrolment, kind=change.kind)
        .order_by("-device_time", "-client_id")
        .first()
    )
    won = winner.client_id == change.client_id
    if won:
        _set_state(attendance, sitting, winner, now)
    else:
        AttendanceChange.objects.filter(client_id=change.client_id).update(applied=False)
    return won


def _set_state(attendance, sitting, winner, now):
    value_field, time_field = KIND_FIELDS[winner.kind]
    setattr(attendance, value_field, winner.value)
    setattr(attendance, time_field, winner.device_time)
    if winner.kind == ChangeKind.MARK:
        attendance.marked_by_id, attendance.marked_at = winner.user_id, now
        attendance.device_id = winner.device_id
    elif winner.kind == ChangeKind.SIGNATURE:
        signed = bool(winner.value)
        attendance.signed_at = now if signed else None
        attendance.signature_device_id = winner.device_id if signed else ""
        # Checked on the server's clock: the device time corrected by the tablet's
        # clock offset when it sent the batch.
        signed_at = winner.device_time + winner.device_clock_offset
        attendance.signature_flagged = signed and outside_window(sitting, signed_at)
    attendance.save()


CLOCK_TOLERANCE = datetime.timedelta(minutes=2)


def clock_offset(sent_at, now):
    """The tablet's clock offset from its time at sending ("sent_at", ISO 8601).

    Within CLOCK_TOLERANCE (network delays, small drifts) it counts as none.
    Without a readable time (older tablets), none either.
    """
    try:
        sent = datetime.datetime.fromisoformat(str(sent_at).replace("Z", "+00:00"))
    except (ValueError, TypeError, OverflowError):
        return datetime.timedelta(0)
    if timezone.is_naive(sent):
        return datetime.timedelta(0)
    offset = now - sent
    return offset if abs(offset) > CLOCK_TOLERANCE else datetime.timedelta(0)


def parse_change(data, device_id="", offset=datetime.timedelta(0)):
    """A change from a tablet's JSON; AttendanceError with a reason if it is not one.

    Marks, notes and signatures name the learner by "enrolment", or by "walk_in"
    (the id of the walk-in that added them, still unknown to the server when the
    tablet was offline). A walk-in carries the person in "person"; a closing
    carries the trainer's signature in "value".
    """
    if not isinstance(data, dict):
        raise AttendanceError("malformed_change", _("Chaque changement doit être un objet."))
    malformed = AttendanceError(
        "malformed_change",
        _("Changement incomplet ou mal formé (id, sitting, enrolment, kind, value, device_time)."),
    )
    try:
        client_id = uuid.UUID(str(data["id"]))
        sitting_id = int(data["sitting"])
        kind = str(data["kind"])
        value = data.get("value", "")
        if not isinstance(value, str):
            raise TypeError
        device_time = datetime.datetime.fromisoformat(
            str(data["device_time"]).replace("Z", "+00:00")
        )
        enrolment_id = walk_in = person = None
        if kind == WALK_IN:
            person = data["person"]
            if not isinstance(person, dict) or not all(
                isinstance(v, str | bool) for v in person.values()
            ):
                raise TypeError
        elif kind != CLOSE:
            if data.get("walk_in"):
                walk_in = uuid.UUID(str(data["walk_in"]))
            else:
                enrolment_id = int(data["enrolment"])
    except (KeyError, ValueError, TypeError, OverflowError):
        raise malformed from None
    if not 0 < sitting_id < 2**63 or (enrolment_id is not None and not 0 < enrolment_id < 2**63):
        raise AttendanceError("malformed_change", _("Identifiant hors limites."))
    texts = [value, *(v for v in (person or {}).values() if isinstance(v, str))]
    if any("\x00" in text for text in texts):
        raise AttendanceError(
            "invalid_value", _("Le texte contient un caractère invisible interdit : retapez-le.")
        )
    device_id = device_id.replace("\x00", "")
    return Change(
        client_id,
        sitting_id,
        enrolment_id,
        kind,
        value,
        device_time,
        device_id,
        offset,
        walk_in,
        person,
    )


# --- A tablet's batch: marks, walk-ins and closings, in the order they were made ---------


def apply_batch(changes, *, user, now=None):
    """Check a whole batch, then apply it in order; ({"problems"} or {"results"}).

    All or nothing at the check: when any change cannot be applied, nothing is
    written and the problems name each bad change (the tablet shows them, drops
    them, and sends the rest again). A change about a walk-in refused in the
    same batch is refused with it. Then each change is applied in the order the
    tablet made them: a walk-in before the marks about that person, the marks
    before the closing of their sitting.
    """
    now = now or timezone.now()
    problems = []
    walk_ins_here, closing_here = set(), set()
    for change in changes:
        try:
            if change.kind == WALK_IN:
                if not _already_received(AttendanceChange, change, user):
                    check_walk_in(change, user=user, now=now)
                walk_ins_here.add(change.client_id)
            elif change.kind == CLOSE:
                if not _already_received(SittingClosing, change, user):
                    _check_close(change, user=user, now=now, closing_here=closing_here)
                closing_here.add(change.sitting_id)
            else:
                if change.sitting_id in closing_here:
                    raise _closed_error()
                if change.walk_in is not None and change.walk_in in walk_ins_here:
                    _accessible_sitting(change.sitting_id, user)  # the person comes with the batch
                    check_value(change.kind, change.value)
                    continue
                resolved = _resolved(change)
                if not is_duplicate(resolved, user):
                    check_change(resolved, user=user, now=now)
        except AttendanceError as error:
            problems.append(
                {"id": str(change.client_id), "code": error.code, "message": error.message}
            )
    if problems:
        return {"problems": problems}
    results = []
    for change in changes:
        try:
            if change.kind == WALK_IN:
                result = apply_walk_in(change, user=user, now=now)
            elif change.kind == CLOSE:
                result = apply_close(change, user=user, now=now)
            else:
                result = apply_change(_resolved(change), user=user, now=now)
        except (AttendanceError, EnrolmentError) as error:  # closed in the meantime…
            results.append(
                {
                    "id": str(change.client_id),
                    "outcome": "rejected",
                    "code": error.code,
                    "message": error.message,
                }
            )
        else:
            results.append({"id": str(result.client_id), "outcome": result.outcome})
    return {"results": results}


def _already_received(model, change, user):
    """True when this walk-in or closing already reached the server, for the same sitting.

    Like `is_duplicate`: a known id sent for another sitting, or by someone who
    may not mark it, is refused as an unknown sitting, never called a duplicate.
    """
    sitting_id = (
        model.objects.filter(client_id=change.client_id)
        .values_list("sitting_id", flat=True)
        .first()
    )
    if sitting_id is None:
        return False
    if sitting_id != change.sitting_id or not sittings_for(user).filter(pk=sitting_id).exists():
        raise AttendanceError(
            "unknown_sitting", _("Cette séance n'existe pas ou n'est pas la vôtre.")
        )
    return True


def _closed_error():
    return AttendanceError(
        "sitting_closed",
        _(
            "Cette séance est clôturée : les changements sont refusés. "
            "Demandez à la coordination de la rouvrir."
        ),
    )


def _accessible_sitting(sitting_id, user):
    sitting = sittings_for(user).select_related("session").filter(pk=sitting_id).first()
    if sitting is None:
        raise AttendanceError(
            "unknown_sitting", _("Cette séance n'existe pas ou n'est pas la vôtre.")
        )
    return sitting


def _walk_in_enrolment_id(walk_in_id):
    """The enrolment a walk-in gave, once it reached the server (its mark has its id)."""
    return (
        AttendanceChange.objects.filter(client_id=walk_in_id)
        .values_list("enrolment_id", flat=True)
        .first()
    )


def _resolved(change):
    """The change about a walk-in, naming the enrolment the walk-in gave."""
    if change.walk_in is None:
        return change
    enrolment_id = _walk_in_enrolment_id(change.walk_in)
    if enrolment_id is None:
        raise AttendanceError(
            "unknown_walk_in",
            _("La personne ajoutée sur place n'a pas été enregistrée : ce changement la concerne."),
        )
    return Change(
        change.client_id,
        change.sitting_id,
        enrolment_id,
        change.kind,
        change.value,
        change.device_time,
        change.device_id,
        change.clock_offset,
    )


def walk_in_form(person):
    """The walk-in form filled with what a tablet typed (the same checks as online)."""
    data = {key: value for key, value in person.items() if isinstance(value, str)}
    if person.get("over_capacity"):
        data["over_capacity"] = "on"
    return WalkInForm(data)


def check_walk_in(change, *, user, now=None):
    now = now or timezone.now()
    sitting = _accessible_sitting(change.sitting_id, user)
    check_device_time(change.corrected_time, sitting, now)
    if sitting.is_closed:
        raise AttendanceError(
            "sitting_closed",
            _("Cette séance est clôturée : ajoutez la personne après réouverture."),
        )
    if sitting.session.status == SessionStatus.CANCELLED:
        raise AttendanceError("enrolment_closed", _("Cette session a été annulée."))
    form = walk_in_form(change.person or {})
    if not form.is_valid():
        name = " ".join(
            str((change.person or {}).get(k, "")) for k in ("first_name", "last_name")
        ).strip()
        reasons = " ".join(str(e) for errors in form.errors.values() for e in errors)
        raise AttendanceError("invalid_walk_in", f"{name} : {reasons}" if name else reasons)
    return sitting, form


def add_walk_in(
    sitting_id,
    person,
    *,
    user,
    over_capacity,
    client_id=None,
    device_time=None,
    device_id="",
    clock_offset=datetime.timedelta(0),
    now=None,
):
    """Someone came without enrolling: enrol them in the session and mark them present.

    One transaction: a walk-in whose mark is refused is not enrolled either. The
    "present" mark carries `client_id` (the tablet's id for the walk-in), which
    makes the walk-in idempotent and lets later changes name the person by it.
    """
    now = now or timezone.now()
    with transaction.atomic():
        sitting = _accessible_sitting(sitting_id, user)
        if sitting.is_closed:
            raise AttendanceError(
                "sitting_closed",
                _("Cette séance est clôturée : ajoutez la personne après réouverture."),
            )
        result = enrol_walk_in(
            sitting.session_id, person, actor=user, over_capacity=over_capacity, now=now
        )
        apply_change(
            Change(
                client_id or uuid.uuid4(),
                sitting.pk,
                result.enrolment.pk,
                ChangeKind.MARK,
                AttendanceStatus.PRESENT,
                device_time or now,
                device_id or "formulaire",
                clock_offset,
            ),
            user=user,
            now=now,
        )
    return result.enrolment


def apply_walk_in(change, *, user, now=None):
    """A walk-in from a tablet's outbox. Always accepted beyond the seats: the
    person was there and was marked present; refusing it afterwards would lose
    a real attendance (the enrolment says "en surnombre")."""
    if _already_received(AttendanceChange, change, user):
        return ChangeResult(change.client_id, "duplicate")
    _sitting, form = check_walk_in(change, user=user, now=now)
    add_walk_in(
        change.sitting_id,
        form.person(),
        user=user,
        over_capacity=True,
        client_id=change.client_id,
        device_time=change.device_time,
        device_id=change.device_id,
        clock_offset=change.clock_offset,
        now=now,
    )
    return ChangeResult(change.client_id, "applied")


def _check_close(change, *, user, now, closing_here=()):
    check_signature(change.value)
    sitting = _accessible_sitting(change.sitting_id, user)
    check_device_time(change.corrected_time, sitting, now)
    if sitting.is_closed or change.sitting_id in closing_here:
        raise AttendanceError("sitting_closed", _("Cette séance est déjà clôturée."))


def apply_close(change, *, user, now=None):
    """A closing from a tablet's outbox, applied once however often it is sent."""
    if _already_received(SittingClosing, change, user):
        return ChangeResult(change.client_id, "duplicate")
    close_sitting(
        change.sitting_id,
        user=user,
        signature=change.value,
        device_time=change.corrected_time,
        device_id=change.device_id,
        now=now,
        client_id=change.client_id,
    )
    return ChangeResult(change.client_id, "applied")


# --- Closing, reopening ---------------------------------------------------------------------


def unmarked(sitting):
    """Confirmed learners of the sitting without a mark yet (they become absent at closing)."""
    marked = Attendance.objects.filter(sitting=sitting).exclude(status="").values("enrolment_id")
    return (
        sitting.session.enrolments.confirmed()
        .exclude(pk__in=marked)
        .select_related("learner")
        .order_by("learner__last_name", "learner__first_name")
    )


def unsigned(sitting):
    """Confirmed learners marked present or late who have not signed the sitting."""
    return (
        sitting.session.enrolments.confirmed()
        .filter(
            attendances__sitting=sitting,
            attendances__status__in=ATTENDED_STATUSES,
            attendances__signature="",
        )
        .select_related("learner")
        .order_by("learner__last_name", "learner__first_name")
    )


def close_sitting(
    sitting_id, *, user, signature, device_time=None, device_id="", now=None, client_id=None
):
    """The trainer signs; unmarked learners become absent; the sitting is locked.

    `client_id`: the tablet's id for this closing (kept, so that it applies once).
    """
    now = now or timezone.now()
    device_time = device_time or now
    check_signature(signature)
    with transaction.atomic():
        # The session first: two trainers closing its last two sittings at the same
        # moment are served one after the other, so the second one sees the first
        # closed and announces the end (the certificates follow).
        _lock_session_of(sitting_id)
        sitting = _locked_sitting(sitting_id, user)
        check_device_time(device_time, sitting, now)
        if sitting.is_closed:
            raise AttendanceError("sitting_closed", _("Cette séance est déjà clôturée."))
        for enrolment in unmarked(sitting):
            change = Change(
                uuid.uuid4(),
                sitting.pk,
                enrolment.pk,
                ChangeKind.MARK,
                AttendanceStatus.ABSENT,
                device_time,
                device_id,
            )
            _record(sitting, enrolment, change, user, now)
        sitting.closed_at, sitting.closed_by = now, user
        sitting.trainer_signature = signature
        sitting.trainer_signature_device_time = device_time
        sitting.trainer_signature_device_id = device_id[:64]
        sitting.trainer_signature_flagged = outside_window(sitting, device_time)
        sitting.save()
        if client_id is not None:
            SittingClosing.objects.create(client_id=client_id, sitting=sitting)
        if not sitting.session.sittings.filter(closed_at__isnull=True).exists():
            _announce_after_commit(sitting.session_id)
    return sitting


def _lock_session_of(sitting_id):
    session_id = Sitting.objects.filter(pk=sitting_id).values_list("session_id", flat=True)
    Session.objects.select_for_update().filter(pk__in=session_id).values_list("pk").first()


def _announce_after_commit(session_id):
    """The session's last sitting is closed: tell the layers above (certificates)."""
    transaction.on_commit(lambda: session_finished.send(sender=Sitting, session_id=session_id))


def reopen_sitting(sitting_id, *, user, reason):
    """A coordinator reopens a closed sitting, with a written reason that is kept."""
    if not is_coordinator(user):
        raise AttendanceError(
            "not_allowed", _("Seule la coordination peut rouvrir une séance clôturée.")
        )
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise AttendanceError(
            "reason_required", _("Écrivez pourquoi vous rouvrez la séance (quelques mots).")
        )
    with transaction.atomic():
        _lock_session_of(sitting_id)
        sitting = _locked_sitting(sitting_id, user)
        if not sitting.is_closed:
            raise AttendanceError("sitting_open", _("Cette séance n'est pas clôturée."))
        SittingReopening.objects.create(
            sitting=sitting, reopened_by=user, reason=reason, closed_at=sitting.closed_at
        )
        sitting.closed_at = sitting.closed_by = None
        sitting.trainer_signature = ""
        sitting.trainer_signature_device_time = None
        sitting.trainer_signature_flagged = False
        sitting.save()
        record(sitting, "numixs.attendance.reopen", user=user, reason=reason)
    return sitting


# --- Reading ---------------------------------------------------------------------------------


def roster(sitting):
    """[(enrolment, attendance or None)] of the sitting's confirmed learners, in two queries."""
    enrolments = list(
        sitting.session.enrolments.confirmed()
        .select_related("learner")
        .order_by("learner__last_name", "learner__first_name", "pk")
    )
    by_enrolment = {
        a.enrolment_id: a
        for a in Attendance.objects.filter(
            sitting=sitting, enrolment__in=[e.pk for e in enrolments]
        )
    }
    return [(enrolment, by_enrolment.get(enrolment.pk)) for enrolment in enrolments]


def marked_counts(sittings):
    """{sitting id: number of learners marked} for a list of sittings, in one query."""
    rows = (
        Attendance.objects.filter(sitting__in=sittings)
        .exclude(status="")
        .values("sitting_id")
        .annotate(n=Count("pk"))
    )
    return {row["sitting_id"]: row["n"] for row in rows}


def day_sittings(user, day):
    return (
        sittings_for(user)
        .filter(date=day)
        .filter(~Q(session__status="cancelled"))
        .select_related("session__course", "session__venue")
        .order_by("start_time")
    )
