"""Certificates: who has earned one, issuing (numbered without gaps), revoking.

One place for the rules, called by the admin, the commands and the task that
runs when a session's last sitting is closed:

- a certificate exists only for a confirmed enrolment of a finished session
  whose attended hours reach the course's threshold (present or late counts
  as attended: the sheet shows who was late); a coordinator may override the
  threshold with a written reason, which is kept;
- issuing twice returns the certificate already issued;
- numbers are sequential per year with no gaps, whatever the concurrency: the
  year's counter row is locked while a number is taken.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from attendance.summary import attendance_summary
from certificates.codes import new_verification_code
from certificates.models import Certificate, CertificateCounter, CertificateSettings
from certificates.tasks import render_certificate, render_certificates
from core.audit import record
from core.errors import ServiceError
from core.roles import is_coordinator
from courses.choices import EnrolmentStatus
from courses.models import Enrolment, MessageKind
from courses.notifications import notify


class CertificateError(ServiceError):
    """A rule of certificates refused the request; `code` is stable, `message` is for people."""


def check_eligible(enrolment, summary, now=None):
    """Raise CertificateError unless `enrolment` has earned its certificate."""
    if enrolment.status != EnrolmentStatus.CONFIRMED:
        raise CertificateError(
            "not_confirmed", _("Cette personne n'avait pas de place confirmée dans la session.")
        )
    if not enrolment.session.is_finished(now):
        raise CertificateError(
            "session_not_finished",
            _("La session n'est pas terminée : l'attestation viendra après."),
        )
    # The certificate rests on signed evidence: every sitting closed, i.e. its
    # attendance attested by the trainer's signature on the attendance sheet.
    open_sittings = enrolment.session.sittings.filter(closed_at__isnull=True).count()
    if open_sittings:
        raise CertificateError(
            "sittings_not_closed",
            ngettext(
                "%(count)d séance n'est pas clôturée : ses présences ne sont pas attestées "
                "par la signature du formateur. L'attestation viendra après sa clôture.",
                "%(count)d séances ne sont pas clôturées : leurs présences ne sont pas "
                "attestées par la signature du formateur. L'attestation viendra après "
                "leur clôture.",
                open_sittings,
            )
            % {"count": open_sittings},
        )
    threshold = enrolment.session.course.completion_threshold
    if not summary.reaches(threshold):
        raise CertificateError(
            "below_threshold",
            _(
                "Présence de %(rate)d %% des heures, pour %(threshold)d %% demandés : "
                "pas d'attestation."
            )
            % {"rate": summary.rate, "threshold": threshold},
        )


# What becomes of each person of a session (`verdict`): who gets a certificate, who
# already has one, and why the others do not.
ELIGIBLE = "eligible"
ALREADY_ISSUED = "already_issued"
CANCELLED = "cancelled"
WAITLISTED = "not_confirmed"


@dataclass(frozen=True)
class Verdict:
    """Why this person gets, has, or does not get a certificate (`verdict`)."""

    enrolment: object
    summary: object  # attendance.summary.AttendanceSummary
    threshold: int
    code: str  # ELIGIBLE, ALREADY_ISSUED, or a CertificateError code
    reason: str
    certificate: object = None

    @property
    def eligible(self):
        return self.code == ELIGIBLE

    @property
    def left_out(self):
        """No certificate comes to this person when the session's are issued."""
        return self.code != ELIGIBLE

    @property
    def reaches_threshold(self):
        return self.summary.reaches(self.threshold)


def verdict(enrolment, summary=None, certificate=None, now=None):
    """The one answer to "does this person get a certificate, and if not, why?".

    The issuing page's table, the issuing itself (`issue_session`: the admin, the
    task run when a session finishes, `seed_demo`) all ask here; eligibility is
    `check_eligible`'s. `certificate`: the enrolment's, if already known (else looked up).
    """
    summary = summary if summary is not None else attendance_summary(enrolment)
    threshold = enrolment.session.course.completion_threshold
    if certificate is None:
        certificate = Certificate.objects.filter(enrolment=enrolment).first()

    def answer(code, reason):
        return Verdict(enrolment, summary, threshold, code, reason, certificate)

    if certificate is not None:
        values = {
            "number": certificate.number,
            "date": date_format(timezone.localtime(certificate.issued_at), "d/m/Y"),
        }
        if certificate.is_revoked:
            return answer(
                ALREADY_ISSUED,
                _("Attestation %(number)s délivrée le %(date)s, puis révoquée.") % values,
            )
        return answer(
            ALREADY_ISSUED, _("Attestation %(number)s déjà délivrée le %(date)s.") % values
        )
    try:
        check_eligible(enrolment, summary, now)
    except CertificateError as error:
        if error.code == "not_confirmed":
            if enrolment.status == EnrolmentStatus.CANCELLED:
                return answer(CANCELLED, _("Inscription annulée : pas d'attestation."))
            return answer(
                WAITLISTED,
                _("Restée en liste d'attente, sans place confirmée : pas d'attestation."),
            )
        return answer(error.code, error.message)
    return answer(
        ELIGIBLE,
        _("Présence de %(rate)d %% des heures, pour %(threshold)d %% demandés : attestation.")
        % {"rate": summary.rate, "threshold": threshold},
    )


def session_verdicts(session_id, now=None):
    """Each person of a session (confirmed, waiting, cancelled) and their `verdict`, in
    the order staff read them: confirmed first, then by name."""
    enrolments = (
        Enrolment.objects.filter(session_id=session_id)
        .select_related("learner", "session__course")
        .order_by("learner__last_name", "learner__first_name", "pk")
    )
    certificates = {
        certificate.enrolment_id: certificate
        for certificate in Certificate.objects.filter(enrolment__session_id=session_id)
    }
    verdicts = [
        verdict(enrolment, certificate=certificates.get(enrolment.pk), now=now)
        for enrolment in enrolments
    ]
    rank = {EnrolmentStatus.CONFIRMED: 0, EnrolmentStatus.WAITLISTED: 1}
    return sorted(verdicts, key=lambda v: rank.get(v.enrolment.status, 2))


def next_number(year):
    """The next number of `year`, taken under the counter's row lock (call in a transaction)."""
    try:
        with transaction.atomic():
            CertificateCounter.objects.create(year=year)
    except IntegrityError:
        pass  # another request created this year's counter first
    counter = CertificateCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"NUMIXS-{year}-{counter.last:06d}"


def issue(enrolment_id, *, actor=None, override_reason="", now=None, render=True):
    """Issue the enrolment's certificate if earned; (certificate, created).

    A coordinator may issue below the threshold with a written reason; the
    other conditions (a confirmed place, a finished session) always hold.
    """
    now = now or timezone.now()
    override_reason = (override_reason or "").strip()
    with transaction.atomic():
        enrolment = (
            Enrolment.objects.select_for_update()
            .select_related("learner", "session__course", "session__venue")
            .get(pk=enrolment_id)
        )
        existing = Certificate.objects.filter(enrolment=enrolment).first()
        if existing is not None:
            return existing, False
        summary = attendance_summary(enrolment)
        try:
            check_eligible(enrolment, summary, now)
        except CertificateError as error:
            if error.code != "below_threshold" or not override_reason:
                raise
            if not is_coordinator(actor):
                raise CertificateError(
                    "not_allowed",
                    _("Seule la coordination peut délivrer une attestation hors seuil."),
                ) from None
        session, course = enrolment.session, enrolment.session.course
        signatory = CertificateSettings.load()
        certificate = Certificate.objects.create(
            enrolment=enrolment,
            number=next_number(timezone.localtime(now).year),
            verification_code=new_verification_code(),
            learner_name=f"{enrolment.learner.first_name} {enrolment.learner.last_name}",
            course_title=course.title,
            objectives=course.objectives,
            skills=course.skills,
            start_date=session.start_date,
            end_date=session.end_date,
            venue=f"{session.venue.name}, {session.venue.town}",
            hours_planned=summary.hours_planned,
            hours_attended=summary.hours_attended,
            attendance_rate=summary.rate,
            threshold=course.completion_threshold,
            override_reason=override_reason
            if not summary.reaches(course.completion_threshold)
            else "",
            # Who signs is part of the record: a later change of signatory in the
            # settings applies to new certificates, not to those already issued.
            signatory_name=signatory.signatory_name,
            signatory_role=signatory.signatory_role,
            issued_at=now,
            issued_by=actor if actor is not None and actor.is_authenticated else None,
        )
        if render:  # otherwise the PDFs are made on the first download
            _render_after_commit(certificate)
        # The learner hears it is ready (SMS, e-mail), with the short link to download it.
        notify(enrolment, MessageKind.CERTIFICATE)
        record(
            certificate,
            "numixs.certificate.override"
            if certificate.override_reason
            else "numixs.certificate.issue",
            user=actor,
            number=certificate.number,
            reason=certificate.override_reason,
        )
    return certificate, True


def _render_after_commit(certificate):
    certificate_id = certificate.pk
    transaction.on_commit(lambda: render_certificate.enqueue(certificate_id))


def issue_session(session_id, *, actor=None, now=None, render=True):
    """Issue every earned certificate of a session; ([issued], {enrolment id: reason}).

    Everyone left out is in the second part with the reason `verdict` gives: below
    the threshold, no confirmed place, cancelled, already issued, not finished yet.
    """
    issued, skipped = [], {}
    for answer in session_verdicts(session_id, now=now):
        enrolment_id = answer.enrolment.pk
        if answer.left_out:
            skipped[enrolment_id] = answer.reason
            continue
        try:
            # Rendered below, all together: the fonts are loaded once for the batch.
            certificate, created = issue(enrolment_id, actor=actor, now=now, render=False)
        except CertificateError as error:  # changed since the verdict: say why
            skipped[enrolment_id] = error.message
        else:
            if created:
                issued.append(certificate)
            else:
                skipped[enrolment_id] = verdict(answer.enrolment, now=now).reason
    if render and issued:
        ids = [certificate.pk for certificate in issued]
        transaction.on_commit(lambda: render_certificates.enqueue(ids))
    return issued, skipped


def revoke(certificate_id, *, actor, reason, now=None, render=True):
    """A coordinator revokes a certificate, with a reason; it then verifies as revoked."""
    if not is_coordinator(actor):
        raise CertificateError(
            "not_allowed", _("Seule la coordination peut révoquer une attestation.")
        )
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise CertificateError(
            "reason_required", _("Écrivez pourquoi l'attestation est révoquée (quelques mots).")
        )
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate_id)
        if certificate.is_revoked:
            raise CertificateError("already_revoked", _("Cette attestation est déjà révoquée."))
        certificate.revoked_at = now or timezone.now()
        certificate.revoked_reason = reason
        certificate.revoked_by = actor
        certificate.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
        record(certificate, "numixs.certificate.revoke", user=actor, reason=reason)
        if render:
            _render_after_commit(certificate)  # the PDFs then say "révoqué"
        else:  # made again on the next download
            Certificate.objects.filter(pk=certificate.pk).update(rendered_at=None)
    return certificate
