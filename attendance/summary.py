"""Attended hours: the one rule that certificates, partners and sheets all count with.

Present or late counts as attended (the sheet shows who was late); absent and
excused do not. Hours are each sitting's length (`Sitting.hours`).
"""

from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal

from django.utils import timezone

from attendance.models import Attendance, AttendanceStatus
from courses.choices import EnrolmentStatus
from courses.models import Sitting

ATTENDED = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)


@dataclass(frozen=True)
class AttendanceSummary:
    """The whole session: hours planned (every sitting) and hours attended."""

    hours_planned: Decimal
    hours_attended: Decimal

    @property
    def rate(self):
        """Percentage of the planned hours attended, rounded down (79.9 % is not 80 %)."""
        if not self.hours_planned:
            return 0
        return int((self.hours_attended * 100 / self.hours_planned).to_integral_value(ROUND_FLOOR))

    def reaches(self, threshold):
        return (
            self.hours_planned > 0 and self.hours_attended * 100 >= self.hours_planned * threshold
        )


def attendance_summary(enrolment):
    """Hours planned (every sitting of the session) and attended (present or late)."""
    sittings = list(enrolment.session.sittings.all())
    attended = set(
        Attendance.objects.filter(
            enrolment=enrolment, status__in=ATTENDED, sitting__in=sittings
        ).values_list("sitting_id", flat=True)
    )
    planned = sum((s.hours for s in sittings), Decimal(0))
    done = sum((s.hours for s in sittings if s.pk in attended), Decimal(0))
    return AttendanceSummary(planned.quantize(Decimal("0.01")), done.quantize(Decimal("0.01")))


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
        enrolment.progress = _progress(
            enrolment, sittings.get(enrolment.session_id, []), marks, now
        )
    return enrolments


def _progress(enrolment, sittings, marks, now):
    progress = Progress()
    for sitting in sittings:
        status = marks.get((enrolment.pk, sitting.pk), "")
        begun = sitting.starts_at() <= now
        progress.sittings.append((sitting, status, begun))
        if not begun or enrolment.status != EnrolmentStatus.CONFIRMED:
            continue
        progress.hours_held += sitting.hours
        if status in ATTENDED:
            progress.hours_attended += sitting.hours
        elif status == AttendanceStatus.ABSENT:
            progress.absences += 1
        elif status == AttendanceStatus.EXCUSED:
            progress.excused += 1
    return progress
