"""Builders for catalogue objects with sensible defaults."""

import datetime

from django.utils import timezone

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


def make_course(title="Atelier test", slug=None, **fields):
    catalogue = CataloguePage.objects.get()
    defaults = {
        "summary": "Un atelier pour tester.",
        "easy_read": "Un atelier pour tester.\nC'est gratuit.",
        "objectives": "Tester",
        "duration_hours": 3,
        "for_everyone": True,
        "topic": Topic.objects.get(slug="premiers-pas"),
    }
    defaults.update(fields)
    course = CoursePage(title=title, slug=slug or title.lower().replace(" ", "-"), **defaults)
    catalogue.add_child(instance=course)
    course.save_revision().publish()
    return course


def make_venue(town="Sarcelles", **fields):
    defaults = {
        "name": f"Salle de {town}",
        "kind": "partenaire",
        "address": "1 rue de la Gare",
        "postcode": "95200",
    }
    defaults.update(fields)
    return Venue.objects.create(town=town, **defaults)


def make_session(
    course,
    venue=None,
    days=(7,),
    start=datetime.time(9, 30),
    end=datetime.time(12, 30),
    capacity=10,
    **fields,
):
    """A session with one sitting per offset in `days` (from today)."""
    session = Session.objects.create(
        course=course, venue=venue or make_venue(), capacity=capacity, **fields
    )
    today = datetime.date.today()
    for offset in days:
        Sitting.objects.create(
            session=session,
            date=today + datetime.timedelta(days=offset),
            start_time=start,
            end_time=end,
        )
    session.refresh_from_db()
    return session


def fill(session, count, status="confirmed"):
    for index in range(count):
        learner = Learner.objects.create(first_name="Test", last_name=f"N{index}-{session.pk}")
        Enrolment.objects.create(session=session, learner=learner, status=status)


def attest(session):
    """Close every sitting of `session`, as the trainer's signature does: certificates need it."""
    # The clock is tests/conftest.py's pinned one (time-machine), whatever the day of the run.
    session.sittings.update(closed_at=timezone.now())
    return session
