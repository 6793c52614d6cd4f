"""The attendance sheet (feuille d'émargement) of a session, as a tagged PDF.

What funders and quality audits expect of an attendance sheet: the provider, the
training, place, dates and times, the trainers; per half-day, each learner's
signature (or why there is none) and the trainer's. Signatures given outside
the sitting's hours are flagged with the tablet's time, because a sheet signed
all at once is what auditors reject.
"""

from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from attendance.models import Attendance, AttendanceSettings
from core.contact import get_contact
from core.models import ProviderSettings
from core.pdf import render_pdf
from courses.choices import EnrolmentStatus

SITTINGS_PER_TABLE = 4


def sheet_context(session):
    sittings = list(session.sittings.select_related("closed_by").order_by("date", "start_time"))
    # Everyone confirmed, and anyone marked once even if they left the session since.
    enrolments = sorted(
        session.enrolments.filter(
            Q(status=EnrolmentStatus.CONFIRMED) | Q(attendances__isnull=False)
        )
        .distinct()
        .select_related("learner"),
        key=lambda e: (e.learner.last_name.lower(), e.learner.first_name.lower()),
    )
    cells = {
        (a.enrolment_id, a.sitting_id): a for a in Attendance.objects.filter(sitting__in=sittings)
    }
    tables = []
    for start in range(0, len(sittings), SITTINGS_PER_TABLE) or [0]:
        chunk = sittings[start : start + SITTINGS_PER_TABLE]
        rows = [
            (enrolment, [cells.get((enrolment.pk, sitting.pk)) for sitting in chunk])
            for enrolment in enrolments
        ]
        tables.append({"sittings": chunk, "rows": rows})
    provider = ProviderSettings.load()
    return {
        "provider": provider,
        "stamp": provider.stamp_data_uri(),
        "session": session,
        "course": session.course,
        "venue": session.venue,
        "trainers": list(session.trainers.all()),
        "tables": tables,
        # The hours of its sittings, as the certificates and the issuing page count them.
        "planned_hours": sum((sitting.hours for sitting in sittings), Decimal(0)),
        "contact": get_contact(),
        "margin": AttendanceSettings.load().signature_margin_minutes,
        "generated_at": timezone.localtime(),
        "flagged": any(a.signature_flagged for a in cells.values())
        or any(s.trainer_signature_flagged for s in sittings),
    }


def render_sheet(session, request=None):
    """Rendered offline like the certificates; PDF/UA-1, tagged for screen readers."""
    return render_pdf("trainer/attendance_sheet.html", sheet_context(session), "pdf/ua-1")
