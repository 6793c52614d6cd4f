"""Certificates still to act on, for the coordinators' desk (home.desk) and the admin
list behind it (certificates.wagtail_hooks): confirmed enrolments of a finished
session, every sitting closed, without a certificate, split by the rule of
`services.check_eligible`:

- *earned*: the attended hours reach the course's threshold, the certificate has
  simply not been issued yet (*Délivrer les attestations méritées*);
- *below*: below the threshold, a coordinator decides (issue with a written reason,
  or leave it).

Only sessions that ended in the last `DECISION_WINDOW_DAYS` are looked at: after
that, no certificate is what was decided.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef
from django.utils import timezone

from attendance.models import Attendance
from attendance.summary import ATTENDED, AttendanceSummary
from certificates.models import Certificate
from courses.choices import EnrolmentStatus
from courses.models import Enrolment, Sitting
from courses.models.sessions import finished_q

DECISION_WINDOW_DAYS = 90
EARNED = "earned"
BELOW = "below"


@dataclass
class Awaiting:
    """Enrolments (each with `.summary`, an AttendanceSummary), oldest session first."""

    earned: list = field(default_factory=list)
    below: list = field(default_factory=list)

    def of(self, kind):
        return self.earned if kind == EARNED else self.below


def candidates(now=None):
    """Confirmed enrolments of sessions finished in the window, without a certificate."""
    now = timezone.localtime(now)
    since = now.date() - datetime.timedelta(days=DECISION_WINDOW_DAYS)
    return (
        Enrolment.objects.filter(status=EnrolmentStatus.CONFIRMED, session__end_date__gte=since)
        .filter(finished_q(now, prefix="session__"))
        # Not before every sitting is closed (services.check_eligible): those are on the
        # desk as sittings to close.
        .exclude(Exists(Sitting.objects.filter(session=OuterRef("session_id"), closed_at=None)))
        .exclude(Exists(Certificate.objects.filter(enrolment=OuterRef("pk"))))
    )


def awaiting(now=None):
    """Three queries whatever the number of sessions: the enrolments, their sittings,
    their attended marks. The hours are counted as `attendance.summary` counts them."""
    enrolments = list(
        candidates(now)
        .select_related("learner", "session__course", "session__venue")
        .order_by("session__end_date", "session_id", "learner__last_name", "pk")
    )
    if not enrolments:
        return Awaiting()
    session_ids = candidates(now).values("session_id")
    hours = {}
    for sitting in Sitting.objects.filter(session_id__in=session_ids):
        hours.setdefault(sitting.session_id, {})[sitting.pk] = sitting.hours
    attended = {}
    for enrolment_id, sitting_id in Attendance.objects.filter(
        enrolment__in=candidates(now).values("pk"), status__in=ATTENDED
    ).values_list("enrolment_id", "sitting_id"):
        attended.setdefault(enrolment_id, set()).add(sitting_id)
    result = Awaiting()
    for enrolment in enrolments:
        sittings = hours.get(enrolment.session_id, {})
        planned = sum(sittings.values(), Decimal(0))
        done = sum(
            (h for pk, h in sittings.items() if pk in attended.get(enrolment.pk, ())), Decimal(0)
        )
        enrolment.summary = AttendanceSummary(
            planned.quantize(Decimal("0.01")), done.quantize(Decimal("0.01"))
        )
        threshold = enrolment.session.course.completion_threshold
        (result.earned if enrolment.summary.reaches(threshold) else result.below).append(enrolment)
    return result
