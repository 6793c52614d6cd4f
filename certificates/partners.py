"""The partners' area rules: what a member of a partner organisation may see.

`visible_enrolments(user)` is the one access rule (DESIGN invariant 5): the
enrolments referred by an organisation the user currently belongs to, whose
learner consented and has not withdrawn consent. Every page, download, ZIP,
CSV export and digest starts from it; nothing else decides what a partner sees.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, CharField, Q, TextChoices, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certificates.models import Certificate, PartnerOrganisation
from courses.choices import EnrolmentStatus, SessionStatus
from courses.models import Attendance, AttendanceStatus, Enrolment, Sitting

ATTENDED = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)


class CertificateState(TextChoices):
    ISSUED = "issued", _("Délivrée")
    REVOKED = "revoked", _("Révoquée")
    PENDING = "pending", _("Pas encore")
    NOT_EARNED = "not-earned", _("Non obtenue")


def member_organisations(user):
    """The active organisations `user` belongs to today (none for anyone else)."""
    return PartnerOrganisation.objects.of_member(user)


def visible_enrolments(user, today=None):
    """Enrolments `user` may follow, annotated with `certificate_state`."""
    return with_certificate_state(
        Enrolment.objects.filter(
            referrer__in=member_organisations(user),
            referrer_consent=True,
            referrer_consent_withdrawn_at__isnull=True,
        ),
        today,
    )


def is_partner_member(user):
    return member_organisations(user).exists()


def visible_certificates(user):
    """Valid certificates of the enrolments `user` may follow."""
    return Certificate.objects.valid().filter(enrolment__in=visible_enrolments(user).values("pk"))


def with_certificate_state(enrolments, today=None):
    """Annotate each enrolment's certificate state, in SQL so that it filters and sorts.

    Issued or revoked when a certificate exists; otherwise "not yet" while the
    session may still earn one (not over, not cancelled, the seat not cancelled),
    else "not earned".
    """
    today = today or timezone.localdate()
    over = (
        Q(session__end_date__lt=today)
        | Q(session__status__in=[SessionStatus.FINISHED, SessionStatus.CANCELLED])
        | Q(status=EnrolmentStatus.CANCELLED)
    )
    return enrolments.annotate(
        certificate_state=Case(
            When(
                certificate__isnull=False,
                certificate__revoked_at__isnull=True,
                then=Value(CertificateState.ISSUED.value),
            ),
            When(certificate__isnull=False, then=Value(CertificateState.REVOKED.value)),
            When(over, then=Value(CertificateState.NOT_EARNED.value)),
            default=Value(CertificateState.PENDING.value),
            output_field=CharField(),
        )
    )


def _hours(sitting):
    start = datetime.datetime.combine(sitting.date, sitting.start_time)
    end = datetime.datetime.combine(sitting.date, sitting.end_time)
    return Decimal((end - start).total_seconds()) / 3600


@dataclass
class Progress:
    """Attendance so far: sittings that have begun, and what the learner did there."""

    hours_held: Decimal = Decimal(0)
    hours_attended: Decimal = Decimal(0)
    absences: int = 0
    excused: int = 0
    sittings: list = field(default_factory=list)  # (sitting, status or "", has begun)

    @property
    def rate(self):
        if not self.hours_held:
            return None
        return int(self.hours_attended * 100 / self.hours_held)


def attach_progress(enrolments, now=None):
    """Set `enrolment.progress` on each enrolment, in two queries whatever their number."""
    enrolments = list(enrolments)
    now = now or timezone.localtime()
    session_ids = {enrolment.session_id for enrolment in enrolments}
    sittings = {}
    for sitting in Sitting.objects.filter(session_id__in=session_ids).order_by(
        "date", "start_time"
    ):
        sittings.setdefault(sitting.session_id, []).append(sitting)
    marks = {
        (enrolment_id, sitting_id): status
        for enrolment_id, sitting_id, status in Attendance.objects.filter(
            enrolment_id__in=[enrolment.pk for enrolment in enrolments]
        ).values_list("enrolment_id", "sitting_id", "status")
    }
    for enrolment in enrolments:
        progress = Progress()
        for sitting in sittings.get(enrolment.session_id, []):
            status = marks.get((enrolment.pk, sitting.pk), "")
            begun = sitting.starts_at() <= now
            progress.sittings.append((sitting, status, begun))
            if not begun or enrolment.status != EnrolmentStatus.CONFIRMED:
                continue
            hours = _hours(sitting)
            progress.hours_held += hours
            if status in ATTENDED:
                progress.hours_attended += hours
            elif status == AttendanceStatus.ABSENT:
                progress.absences += 1
            elif status == AttendanceStatus.EXCUSED:
                progress.excused += 1
        enrolment.progress = progress
    return enrolments


def rows_for(ids, now=None):
    """The enrolments `ids`, in that order, with everything the partners' list shows.

    The list and the CSV sort and count keys only, then load their rows here, a page
    or a batch at a time (three queries whatever the number of rows).
    """
    ids = list(ids)
    rows = with_certificate_state(Enrolment.objects.filter(pk__in=ids)).select_related(
        "learner", "referrer", "session__course", "session__venue", "certificate"
    )
    by_pk = {enrolment.pk: enrolment for enrolment in rows}
    return attach_progress([by_pk[pk] for pk in ids if pk in by_pk], now)


def digest_for(membership, since, until):
    """What changed for `membership`'s organisation between `since` and `until`.

    Built from the same rule as the pages: only consenting learners, only if the
    membership is current.
    """
    visible = visible_enrolments(membership.user).filter(referrer=membership.organisation)
    new = (
        visible.filter(created_at__gt=since, created_at__lte=until)
        .select_related("learner", "session__course")
        .order_by("session__start_date", "learner__last_name")
    )
    absences = (
        Attendance.objects.filter(
            enrolment__in=visible.values("pk"),
            status=AttendanceStatus.ABSENT,
            marked_at__gt=since,
            marked_at__lte=until,
        )
        .select_related("enrolment__learner", "enrolment__session__course", "sitting")
        .order_by("sitting__date", "sitting__start_time")
    )
    certificates = (
        Certificate.objects.valid()
        .filter(enrolment__in=visible.values("pk"), issued_at__gt=since, issued_at__lte=until)
        .order_by("issued_at")
    )
    return {
        "enrolments": list(new),
        "absences": list(absences),
        "certificates": list(certificates),
    }
