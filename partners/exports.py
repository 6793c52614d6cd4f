"""Streamed downloads for partners: a ZIP of stored certificates, a CSV for French Excel.

Both are generators: the ZIP copies each stored PDF in 64 KiB pieces
(partners.zipstream keeps its table of contents on disk), and the CSV is
written 500 rows at a time, so memory stays flat whatever the number of rows.
"""

import datetime
import re
import unicodedata

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certificates.documents import render_documents
from certificates.models import Certificate
from core.spreadsheets import FrenchCsv, excel_decimal
from core.storage import private_storage
from partners.access import CertificateState, rows_for
from partners.zipstream import ZipStream

DOCUMENTS = (("attestation", "attestation"), ("realisation", "certificat-de-realisation"))


def safe_name(text):
    """ASCII, no separators: file names that every unzip tool and Windows accept."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")[:60] or "apprenant"


FIELDS = ("pk", "number", "learner_name", "issued_at", "attestation_pdf", "realisation_pdf")


def _stored_names(row):
    """The stored files of a certificate (rendered first if it never was)."""
    pk, _number, _name, _issued, attestation, realisation = row
    if attestation and realisation and private_storage().exists(attestation):
        return attestation, realisation
    certificate = Certificate.objects.get(pk=pk)
    render_documents(certificate)
    return certificate.attestation_pdf.name, certificate.realisation_pdf.name


def stream_zip(certificates):
    """Yield a ZIP archive of the certificates' stored PDFs, piece by piece (flat memory).

    Rows are read 50 at a time as plain tuples (model instances with file fields
    form reference cycles that only the garbage collector frees, later).
    """
    archive = ZipStream()
    last = 0
    try:
        while rows := list(
            certificates.filter(pk__gt=last).order_by("pk").values_list(*FIELDS)[:50]
        ):
            for row in rows:
                pk, number, learner_name, issued_at = row[:4]
                when = timezone.localtime(issued_at).timetuple()
                person = safe_name(learner_name)
                for (_field, label), stored in zip(DOCUMENTS, _stored_names(row), strict=True):
                    with private_storage().open(stored, "rb") as source:
                        yield from archive.add(f"{person}_{number}_{label}.pdf", source, when)
            last = rows[-1][0]
        yield from archive.finish()
    finally:
        archive.close()


def _status_label(enrolment):
    label = enrolment.get_status_display()
    if enrolment.status == "waitlisted" and enrolment.waitlist_position:
        label += f" ({enrolment.waitlist_position})"
    return label


CSV_COLUMNS = [
    (_("Nom"), lambda e: e.learner.last_name),
    (_("Prénom"), lambda e: e.learner.first_name),
    (_("Commune de l'apprenant"), lambda e: e.learner.town),
    (_("Structure"), lambda e: e.referrer.name),
    (_("Formation"), lambda e: e.session.course.title),
    (_("Lieu"), lambda e: f"{e.session.venue.name}, {e.session.venue.town}"),
    (_("Début"), lambda e: e.session.start_date),
    (_("Fin"), lambda e: e.session.end_date),
    (_("Inscription"), _status_label),
    (_("Inscrit(e) le"), lambda e: e.created_at),
    (_("Heures suivies"), lambda e: excel_decimal(e.progress.hours_attended)),
    (_("Heures passées"), lambda e: excel_decimal(e.progress.hours_held)),
    (_("Présence (%)"), lambda e: "" if e.progress.rate is None else e.progress.rate),
    (_("Absences"), lambda e: e.progress.absences),
    (_("Absences excusées"), lambda e: e.progress.excused),
    (_("Attestation"), lambda e: CertificateState(e.certificate_state).label),
    (_("Numéro d'attestation"), lambda e: _certificate(e, "number")),
    (_("Délivrée le"), lambda e: _certificate(e, "issued_at")),
]


def _certificate(enrolment, attribute):
    certificate = getattr(enrolment, "certificate", None)
    return getattr(certificate, attribute, "") if certificate else ""


def stream_csv(enrolments):
    """Yield a CSV for French Excel: UTF-8 with a BOM, semicolons, dd/mm/yyyy, no formulas.

    `enrolments` keeps the list's order; rows are fetched 500 at a time.
    """
    csv = FrenchCsv()
    yield csv.header(str(heading) for heading, _value in CSV_COLUMNS)
    ids = list(enrolments.values_list("pk", flat=True))
    for start in range(0, len(ids), 500):
        batch = rows_for(ids[start : start + 500])
        yield "".join(
            csv.row(value(enrolment) for _h, value in CSV_COLUMNS) for enrolment in batch
        ).encode()


def export_filename(prefix, extension):
    return f"{prefix}-{datetime.date.today():%Y-%m-%d}.{extension}"
