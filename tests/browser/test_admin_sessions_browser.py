"""A coordinator's session from start to certificates, in a real browser (desktop):
a six-week session in one form (the repetition helper, holidays left out), found again
from the list's search, then — the clock travelled past its end — its certificates
issued, reading why the people left out get none. No axe-core violations on the way.

These tests write through the live server (no test transaction): the fixture deletes
what was made.
"""

import datetime

import pytest
import time_machine

from tests.browser.conftest import assert_no_axe_violations, screenshot
from tests.courses.factories import attest

pytestmark = pytest.mark.writes_through_live_server

COURSE = "Atelier navigateur répété"
TOWN = "Fosses"


@pytest.fixture
def course(django_db_blocker):
    from tests.courses.factories import make_course, make_venue

    with django_db_blocker.unblock():
        course = make_course(COURSE, slug="atelier-navigateur-repete", completion_threshold=80)
        venue = make_venue(TOWN, name="Espace Coluche (essai)")
    yield course, venue
    from attendance.models import Attendance, AttendanceChange
    from certificates.models import Certificate
    from courses.models import Enrolment, Learner, Message, Session

    with django_db_blocker.unblock():
        mine = {"enrolment__session__course": course}
        for model in (Certificate, AttendanceChange, Attendance, Message):
            model.objects.filter(**mine).delete()
        Enrolment.objects.filter(session__course=course).delete()
        Learner.objects.filter(last_name__startswith="Navigateur-").delete()
        Session.objects.filter(course=course).delete()
        venue.delete()
        course.delete()


def login(page, site_url):
    page.goto(site_url + "/admin/login/")
    page.fill("#id_username", "coordination")
    page.fill("#id_password", "demo-numixs")
    page.locator("button[type=submit]").click()
    page.wait_for_load_state()


def choose(page, button, search, choice_selector):
    page.get_by_role("button", name=button).click()
    modal = page.locator(".modal-dialog")
    modal.locator("input[name=q]").fill(search)
    modal.locator(choice_selector, has_text=search).first.click()
    modal.wait_for(state="hidden")


def fill_date(page, selector, value):
    page.fill(selector, value)
    page.locator("#id_repeat_weeks").click()  # a click elsewhere closes the date picker


def enrol_and_mark(django_db_blocker, session):
    """Three people: all sittings, two of six (below 80 %), and one who cancelled."""
    from attendance.models import Attendance
    from courses.models import Enrolment, Learner

    with django_db_blocker.unblock():
        sittings = list(session.sittings.order_by("date"))
        people = {}
        for name, status, attended in (
            ("Assidue", "confirmed", len(sittings)),
            ("Absente", "confirmed", 2),
            ("Annulee", "cancelled", 0),
        ):
            learner = Learner.objects.create(first_name="Test", last_name=f"Navigateur-{name}")
            enrolment = Enrolment.objects.create(session=session, learner=learner, status=status)
            for sitting in sittings[:attended]:
                Attendance.objects.create(sitting=sitting, enrolment=enrolment, status="present")
            people[name] = enrolment
    return people


@pytest.mark.parametrize("page", ["desktop"], indirect=True)
def test_a_six_week_session_from_the_form_to_its_certificates(
    page, site_url, course, django_db_blocker
):
    from courses.models import Session

    login(page, site_url)
    page.goto(site_url + "/admin/snippets/courses/session/add/")
    choose(page, "Choisissez une page (Formation)", COURSE, "a.choose-page")
    choose(page, "Choisir lieu de formation", "Espace Coluche", "a[data-chooser-modal-choice]")
    # Every Friday 09:30–12:30 for 6 weeks from 18/12/2026: Christmas and New Year's Day
    # are Fridays, replaced by two more weeks.
    page.get_by_label("vendredi").check()
    page.fill("#id_repeat_start_time", "09:30")
    page.fill("#id_repeat_end_time", "12:30")
    assert_no_axe_violations(page)  # (before the date picker, Wagtail's, pops up)
    fill_date(page, "#id_repeat_first_date", "18/12/2026")
    page.fill("#id_repeat_weeks", "6")
    screenshot(page, "admin-session-form")
    page.locator("form button[type=submit]", has_text="Enregistrer").first.click()
    page.wait_for_load_state()
    message = page.locator(".messages").inner_text()
    errors = page.locator(".error-message").all_inner_texts()
    assert "6 séances, du 18/12/2026 au 05/02/2027" in message, (message, errors)
    assert "25/12/2026" in message and "01/01/2027" in message  # the holidays left out
    assert "sans date" not in message

    # Found again from the list's search (course and town, in any order).
    page.fill("#id_q", f"{TOWN} navigateur")
    page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    results = page.locator("table.listing")
    assert "18/12/2026" in results.inner_text() and COURSE in results.inner_text()
    assert_no_axe_violations(page)
    screenshot(page, "admin-session-list-search")
    results.get_by_role("link", name=COURSE).first.click()
    page.wait_for_load_state()
    assert page.locator("#id_sittings-0-date").input_value() == "18/12/2026"  # editable
    with django_db_blocker.unblock():
        session = Session.objects.get(course__slug="atelier-navigateur-repete")
        assert session.sittings.count() == 6
    people = enrol_and_mark(django_db_blocker, session)

    # Before its end the session offers no issuing.
    enrolments_url = f"{site_url}/admin/snippets/courses/session/{session.pk}/inscriptions/"
    page.goto(enrolments_url)
    assert "Délivrer les attestations méritées" not in page.content()

    # The clock travels past the last sitting (the live server runs in this process).
    with time_machine.travel(datetime.datetime(2027, 2, 8, 10, 0).astimezone(), tick=True):
        with django_db_blocker.unblock():
            attest(session)  # the trainer closed every sitting
        login(page, site_url)  # two months later, the idle staff session has ended
        page.goto(enrolments_url)
        page.get_by_role("link", name="Délivrer les attestations méritées").click()
        page.wait_for_load_state()
        table = page.locator("table.listing")
        below = table.locator(f"#verdict-{people['Absente'].pk}").inner_text()
        assert "6 h sur 18 h" in below and "33 %" in below and "80 %" in below, below
        assert "Inscription annulée" in table.inner_text()
        assert_no_axe_violations(page)
        screenshot(page, "admin-issue-reasons")
        page.get_by_role("button", name="Délivrer 1 attestation").click()
        page.wait_for_load_state()
        assert (
            "1 attestation(s) délivrée(s) ; 2 personne(s)" in page.locator(".messages").inner_text()
        )
        assert "Aucune nouvelle attestation à délivrer" in page.content()
        assert "NUMIXS-" in table.locator(f"#verdict-{people['Assidue'].pk}").inner_text()
        reason = table.locator(f"#verdict-{people['Absente'].pk}").inner_text()
        assert "Présence de 33 % des heures, pour 80 % demandés" in reason
        page.wait_for_timeout(1000)  # the message's colour fades in
        assert_no_axe_violations(page)
        screenshot(page, "admin-issue-done")
