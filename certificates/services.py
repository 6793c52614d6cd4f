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

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

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
    """Issue every earned certificate of a session; ([issued], {enrolment id: reason})."""
    issued, skipped = [], {}
    enrolments = Enrolment.objects.filter(
        session_id=session_id, status=EnrolmentStatus.CONFIRMED
    ).values_list("pk", flat=True)
    for enrolment_id in enrolments:
        try:
            # Rendered below, all together: the fonts are loaded once for the batch.
            certificate, created = issue(enrolment_id, actor=actor, now=now, render=False)
        except CertificateError as error:
            skipped[enrolment_id] = error.message
        else:
            if created:
                issued.append(certificate)
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
