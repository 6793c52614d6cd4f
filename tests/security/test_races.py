"""Races, on real connections (PostgreSQL row and advisory locks; SQLite IMMEDIATE):
the same new person enrolling in four sessions at once made two learners; two trainers
closing a session's last two sittings at once could skip the automatic certificates;
lowering the seats could race an incoming enrolment."""

import threading

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connections

from attendance.services import close_sitting
from certificates.models import Certificate
from courses.models import Learner, Session
from courses.services.enrolment import Person, enrol
from tests.certificates.test_issuing import finished_session
from tests.conftest import seed_demo
from tests.courses.factories import fill, make_course, make_session, make_venue


def race(*jobs):
    """Run the jobs at the same moment, each on its own connection; return their errors."""
    errors, barrier = [], threading.Barrier(len(jobs))

    def run(job):
        try:
            barrier.wait()
            job()
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_one_new_person_enrolling_in_four_sessions_at_once_is_one_learner(transactional_db):
    seed_demo()
    sessions = [
        make_session(make_course(f"Atelier simultané {n}"), venue=make_venue("Fosses"))
        for n in range(4)
    ]
    person = Person("Nadia", "Simultanée", phone="06 55 44 33 22", town="Fosses")
    errors = race(*[lambda s=s: enrol(s.pk, person) for s in sessions])
    assert errors == []
    assert Learner.objects.filter(last_name="Simultanée").count() == 1
    assert Learner.objects.get(last_name="Simultanée").enrolments.count() == 4


def test_closing_the_last_two_sittings_at_once_still_issues_the_certificates(transactional_db):
    seed_demo()
    session = finished_session([["present", "present"]], closed=False)
    trainer = get_user_model().objects.get(username="formateur")
    session.trainers.add(trainer)
    session.save()
    first, last = session.sittings.order_by("date")
    signature = "M10 50 L40 20 L70 60"
    errors = race(
        lambda: close_sitting(first.pk, user=trainer, signature=signature),
        lambda: close_sitting(last.pk, user=trainer, signature=signature),
    )
    assert errors == []
    assert Certificate.objects.filter(enrolment__session=session).count() == 1


def test_lowering_the_seats_while_someone_enrols_never_overbooks(transactional_db):
    seed_demo()
    session = make_session(make_course("Atelier réduit"), venue=make_venue("Louvres"), capacity=3)
    fill(session, 2)

    def lower():
        staff_copy = Session.objects.get(pk=session.pk)
        staff_copy.capacity = 2  # checked on the form: 2 confirmed, so 2 seats look fine
        staff_copy.save()

    errors = race(lower, lambda: enrol(session.pk, Person("Yanis", "Course", phone="0700000009")))
    session.refresh_from_db()
    confirmed = session.enrolments.confirmed().count()
    assert confirmed <= session.capacity
    assert all(isinstance(error, ValidationError) for error in errors)
