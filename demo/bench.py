"""The benchmark's database work (development only): scripts/bench.py calls these.

Each function is one step the benchmark runs on its own database, through the
`bench_data` management command, and returns its result (the command prints it
as JSON). Nothing here runs in production.
"""

import datetime
import time
import tracemalloc

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from attendance.models import AttendanceChange
from certificates.codes import new_verification_code
from certificates.documents import DOCUMENTS, context, render_batch, render_documents
from certificates.models import Certificate
from core.pdf import STATIC_ROOT_DIR
from courses.choices import EnrolmentStatus, SessionStatus
from courses.links import manage_url
from courses.models import Enrolment, Learner, PartnerOrganisation, Session, Sitting
from demo.attendance import TODAY_MARKER
from partners.exports import stream_zip

# What the benchmark creates is named so that it can be counted (and told from the demo's).
BENCH_FIRST_NAME = "Bench"
BENCH_NUMBER_PREFIX = "BENCH-"
BENCH_DEVICE = "bench"
DEMO_PARTNER_CODE = "FTSARC"


def open_session_paths(count):
    """Enrolment form paths of up to `count` open sessions that start in a week or more."""
    soon = datetime.date.today() + datetime.timedelta(days=7)
    public_ids = (
        Session.objects.published()
        .filter(status=SessionStatus.OPEN, start_date__gte=soon)
        .values_list("public_id", flat=True)[:count]
    )
    return [reverse("courses:enrol", args=[public_id]) for public_id in public_ids]


def todays_demo_sitting(day=None):
    """The demo trainer's first sitting of `day` (the seeded day) and its confirmed enrolments.

    The benchmark passes the day it seeded: run across midnight, "today" has changed.
    """
    sitting = (
        Sitting.objects.filter(session__notes=TODAY_MARKER, date=day or timezone.localdate())
        .order_by("start_time")
        .first()
    )
    enrolments = sitting.session.enrolments.confirmed().values_list("pk", flat=True)
    return {"sitting": sitting.pk, "enrolments": list(enrolments)}


def certificate_timing(count):
    """Seconds to render `count` certificates with plain WeasyPrint, then in the project's batch."""
    from weasyprint import HTML  # the baseline is WeasyPrint itself, without the project's code

    ids = list(Certificate.objects.order_by("pk").values_list("pk", flat=True)[:count])
    certificates = list(Certificate.objects.filter(pk__in=ids))
    # Baseline: plain WeasyPrint, one document at a time, nothing shared or stored.
    start = time.perf_counter()
    for certificate in certificates:
        data = context(certificate)
        for kind, template in DOCUMENTS.items():
            with translation.override("fr"):
                html = render_to_string(template, {**data, "kind": kind})
            HTML(string=html, base_url=STATIC_ROOT_DIR.as_uri() + "/").write_pdf(
                pdf_variant="pdf/a-3a"
            )
    single = time.perf_counter() - start
    start = time.perf_counter()
    render_batch(ids)  # the project's path: fonts loaded once, both PDFs stored with SHA-256
    batch = time.perf_counter() - start
    return {"count": len(ids), "single": single, "batch": batch}


def certificate_download_path():
    """A learner's download link of a rendered certificate (no login needed)."""
    certificate = Certificate.objects.valid().order_by("pk").first()
    render_documents(certificate)
    return {"path": manage_url(certificate.enrolment) + "attestation.pdf"}


def partner_data(learners, certificates):
    """Referred, consenting learners and stored certificates for the demo partner."""
    organisation = PartnerOrganisation.objects.get(referral_code=DEMO_PARTNER_CODE)
    today = datetime.date.today()
    past = Session.objects.filter(end_date__lt=today).order_by("-end_date")
    upcoming = Session.objects.filter(start_date__gt=today).order_by("start_date")
    sessions = list(past[:40]) + list(upcoming[:40])
    # The learners are spread across past and upcoming sessions.
    new_learners = Learner.objects.bulk_create(
        Learner(first_name=BENCH_FIRST_NAME, last_name=f"Partenaire{i:04d}")
        for i in range(learners)
    )
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(
            session=sessions[i % len(sessions)],
            learner=learner,
            status=EnrolmentStatus.CONFIRMED,
            referrer=organisation,
            referrer_consent=True,
        )
        for i, learner in enumerate(new_learners)
    )
    # The certificates share one rendered pair of stored PDFs (the ZIP reads storage only).
    model = Certificate.objects.valid().order_by("pk").first()
    render_documents(model)
    finished = (e for e in enrolments if e.session.end_date < today)
    Certificate.objects.bulk_create(
        Certificate(
            enrolment=enrolment,
            number=f"{BENCH_NUMBER_PREFIX}{today.year}-{i:06d}",
            verification_code=new_verification_code(),
            learner_name=f"{enrolment.learner.first_name} {enrolment.learner.last_name}",
            course_title=model.course_title,
            start_date=model.start_date,
            end_date=model.end_date,
            venue=model.venue,
            hours_planned=model.hours_planned,
            hours_attended=model.hours_attended,
            attendance_rate=model.attendance_rate,
            threshold=model.threshold,
            attestation_pdf=model.attestation_pdf.name,
            attestation_sha256=model.attestation_sha256,
            realisation_pdf=model.realisation_pdf.name,
            realisation_sha256=model.realisation_sha256,
            rendered_at=model.rendered_at,
        )
        for i, enrolment in enumerate(finished)
        if i < certificates
    )
    return bench_certificate_count()


def zip_memory(count):
    """Size and peak Python memory of the partners' ZIP of 50, then `count`, bench certificates."""
    result = {}
    for size in (50, count):
        bench = Certificate.objects.filter(number__startswith=BENCH_NUMBER_PREFIX).order_by("pk")
        last = bench.values_list("pk", flat=True)[size - 1]
        tracemalloc.start()
        zipped = sum(len(piece) for piece in stream_zip(bench.filter(pk__lte=last)))
        result[size] = {"bytes": zipped, "peak": tracemalloc.get_traced_memory()[1]}
        tracemalloc.stop()
    return result


def bench_enrolment_count():
    """Enrolments of learners named Bench: the enrolment POSTs' and partner_data's."""
    return {"count": Enrolment.objects.filter(learner__first_name=BENCH_FIRST_NAME).count()}


def bench_mark_count():
    """How many attendance changes the benchmark's tablet sent."""
    return {"count": AttendanceChange.objects.filter(device_id=BENCH_DEVICE).count()}


def bench_certificate_count():
    """How many certificates the benchmark added for the demo partner."""
    return {"count": Certificate.objects.filter(number__startswith=BENCH_NUMBER_PREFIX).count()}
