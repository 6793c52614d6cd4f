"""Streamed downloads for partners: a ZIP of stored certificates, a CSV for French Excel.

Both are generators: the ZIP copies each stored PDF in 64 KiB pieces into a
zip stream that is handed to the client as it grows, and the CSV is written
500 rows at a time, so memory stays flat whatever the number of rows.
"""

import csv
import datetime
import re
import unicodedata
import zipfile

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certificates.partners import CertificateState, attach_progress, in_chunks
from courses.wagtail_hooks import _excel_text

CHUNK = 64 * 1024
DOCUMENTS = (("attestation", "attestation"), ("realisation", "certificat-de-realisation"))


class _Pipe:
    """A write-only file for ZipFile: what is written waits here until the generator yields it."""

    def __init__(self):
        self.parts = []
        self.position = 0

    def write(self, data):
        self.parts.append(bytes(data))
        self.position += len(data)
        return len(data)

    def tell(self):
        return self.position

    def flush(self):
        pass

    def take(self):
        data = b"".join(self.parts)
        self.parts.clear()
        return data


def safe_name(text):
    """ASCII, no separators: file names that every unzip tool and Windows accept."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")[:60] or "apprenant"


def certificate_files(certificate):
    """(name in the ZIP, stored file) for each of a certificate's two PDFs."""
    person = safe_name(certificate.learner_name)
    for field, label in DOCUMENTS:
        stored = getattr(certificate, f"{field}_pdf")
        yield f"{person}_{certificate.number}_{label}.pdf", stored


def ensure_rendered(certificate):
    """Stored PDFs are served as they are; a certificate never rendered is rendered once."""
    stored = certificate.attestation_pdf
    if certificate.rendered_at and stored and stored.storage.exists(stored.name):
        return
    from certificates.documents import render_documents

    render_documents(certificate)


def stream_zip(certificates):
    """Yield a ZIP archive of the certificates' stored PDFs, piece by piece."""
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, mode="w", compression=zipfile.ZIP_STORED) as archive:
        fields = ("number", "learner_name", "issued_at", "rendered_at", "attestation_pdf")
        for chunk in in_chunks(certificates.only(*fields, "realisation_pdf"), size=50):
            for certificate in chunk:
                ensure_rendered(certificate)
                when = timezone.localtime(certificate.issued_at).timetuple()[:6]
                for name, stored in certificate_files(certificate):
                    info = zipfile.ZipInfo(name, date_time=max(when, (1980, 1, 1, 0, 0, 0)))
                    info.compress_type = zipfile.ZIP_STORED
                    with stored.open("rb") as source, archive.open(info, "w") as target:
                        while piece := source.read(CHUNK):
                            target.write(piece)
                            yield pipe.take()
                    yield pipe.take()
    yield pipe.take()


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
    (_("Heures suivies"), lambda e: _decimal(e.progress.hours_attended)),
    (_("Heures passées"), lambda e: _decimal(e.progress.hours_held)),
    (_("Présence (%)"), lambda e: "" if e.progress.rate is None else e.progress.rate),
    (_("Absences"), lambda e: e.progress.absences),
    (_("Absences excusées"), lambda e: e.progress.excused),
    (_("Attestation"), lambda e: CertificateState(e.certificate_state).label),
    (_("Numéro d'attestation"), lambda e: _certificate(e, "number")),
    (_("Délivrée le"), lambda e: _certificate(e, "issued_at")),
]


def _decimal(value):
    """French Excel reads a comma as the decimal separator."""
    return f"{value:.2f}".replace(".", ",").replace(",00", "")


def _certificate(enrolment, attribute):
    certificate = getattr(enrolment, "certificate", None)
    return getattr(certificate, attribute, "") if certificate else ""


class _Line:
    def write(self, value):
        return value


def stream_csv(enrolments):
    """Yield a CSV for French Excel: UTF-8 with a BOM, semicolons, dd/mm/yyyy, no formulas.

    `enrolments` keeps the list's order; rows are fetched 500 at a time.
    """
    writer = csv.writer(_Line(), delimiter=";")
    headings = [str(heading) for heading, _value in CSV_COLUMNS]
    yield ("\ufeff" + writer.writerow(headings)).encode()
    ids = list(enrolments.values_list("pk", flat=True))
    for start in range(0, len(ids), 500):
        batch_ids = ids[start : start + 500]
        rows = enrolments.filter(pk__in=batch_ids).select_related(
            "learner", "referrer", "session__course", "session__venue", "certificate"
        )
        by_pk = {enrolment.pk: enrolment for enrolment in rows}
        batch = attach_progress([by_pk[pk] for pk in batch_ids if pk in by_pk])
        yield "".join(
            writer.writerow([_excel_text(value(enrolment)) for _h, value in CSV_COLUMNS])
            for enrolment in batch
        ).encode()


def export_filename(prefix, extension):
    return f"{prefix}-{datetime.date.today():%Y-%m-%d}.{extension}"
