"""The partners' area rules: what a member of a partner organisation may see.

`visible_enrolments(user)` is the one access rule of the partners' area: the
enrolments referred by an organisation the user currently belongs to, whose
learner consented and has not withdrawn consent. Every page, download, ZIP,
CSV export and digest starts from it; nothing else decides what a partner sees.
"""

from django.db.models import Case, CharField, Q, TextChoices, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from attendance.models import Attendance, AttendanceStatus
from attendance.summary import attach_progress
from certificates.models import Certificate
from courses.choices import EnrolmentStatus, SessionStatus
from courses.models import Enrolment, PartnerOrganisation
from courses.models.sessions import finished_q


class CertificateState(TextChoices):
    ISSUED = "issued", _("Délivrée")
    REVOKED = "revoked", _("Révoquée")
    PENDING = "pending", _("Pas encore")
    NOT_EARNED = "not-earned", _("Non obtenue")


def member_organisations(user):
    """The active organisations `user` belongs to today (none for anyone else)."""
    return PartnerOrganisation.objects.of_member(user)


def visible_enrolments(user, now=None):
    """Enrolments `user` may follow, annotated with `certificate_state`."""
    return with_certificate_state(
        Enrolment.objects.filter(
            referrer__in=member_organisations(user),
            referrer_consent=True,
            referrer_consent_withdrawn_at__isnull=True,
        ),
        now,
    )


def is_partner_member(user):
    return member_organisations(user).exists()


def visible_certificates(user):
    """Valid certificates of the enrolments `user` may follow."""
    return Certificate.objects.valid().filter(enrolment__in=visible_enrolments(user).values("pk"))


def with_certificate_state(enrolments, now=None):
    """Annotate each enrolment's certificate state, in SQL so that it filters and sorts.

    Issued or revoked when a certificate exists; otherwise "not yet" while the
    session may still earn one (not cancelled, the seat not cancelled, and not
    finished before today: on its last day the trainer may still close the sitting
    and staff issue), else "not earned". Finished is the sessions' own rule.
    """
    start_of_today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    over = (
        finished_q(start_of_today, prefix="session__")
        | Q(session__status=SessionStatus.CANCELLED)
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


def rows_for(ids, now=None):
    """The enrolments `ids`, in that order, with everything the partners' list shows.

    The list and the CSV sort and count keys only, then load their rows here, a page
    or a batch at a time (three queries whatever the number of rows).
    """
    ids = list(ids)
    rows = with_certificate_state(Enrolment.objects.filter(pk__in=ids), now).select_related(
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
