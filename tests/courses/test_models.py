import datetime

import pytest
from django.utils import timezone
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from courses.models import CataloguePage, CoursePage, Session
from courses.models.sessions import finished_q
from home.models import HomePage, StandardPage
from tests.courses.factories import fill, make_course, make_session

pytestmark = pytest.mark.django_db


class TestCatalogueTree(WagtailPageTestCase):
    def test_courses_live_only_under_the_catalogue(self):
        self.assertAllowedParentPageTypes(CoursePage, {CataloguePage})
        self.assertAllowedSubpageTypes(CoursePage, set())

    def test_there_is_one_catalogue_under_the_home_page(self):
        self.assertAllowedParentPageTypes(CataloguePage, {HomePage})
        self.assertAllowedSubpageTypes(CataloguePage, {CoursePage})
        self.assertAllowedSubpageTypes(HomePage, {CataloguePage, StandardPage})
        assert CataloguePage.max_count == 1
        assert not CataloguePage.can_create_at(HomePage.objects.get())  # one exists already

    def test_a_course_cannot_sit_at_the_site_root(self):
        assert not CoursePage.can_create_at(Page.get_first_root_node())


def test_seats_left_counts_confirmed_enrolments_only(home_page):
    session = make_session(make_course(), capacity=5)
    fill(session, 3)
    fill(session, 2, status="waitlisted")
    assert session.seats_left == 2
    fill(session, 2)
    session = Session.objects.with_seats().get(pk=session.pk)
    assert session.seats_left == 0 and session.is_full


def test_a_session_knows_its_first_and_last_day_from_its_sittings(home_page):
    session = make_session(make_course(), days=(10, 3, 17))
    today = datetime.date.today()
    assert session.start_date == today + datetime.timedelta(days=3)
    assert session.end_date == today + datetime.timedelta(days=17)
    session.sittings.filter(date=session.start_date).delete()
    session.refresh_from_db()
    assert session.start_date == today + datetime.timedelta(days=10)


def test_a_sitting_that_ends_before_it_starts_is_refused(home_page):
    from django.core.exceptions import ValidationError

    session = make_session(make_course())
    sitting = session.sittings.first()
    sitting.end_time = datetime.time(8, 0)
    with pytest.raises(ValidationError):
        sitting.full_clean()


def test_upcoming_sessions_are_open_and_not_started(home_page):
    course = make_course()
    future = make_session(course, days=(5,))
    make_session(course, days=(-5,))
    make_session(course, days=(6,), status="cancelled")
    assert list(Session.objects.filter(course=course).upcoming()) == [future]


def test_the_demo_catalogue_is_believable(demo_site):
    assert CoursePage.objects.live().count() >= 25
    for field in ("for_jobseekers", "for_artisans", "for_shopkeepers", "for_everyone"):
        assert CoursePage.objects.filter(**{field: True}).count() >= 3
    sessions = Session.objects.with_seats()
    today = datetime.date.today()
    assert sessions.filter(start_date__lt=today - datetime.timedelta(days=60)).exists()
    assert sessions.filter(start_date__gt=today + datetime.timedelta(days=90)).exists()
    assert any(session.is_full for session in sessions.upcoming())
    towns = set(Session.objects.values_list("venue__town", flat=True))
    assert {"Sarcelles", "Goussainville", "Garges-lès-Gonesse", "Mitry-Mory"} <= towns


def test_shopkeepers_courses_meet_on_monday_mornings(demo_site):
    course = CoursePage.objects.get(slug="click-and-collect")
    for session in Session.objects.filter(course=course):
        for sitting in session.sittings.all():
            assert sitting.date.weekday() == 0 and sitting.start_time.hour < 12


def test_finished_sessions_are_the_same_in_python_and_in_sql(home_page):
    """`Session.is_finished` and its SQL twin `finished_q` are one rule: they must agree."""
    course = make_course("Atelier fini ou pas")
    now = timezone.localtime()  # the pinned clock (tests/conftest.py)
    hour = now.time().replace(minute=0, second=0, microsecond=0)
    before, after = (
        datetime.datetime.combine(now.date(), hour) + datetime.timedelta(hours=h) for h in (-2, 2)
    )
    sessions = [
        make_session(course, days=(-3,)),  # ended days ago
        make_session(course, days=(3,)),  # to come
        make_session(course, days=(-3, 2)),  # begun, not over
        make_session(course, days=(-3,), status="cancelled"),  # cancelled: never finished
        make_session(course, days=(3,), status="finished"),  # staff marked it finished
        make_session(course, days=()),  # no sitting yet
    ]
    if before.date() == now.date() and after.date() == now.date():
        sessions += [  # today: over once its last sitting has ended
            make_session(
                course,
                days=(0,),
                start=before.time(),
                end=(before + datetime.timedelta(hours=1)).time(),
            ),
            make_session(
                course,
                days=(0,),
                start=now.time().replace(second=0, microsecond=0),
                end=after.time(),
            ),
        ]
    closed = make_session(course, days=(2, 3))  # every sitting closed ahead of time
    closed.sittings.update(closed_at=now)
    sessions.append(closed)
    expected = {session.pk for session in sessions if session.is_finished(now)}
    found = set(
        Session.objects.filter(pk__in=[s.pk for s in sessions])
        .filter(finished_q(now))
        .values_list("pk", flat=True)
    )
    assert found == expected
    assert expected >= {sessions[0].pk, sessions[4].pk, closed.pk}
    assert not expected & {sessions[1].pk, sessions[2].pk, sessions[3].pk, sessions[5].pk}


def test_a_reference_already_taken_is_never_given_twice(home_page):
    """Six characters can collide: a new enrolment (one by one, or in bulk) gets another."""
    from courses.models import Enrolment, Learner
    from tests.courses.factories import make_course, make_session, make_venue

    session = make_session(make_course("Atelier références"), venue=make_venue("Fosses"))
    first = Enrolment.objects.create(
        session=session, learner=Learner.objects.create(first_name="A", last_name="Un")
    )
    again = Enrolment(
        session=session,
        learner=Learner.objects.create(first_name="B", last_name="Deux"),
        reference=first.reference,
    )
    again.save()
    batch = [
        Enrolment(
            session=session,
            learner=Learner.objects.create(first_name="C", last_name=f"Trois{n}"),
            reference=first.reference,
        )
        for n in range(3)
    ]
    Enrolment.objects.bulk_create(batch)
    references = list(Enrolment.objects.filter(session=session).values_list("reference", flat=True))
    assert len(references) == 5 == len(set(references))
