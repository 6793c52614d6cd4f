"""A year of history for the funders' reports: every panel and report shows real figures.

The demo's own sessions cover the last three months and the next ones; this adds a
session of six courses every other week for the nine months before, enrolled, marked
and closed with the same builders as the rest of the demo (`demo.certificates` issues
their certificates with the others; `backdate_certificates` dates them as issued then). It
also gives the demo what the reports count: each session's funding and objective,
each topic's theme for La Coop, the learners' optional answers (year of birth, gender,
minimum income, priority neighbourhood, consent to La Coop) and how they enrolled.
Idempotent, and deterministic for a given `today`.
"""

import datetime
import random

from django.db.models import F
from django.utils import timezone

from certificates.models import Certificate
from core.communes import find
from courses.choices import (
    ActionObjective,
    CoopTheme,
    EnrolmentChannel,
    FundingSource,
    Gender,
    Situation,
    VenueKind,
)
from courses.models import CoursePage, Enrolment, Learner, Session, Topic
from demo.attendance import mark_past_sittings
from demo.catalogue import enrol_demo_learners, ensure_learners, ensure_venues, schedule_sessions

TOPIC_THEMES = {
    "demarches": CoopTheme.PROCEDURES,
    "emploi": CoopTheme.EMPLOYMENT,
    "fabrication": CoopTheme.CREATE,
    "gestion": CoopTheme.BUSINESS,
    "premiers-pas": CoopTheme.HARDWARE,
    "visibilite": CoopTheme.SOCIAL_MEDIA,
    "smartphone": CoopTheme.HARDWARE,
    "securite": CoopTheme.SECURITY,
    "vendre": CoopTheme.BUSINESS,
}
HISTORY_DAYS = range(-365, -95, 14)  # every other week, until the demo's own sessions


def ensure_funders_history(trainer, partners, today=None):
    today = today or timezone.localdate()
    for slug, theme in TOPIC_THEMES.items():
        Topic.objects.filter(slug=slug, coop_theme="").update(coop_theme=theme)
    if not Session.objects.filter(start_date__lt=today + datetime.timedelta(days=-95)).exists():
        _history(trainer, partners, today)
    _fundings()
    _learners_answers()
    _how_they_enrolled(today)


def _history(trainer, partners, today):
    rng = random.Random(2026)
    venues = list(ensure_venues().values())
    sessions = []
    for course in CoursePage.objects.live().order_by("pk")[:6]:
        sessions += schedule_sessions(course, venues, [trainer], today, rng, offsets=HISTORY_DAYS)
    enrol_demo_learners(sessions, ensure_learners(), rng, partners)
    mark_past_sittings(trainer, today=today)  # certificates: demo.certificates issues them


def backdate_certificates(today=None):
    """Certificates of sessions long over were issued the day after, not today."""
    today = today or timezone.localdate()
    certificates = Certificate.objects.filter(
        enrolment__session__end_date__lt=today - datetime.timedelta(days=7),
        issued_at__date__gt=F("enrolment__session__end_date") + datetime.timedelta(days=1),
    ).select_related("enrolment__session")
    for certificate in certificates:
        day = certificate.enrolment.session.end_date + datetime.timedelta(days=1)
        certificate.issued_at = timezone.make_aware(
            datetime.datetime.combine(day, datetime.time(10, 0))
        )
    Certificate.objects.bulk_update(certificates, ["issued_at"], batch_size=500)


def _fundings():
    """Who pays, by audience; the Numixs Lab's stops are digital-mediation workshops."""
    sessions = Session.objects.filter(
        funding=FundingSource.OWN_FUNDS, objective=ActionObjective.OTHER_TRAINING
    ).select_related("course", "venue")
    for session in sessions:
        course = session.course
        if session.venue.kind == VenueKind.LAB_STOP:
            session.objective, session.funding = ActionObjective.MEDIATION, FundingSource.STATE
        elif course.for_jobseekers:
            session.funding = (
                FundingSource.FRANCE_TRAVAIL if session.pk % 3 else FundingSource.DEPARTEMENT
            )
        elif course.for_artisans or course.for_shopkeepers:
            session.funding = FundingSource.OPCO if session.pk % 2 else FundingSource.REGION
        elif session.pk % 4 == 0:
            session.funding = FundingSource.FREE
        else:
            continue
        session.save(update_fields=["funding", "objective"])


def _learners_answers():
    """What a mediator asked once: most people answered, some did not."""
    learners = list(Learner.objects.filter(birth_year__isnull=True, erased_at__isnull=True))
    for learner in learners:
        rng = random.Random(learner.pk)
        if not learner.postcode and (commune := find(town=learner.town)):
            learner.postcode = commune.postcode
        commune = find(learner.postcode, learner.town)
        learner.insee_code = commune.insee_code if commune else ""
        if rng.random() < 0.85:
            learner.birth_year = rng.randint(1950, 2006)
            learner.gender = rng.choice([Gender.WOMAN, Gender.WOMAN, Gender.MAN, ""])
            learner.receives_minimum_income = rng.random() < 0.25
            learner.priority_neighbourhood = rng.random() < 0.35
            learner.coop_consent = rng.random() < 0.6
        if learner.situation == Situation.OTHER and rng.random() < 0.2:
            learner.situation = Situation.EMPLOYEE
    Learner.objects.bulk_update(
        learners,
        ["postcode", "insee_code", "birth_year", "gender", "receives_minimum_income",
         "priority_neighbourhood", "coop_consent", "situation"],
    )  # fmt: skip


def _how_they_enrolled(today):
    """Referred people came through their partner; some were enrolled by a mediator; the
    enrolments the seed just made are dated in the weeks before their session (or today)."""
    Enrolment.objects.filter(referrer__isnull=False, channel=EnrolmentChannel.SELF).update(
        channel=EnrolmentChannel.PARTNER
    )
    seeded = Enrolment.objects.filter(
        created_at__date__gte=today, channel__in=[EnrolmentChannel.SELF, EnrolmentChannel.PARTNER]
    ).select_related("session")
    changed = []
    for enrolment in seeded:
        rng = random.Random(enrolment.pk)
        before = min(enrolment.session.start_date, today) if enrolment.session.start_date else today
        day = before - datetime.timedelta(days=rng.randint(3, 40))
        enrolment.created_at = timezone.make_aware(
            datetime.datetime.combine(day, datetime.time(rng.randint(9, 18), rng.randint(0, 59)))
        )
        if enrolment.channel == EnrolmentChannel.SELF and rng.random() < 0.2:
            enrolment.channel = EnrolmentChannel.STAFF
        changed.append(enrolment)
    Enrolment.objects.bulk_update(changed, ["created_at", "channel"], batch_size=500)
