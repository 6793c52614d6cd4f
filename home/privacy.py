"""Personal data: a learner's rights (export, erasure) and the retention periods.

It lives in the top layer because a person's data spread over every layer
below: enrolments (courses), marks, notes and signatures (attendance),
certificates (certificates). docs/privacy.md is the processing register;
each period below is a setting it documents.

Erasure anonymises rather than deletes: enrolment, attendance and certificate
rows stay (seat counts, funders' figures, numbering without gaps). What the
law requires a training provider to keep (the name on attendance evidence
and certificates) stays while that evidence must be kept, then goes too.
"""

import datetime
import json

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.models import ModelLogEntry

from attendance.models import Attendance, AttendanceChange, ChangeKind
from certificates.models import Certificate
from core.audit import record
from core.spreadsheets import FrenchCsv
from courses.choices import EnrolmentStatus, Situation
from courses.models import Enrolment, Learner, Membership, Message, Sitting
from courses.services.enrolment import cancel, first_sitting_start

ANONYMOUS_FIRST_NAME = "Personne"
ANONYMOUS_LAST_NAME = "anonymisée"
# A Wagtail hook for the layers above this one: functions (now) -> {what: how many}, run
# by `purge` in its transaction (search: the zero-result searches).
RETENTION_HOOK = "personal_data_retention"


def years_before(moment, years):
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year - years, day=28)


# --- Export -----------------------------------------------------------------------------


def learner_data(learner):
    """Everything the platform holds about a learner, as plain data (the JSON export)."""
    enrolments = learner.enrolments.select_related(
        "session__course", "session__venue", "referrer", "enrolled_by", "cancelled_by"
    ).order_by("created_at", "pk")
    attendances = {}
    for attendance in Attendance.objects.filter(enrolment__learner=learner).select_related(
        "sitting"
    ):
        attendances.setdefault(attendance.enrolment_id, []).append(attendance)
    certificates = {
        certificate.enrolment_id: certificate
        for certificate in Certificate.objects.filter(enrolment__learner=learner)
    }
    return {
        "export": {
            "date": _iso(timezone.now()),
            "organisme": settings.WAGTAIL_SITE_NAME,
        },
        "personne": {
            "prenom": learner.first_name,
            "nom": learner.last_name,
            "email": learner.email,
            "telephone": learner.phone,
            "commune": learner.town,
            "code_postal": learner.postcode,
            "situation": learner.get_situation_display(),
            "employeur": learner.employer,
            "identifiant_france_travail": learner.employment_agency_id,
            "code_insee": learner.insee_code,
            "annee_de_naissance": learner.birth_year,
            "genre": learner.get_gender_display(),
            "beneficiaire_du_rsa": learner.receives_minimum_income,
            "habite_un_qpv": learner.priority_neighbourhood,
            "accord_la_coop": learner.coop_consent,
            "compte": learner.user.get_username() if learner.user_id else "",
            "cree_le": _iso(learner.created_at),
            "donnees_effacees_le": _iso(learner.erased_at),
        },
        "inscriptions": [
            _enrolment_data(enrolment, attendances, certificates) for enrolment in enrolments
        ],
        "historique": [
            {
                "date": _iso(entry.timestamp),
                "action": str(entry.message),
                "par": entry.user.get_username() if entry.user_id else "",
            }
            for entry in _log_entries(learner)
        ],
    }


def _enrolment_data(enrolment, attendances, certificates):
    session = enrolment.session
    certificate = certificates.get(enrolment.pk)
    return {
        "formation": session.course.title,
        "lieu": session.venue.name,
        "du": _iso(session.start_date),
        "au": _iso(session.end_date),
        "statut": enrolment.get_status_display(),
        "origine": enrolment.get_channel_display(),
        "inscrite_par": str(enrolment.enrolled_by or ""),
        "orientee_par": enrolment.referrer.name if enrolment.referrer_id else "",
        "accord_de_suivi": enrolment.referrer_consent,
        "accord_donne_le": _iso(enrolment.referrer_consent_at),
        "accord_retire_le": _iso(enrolment.referrer_consent_withdrawn_at),
        "reference": enrolment.reference,
        "inscrite_le": _iso(enrolment.created_at),
        "annulee_le": _iso(enrolment.cancelled_at),
        "messages": [
            {
                "canal": message.get_channel_display(),
                "message": message.get_kind_display(),
                "destinataire": message.recipient,
                "texte": message.text,
                "etat": message.get_status_display(),
                "envoye_le": _iso(message.sent_at),
            }
            for message in enrolment.messages.order_by("created_at", "pk")
        ],
        "presences": [
            {
                "seance": _iso(attendance.sitting.date),
                "horaires": _hours(attendance.sitting),
                "statut": attendance.get_status_display() if attendance.status else "",
                "note": attendance.note,
                "signature": attendance.signature,
                "signee_le": _iso(attendance.signed_at),
            }
            for attendance in sorted(
                attendances.get(enrolment.pk, []),
                key=lambda a: (a.sitting.date, a.sitting.start_time),
            )
        ],
        "attestation": None
        if certificate is None
        else {
            "numero": certificate.number,
            "delivree_le": _iso(certificate.issued_at),
            "heures_suivies": str(certificate.hours_attended),
            "taux_de_presence": certificate.attendance_rate,
            "revoquee_le": _iso(certificate.revoked_at),
        },
    }


def _hours(sitting):
    return f"{sitting.start_time:%H:%M}-{sitting.end_time:%H:%M}"


def _when(attendance):
    return (attendance.sitting.date, attendance.sitting.start_time)


def _log_entries(learner):
    enrolment_ids = [str(pk) for pk in learner.enrolments.values_list("pk", flat=True)]
    return (
        ModelLogEntry.objects.filter(
            Q(content_type__model="learner", object_id=str(learner.pk))
            | Q(content_type__model="enrolment", object_id__in=enrolment_ids)
        )
        .select_related("user")
        .order_by("timestamp")
    )


def _iso(value):
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="minutes")
    return value.isoformat()


def learner_json(learner):
    return json.dumps(learner_data(learner), ensure_ascii=False, indent=2)


def learner_csv(learner):
    """The same data, one line per fact, for a spreadsheet: section; field; value."""
    data = learner_data(learner)
    writer = FrenchCsv()
    lines = [writer.header([_("Rubrique"), _("Donnée"), _("Valeur")])]

    def add(section, field, value):
        lines.append(writer.row([section, field, "" if value is None else value]).encode())

    for field, value in data["personne"].items():
        add(_("Personne"), field, value)
    for number, enrolment in enumerate(data["inscriptions"], start=1):
        section = _("Inscription %(n)d") % {"n": number}
        for field, value in enrolment.items():
            if field == "presences":
                for presence in value:
                    add(
                        section,
                        _("présence %(date)s") % {"date": presence["seance"]},
                        "; ".join(
                            f"{key} : {item}"
                            for key, item in presence.items()
                            if key != "signature"
                        )
                        + ("; signée" if presence["signature"] else ""),
                    )
            elif field == "messages":
                for message in value:
                    add(
                        section,
                        _("message %(date)s") % {"date": message["envoye_le"]},
                        "; ".join(f"{key} : {item}" for key, item in message.items()),
                    )
            elif field == "attestation":
                if value:
                    for key, item in value.items():
                        add(section, f"attestation {key}", item)
            else:
                add(section, field, value)
    for entry in data["historique"]:
        add(_("Historique"), entry["date"], f"{entry['action']} ({entry['par'] or '—'})")
    return b"".join(lines)


# --- Erasure ----------------------------------------------------------------------------


def has_evidence_to_keep(learner, now=None):
    """Attendance or a certificate from a session whose evidence must still be kept."""
    cutoff = years_before((now or timezone.now()).date(), settings.NUMIXS_RETENTION_EVIDENCE_YEARS)
    recent = Q(session__end_date__gte=cutoff) | Q(session__end_date__isnull=True)
    enrolments = learner.enrolments.filter(recent)
    return (
        Attendance.objects.filter(enrolment__in=enrolments).exclude(status="").exists()
        or Certificate.objects.filter(enrolment__in=enrolments).exists()
    )


def erase_learner(learner_id, *, actor, now=None):
    """A learner asked for their data to be erased: anonymise what may be, now.

    Upcoming enrolments are cancelled (the seat goes to the next person).
    Contact details, the account link and trainers' notes go at once; the name
    stays on attendance evidence and certificates only while they must be
    kept (NUMIXS_RETENTION_EVIDENCE_YEARS), after which `purge` removes it.
    Returns True when the name was kept for that reason.
    """
    now = now or timezone.now()
    for enrolment in Enrolment.objects.filter(learner_id=learner_id).exclude(
        status=EnrolmentStatus.CANCELLED
    ):
        start = first_sitting_start(enrolment.session)
        if start is not None and start > now:
            cancel(enrolment.pk, actor=actor, now=now)
    with transaction.atomic():
        learner = Learner.objects.select_for_update().get(pk=learner_id)
        keep_name = has_evidence_to_keep(learner, now)
        _clear_contact(learner, now)
        if not keep_name:
            _anonymise(learner)
        learner.save()
        record(learner, "numixs.learner.erase", user=actor, name_kept_as_evidence=keep_name)
    return keep_name


def _clear_contact(learner, now):
    learner.email = learner.phone = learner.town = learner.postcode = ""
    learner.employment_agency_id = learner.employer = learner.insee_code = ""
    learner.situation = Situation.OTHER
    # The answers given for the funders' figures go with the contact details.
    learner.birth_year = learner.receives_minimum_income = learner.priority_neighbourhood = None
    learner.gender, learner.coop_consent = "", False
    learner.duplicate_of = None
    learner.erased_at = learner.erased_at or now
    Learner.objects.filter(duplicate_of=learner).update(duplicate_of=None)
    if learner.user_id:
        user = learner.user
        user.is_active = False
        user.username = f"compte-efface-{user.pk}"
        user.email = user.first_name = user.last_name = user.phone = ""
        user.set_unusable_password()
        user.save()
        learner.user = None
    Attendance.objects.filter(enrolment__learner=learner).exclude(note="").update(note="")
    AttendanceChange.objects.filter(enrolment__learner=learner, kind=ChangeKind.NOTE).update(
        value="", previous_value=""
    )
    # The messages' log named where they went: nothing of the contact is kept.
    Message.objects.filter(enrolment__learner=learner).update(recipient="", text="")


def _anonymise(learner):
    """The name goes too, and with it the signatures and the name on certificates."""
    learner.first_name = ANONYMOUS_FIRST_NAME
    # Stored data, not interface text: the same words whatever the admin's language.
    learner.last_name = f"{ANONYMOUS_LAST_NAME} n°{learner.pk}"
    Attendance.objects.filter(enrolment__learner=learner).exclude(signature="").update(signature="")
    AttendanceChange.objects.filter(enrolment__learner=learner, kind=ChangeKind.SIGNATURE).update(
        value="", previous_value=""
    )
    for certificate in Certificate.objects.filter(enrolment__learner=learner):
        _anonymise_certificate(certificate, f"{learner.first_name} {learner.last_name}")


def _anonymise_certificate(certificate, name):
    for field in ("attestation_pdf", "realisation_pdf"):
        stored = getattr(certificate, field)
        if stored:
            stored.delete(save=False)
    certificate.learner_name = name
    certificate.rendered_at = None
    certificate.attestation_sha256 = certificate.realisation_sha256 = ""
    certificate.save()


# --- Retention --------------------------------------------------------------------------


def purge(now=None, *, dry_run=False):
    """Anonymise or delete what is past its retention period; returns what was (or would be)
    done, by kind. Run daily (README: Production)."""
    now = now or timezone.now()
    report = {}
    with transaction.atomic():
        report.update(_purge_learners(now))
        for hook in hooks.get_hooks(RETENTION_HOOK):
            report.update(hook(now))
        report.update(_purge_accounts(now))
        report["SMS et e-mails envoyés"] = delete_all(
            Message.objects.filter(
                created_at__lt=now
                - datetime.timedelta(days=settings.NUMIXS_RETENTION_MESSAGES_DAYS)
            )
        )
        report["journal d'audit"] = delete_all(
            ModelLogEntry.objects.filter(
                action__startswith="numixs.",
                timestamp__lt=years_before(now, settings.NUMIXS_RETENTION_AUDIT_YEARS),
            )
        )
        if dry_run:
            transaction.set_rollback(True)
    return report


def _purge_learners(now):
    inactive_since = years_before(now.date(), settings.NUMIXS_RETENTION_LEARNER_YEARS)
    evidence_until = years_before(now.date(), settings.NUMIXS_RETENTION_EVIDENCE_YEARS)
    inactive = (
        Learner.objects.exclude(first_name=ANONYMOUS_FIRST_NAME, erased_at__isnull=False)
        .annotate(last_end=Max("enrolments__session__end_date"))
        .filter(
            Q(last_end__lt=inactive_since)
            | Q(last_end__isnull=True, created_at__date__lt=inactive_since)
        )
    )
    cleared = anonymised = 0
    for learner in inactive.iterator():
        keep_name = (
            learner.last_end is not None
            and learner.last_end >= evidence_until
            and (has_evidence_to_keep(learner, now))
        )
        if learner.erased_at is None:
            _clear_contact(learner, now)
            cleared += 1
        if not keep_name and learner.first_name != ANONYMOUS_FIRST_NAME:
            _anonymise(learner)
            anonymised += 1
        learner.save()
        record(learner, "numixs.retention.purge", name_kept_as_evidence=keep_name)
    # Evidence past its period, for learners still active elsewhere: signatures go.
    old_sittings = Sitting.objects.filter(session__end_date__lt=evidence_until)
    signatures = Attendance.objects.filter(sitting__in=old_sittings).exclude(signature="")
    signature_count = signatures.update(signature="", note="")
    Attendance.objects.filter(sitting__in=old_sittings).exclude(note="").update(note="")
    AttendanceChange.objects.filter(
        sitting__in=old_sittings, kind__in=[ChangeKind.SIGNATURE, ChangeKind.NOTE]
    ).exclude(value="", previous_value="").update(value="", previous_value="")
    old_sittings.exclude(trainer_signature="").update(trainer_signature="")
    return {
        "apprenants : coordonnées effacées": cleared,
        "apprenants : anonymisés": anonymised,
        "signatures de plus de la durée de conservation": signature_count,
    }


def _purge_accounts(now):
    User = get_user_model()
    cutoff = now - datetime.timedelta(days=settings.NUMIXS_RETENTION_INVITATION_DAYS)
    unused = User.objects.filter(
        last_login__isnull=True,
        date_joined__lt=cutoff,
        is_staff=False,
        is_superuser=False,
        # An invitation never accepted: no password chosen (Django's unusable prefix).
        password__startswith=UNUSABLE_PASSWORD_PREFIX,
        learner__isnull=True,
    )
    ended = Membership.objects.filter(ended_at__lt=cutoff, weekly_digest=True)
    attempts_cutoff = now - datetime.timedelta(days=settings.NUMIXS_RETENTION_LOGIN_ATTEMPTS_DAYS)
    return {
        "invitations jamais acceptées": delete_all(unused),
        "adhésions terminées : récapitulatif arrêté": ended.update(weekly_digest=False),
        "tentatives de connexion": sum(
            delete_all(model.objects.filter(attempt_time__lt=attempts_cutoff))
            for model in (AccessAttempt, AccessFailureLog, AccessLog)
        ),
    }


def delete_all(queryset):
    """Delete and count (the count of the rows asked for, not of cascades)."""
    return queryset.delete()[1].get(queryset.model._meta.label, 0) if queryset.exists() else 0
