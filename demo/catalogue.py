"""Build the demo catalogue: topics, venues, courses, sessions with sittings, enrolments.

Dates are relative to today (sessions from three months ago to four months ahead)
and drawn from a seeded random generator, so every run builds the same shape.
"""

import datetime
import math
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from courses.choices import EnrolmentStatus, SessionStatus
from courses.models import (
    CataloguePage,
    CoursePage,
    Enrolment,
    Learner,
    Session,
    Sitting,
    Topic,
    Venue,
)
from demo.content import COURSES, TOPICS, VENUES
from demo.easy_read import EASY_READ, easy_read_for

CATALOGUE_SLUG = "formations"
MORNING = (datetime.time(9, 30), datetime.time(12, 30))
AFTERNOON = (datetime.time(14, 0), datetime.time(17, 0))
EVENING = (datetime.time(18, 0), datetime.time(21, 0))
MONDAY_MORNING = (datetime.time(9, 0), datetime.time(12, 0))
SESSION_OFFSETS = [-85, -50, -20, -6, 3, 12, 26, 45, 70, 100, 118]

FIRST_NAMES = [
    "Amina",
    "Julien",
    "Fatou",
    "Nicolas",
    "Yasmine",
    "Thomas",
    "Leïla",
    "Kevin",
    "Aïcha",
    "Mehdi",
    "Sandrine",
    "Moussa",
    "Chloé",
    "Rachid",
    "Nathalie",
    "Ibrahim",
    "Sophie",
    "Djibril",
    "Inès",
    "Mamadou",
    "Céline",
    "Samir",
    "Hawa",
    "Olivier",
]
LAST_NAMES = [
    "Diallo",
    "Martin",
    "Benali",
    "Traoré",
    "Nguyen",
    "Petit",
    "Haddad",
    "Kone",
    "Moreau",
    "Bensaïd",
    "Camara",
    "Lefebvre",
    "Da Silva",
    "Mendy",
    "Roux",
    "Cissé",
]
TOWNS = [
    "Sarcelles",
    "Garges-lès-Gonesse",
    "Villiers-le-Bel",
    "Gonesse",
    "Goussainville",
    "Arnouville",
    "Louvres",
    "Fosses",
    "Mitry-Mory",
    "Roissy-en-France",
]


def ensure_topics():
    return {
        slug: Topic.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in TOPICS
    }


def ensure_venues():
    venues = {}
    for slug, name, kind, address, postcode, town, access, transport, notes in VENUES:
        venues[slug], _ = Venue.objects.get_or_create(
            name=name,
            town=town,
            defaults={
                "kind": kind,
                "address": address,
                "postcode": postcode,
                "reduced_mobility_access": access,
                "public_transport": transport,
                "opening_notes": notes,
            },
        )
    return venues


def ensure_catalogue(home):
    catalogue = CataloguePage.objects.first()
    if catalogue is None:
        catalogue = CataloguePage(
            title="Formations",
            slug=CATALOGUE_SLUG,
            show_in_menus=True,
            intro="Toutes nos formations au numérique, gratuites pour la plupart. Choisissez "
            "vos critères : pour qui, où, quand.",
        )
        home.add_child(instance=catalogue)
        catalogue.save_revision().publish()
    return catalogue


def _course_fields(spec, topics):
    (
        slug,
        title,
        topic,
        audiences,
        level,
        fmt,
        hours,
        summary,
        objectives,
        skills,
        prerequisites,
        price,
        _venues,
    ) = spec
    return {
        "slug": slug,
        "title": title,
        "summary": summary,
        "easy_read": easy_read_for(slug, title),
        "topic": topics[topic],
        "objectives": "\n".join(objectives),
        "skills": "\n".join(skills),
        "prerequisites": prerequisites,
        "price": Decimal(price),
        "level": level,
        "format": fmt,
        "duration_hours": Decimal(hours),
        "for_jobseekers": "jobseekers" in audiences,
        "for_artisans": "artisans" in audiences,
        "for_shopkeepers": "shopkeepers" in audiences,
        "for_everyone": "everyone" in audiences,
        "programme": [("step", {"title": objective, "text": ""}) for objective in objectives],
    }


def _slots(course, rng):
    """The weekly rhythm a course's audience can attend."""
    if course.for_shopkeepers and not (course.for_jobseekers or course.for_everyone):
        return [MONDAY_MORNING], [0]  # shops are closed on Monday mornings
    if course.for_artisans and not (course.for_jobseekers or course.for_everyone):
        return [EVENING, MORNING], [0, 1, 3]
    return [MORNING, AFTERNOON], [0, 1, 2, 3, 4]


def _sittings_for(course, start, rng):
    """Dated sittings of about three hours covering the course's duration."""
    hours = float(course.duration_hours)
    count = max(1, math.ceil(hours / 3))
    slots, weekdays = _slots(course, rng)
    slot = rng.choice(slots)
    day = start
    sittings = []
    while len(sittings) < count:
        if day.weekday() in weekdays:
            start_time, end_time = slot
            if hours < 3:
                end_time = (
                    datetime.datetime.combine(day, start_time) + datetime.timedelta(hours=hours)
                ).time()
            sittings.append((day, start_time, end_time))
        day += datetime.timedelta(days=1)
    return sittings


def ensure_learners():
    if Learner.objects.filter(email__endswith="@exemple.numixs").exists():
        return list(Learner.objects.filter(email__endswith="@exemple.numixs"))
    rng = random.Random(7)
    learners = []
    for index in range(120):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        has_email = index % 4 != 0  # a quarter of learners have no e-mail address
        learners.append(
            Learner(
                first_name=first,
                last_name=last,
                town=rng.choice(TOWNS),
                email=f"{first}.{last}.{index}@exemple.numixs".lower().replace(" ", "")
                if has_email
                else "",
                phone=f"06 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} "
                f"{rng.randint(10, 99)}",
            )
        )
    return Learner.objects.bulk_create(learners)


def schedule_sessions(course, venues, trainers, today, rng, offsets=SESSION_OFFSETS):
    """Create sessions (with sittings) of `course` at `venues`; returns them."""
    sessions, sittings = [], []
    for offset in offsets:
        venue = rng.choice(venues)
        dates = _sittings_for(course, today + datetime.timedelta(days=offset), rng)
        finished = dates[-1][0] < today
        session = Session(
            course=course,
            venue=venue,
            capacity=rng.choice([8, 10, 12]),
            status=SessionStatus.FINISHED if finished else SessionStatus.OPEN,
            start_date=dates[0][0],
            end_date=dates[-1][0],
        )
        sessions.append(session)
        sittings.append(dates)
    Session.objects.bulk_create(sessions)
    Sitting.objects.bulk_create(
        [
            Sitting(session=session, date=day, start_time=start, end_time=end)
            for session, dates in zip(sessions, sittings, strict=True)
            for day, start, end in dates
        ]
    )
    Session.trainers.through.objects.bulk_create(
        [
            Session.trainers.through(session_id=session.pk, user_id=trainer.pk)
            for session in sessions
            for trainer in trainers
        ]
    )
    return sessions


def enrol_demo_learners(sessions, learners, rng, partners=()):
    """Fill sessions: some full with a waiting list, most partly, a few empty.

    About one person in five was referred by a partner; most of them agreed
    that the partner follows them, some did not.
    """
    enrolments = []
    for session in sessions:
        shape = rng.random()
        if shape < 0.2:
            confirmed, waiting = session.capacity, rng.randint(1, 3)
        elif shape < 0.35:
            confirmed, waiting = session.capacity - rng.randint(1, 3), 0
        else:
            confirmed, waiting = rng.randint(0, session.capacity // 2), 0
        people = rng.sample(learners, confirmed + waiting)
        for position, learner in enumerate(people):
            is_waiting = position >= confirmed
            enrolments.append(
                Enrolment(
                    session=session,
                    learner=learner,
                    status=EnrolmentStatus.WAITLISTED if is_waiting else EnrolmentStatus.CONFIRMED,
                    waitlist_position=position - confirmed + 1 if is_waiting else None,
                    **_referral(rng, partners),
                )
            )
    Enrolment.objects.bulk_create(enrolments)


def _referral(rng, partners):
    if not partners or rng.random() >= 0.2:
        return {}
    consent = rng.random() < 0.8
    return {
        "referrer": rng.choice(partners),
        "referrer_consent": consent,
        "referrer_consent_at": timezone.now() if consent else None,
    }


@transaction.atomic
def build_catalogue(home, trainers, partners=(), today=None):
    """The demo catalogue; courses that already exist are left as editors made them."""
    today = today or datetime.date.today()
    topics, venues = ensure_topics(), ensure_venues()
    catalogue = ensure_catalogue(home)
    learners = ensure_learners()
    rng = random.Random(2026)
    # Demo courses seeded before the easy-to-read block existed get theirs.
    for slug, text in EASY_READ.items():
        CoursePage.objects.filter(slug=slug, easy_read="").update(easy_read=text)
    for spec in COURSES:
        if CoursePage.objects.filter(slug=spec[0]).exists():
            continue
        course = CoursePage(**_course_fields(spec, topics))
        catalogue.add_child(instance=course)
        course.save_revision().publish()
        sessions = schedule_sessions(
            course, [venues[slug] for slug in spec[-1]], trainers, today, rng
        )
        enrol_demo_learners(sessions, learners, rng, partners)
    return catalogue


@transaction.atomic
def build_large_catalogue(catalogue, trainers, courses, sessions, today=None):
    """Generated courses and sessions on top of the demo, for benchmarks (`--courses/--sessions`).

    Pages are added live without a revision, and sessions in bulk, so that a
    thousand courses and ten thousand sessions take seconds, not minutes.
    """
    today = today or datetime.date.today()
    topics, venues = ensure_topics(), list(ensure_venues().values())
    learners = ensure_learners()
    rng = random.Random(len(COURSES) + courses)
    existing = CoursePage.objects.filter(slug__startswith="formation-generee-").count()
    for number in range(existing + 1, courses + 1):
        spec = COURSES[number % len(COURSES)]
        fields = _course_fields(spec, topics)
        fields.update(slug=f"formation-generee-{number}", title=f"{spec[1]} (groupe {number})")
        catalogue.add_child(instance=CoursePage(**fields))
    all_courses = list(CoursePage.objects.all())
    missing = sessions - Session.objects.count()
    if missing <= 0:
        return
    per_course = math.ceil(missing / len(all_courses))
    created = []
    for course in all_courses:
        if len(created) >= missing:
            break
        offsets = [rng.randint(-90, 120) for _ in range(min(per_course, missing - len(created)))]
        created += schedule_sessions(course, venues, trainers, today, rng, offsets)
    enrol_demo_learners(created, learners, rng)


def ensure_possible_duplicate():
    """A record a public enrolment flagged as a possible duplicate (same name and phone as
    a known learner, other details): coordinators see "Doublon possible" and merge it."""
    if Learner.objects.filter(duplicate_of__isnull=False).exists():
        return
    known = Learner.objects.exclude(email="").exclude(phone="").order_by("pk").first()
    session = (
        Session.objects.filter(status=SessionStatus.OPEN)
        .upcoming()
        .exclude(enrolments__learner=known)
        .order_by("start_date", "pk")
        .first()
    )
    if known is None or session is None:
        return
    duplicate = Learner.objects.create(
        first_name=known.first_name,
        last_name=known.last_name,
        phone=known.phone,
        email="nouvelle.adresse@exemple.numixs",
        town="Garges-lès-Gonesse" if known.town != "Garges-lès-Gonesse" else "Louvres",
        duplicate_of=known,
    )
    Enrolment.objects.create(session=session, learner=duplicate, status=EnrolmentStatus.CONFIRMED)
