"""Enrolling in a real browser: with and without JavaScript, into a full session, cancelling.

These tests write through the live server, so they are not wrapped in a
transaction (on SQLite an open test transaction would hold the write lock the
server needs); instead each one deletes the learners it created.
"""

import datetime

import pytest

from tests.browser.conftest import (
    VIEWPORTS,
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
    delete_learners,
    screenshot,
)

pytestmark = pytest.mark.writes_through_live_server

LAST_NAME = "Essai-Navigateur"


@pytest.fixture
def cleanup(django_db_blocker):
    yield
    delete_learners(django_db_blocker, LAST_NAME)


def _find_session(django_db_blocker, *, full):
    """A demo session far enough ahead, open, full or with at least two seats left."""
    from courses.models import Session

    with django_db_blocker.unblock():
        soon = datetime.date.today() + datetime.timedelta(days=7)
        for session in (
            Session.objects.published()
            .with_seats()
            .filter(status="open", start_date__gte=soon)
            .select_related("course")
            .order_by("start_date", "pk")
        ):
            if (session.seats_left == 0) == full and (full or session.seats_left >= 2):
                return session
    raise AssertionError("the demo has no such session")


@pytest.fixture
def open_session(django_db_blocker):
    return _find_session(django_db_blocker, full=False)


@pytest.fixture
def full_session(django_db_blocker):
    return _find_session(django_db_blocker, full=True)


def fill_form(page, suffix, email=""):
    page.fill("#id_first_name", "Léa")
    page.fill("#id_last_name", f"{LAST_NAME}-{suffix}")
    page.fill("#id_phone", "06.12.34.56.78")
    if email:
        page.fill("#id_email", email)
    page.fill("#id_town", "Villiers-le-Bel")
    page.get_by_label("Je cherche un emploi").check()


def enrolment_of(django_db_blocker, suffix):
    from courses.models import Enrolment

    with django_db_blocker.unblock():
        return Enrolment.objects.select_related("learner").get(
            learner__last_name=f"{LAST_NAME}-{suffix}"
        )


def test_enrol_from_the_course_page_fix_a_mistake_then_cancel_with_the_link(
    page, site_url, open_session, cleanup, django_db_blocker
):
    suffix = page.size_name
    page.goto(site_url + open_session.course.url)
    page.locator(f'a[href="/formations/inscription/{open_session.public_id}/"]').click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Je m'inscris"
    assert "places restantes" in page.locator(".summary-box").inner_text()
    screenshot(page, "enrol-form")
    assert_no_horizontal_scroll(page)
    assert_no_axe_violations(page)

    # A mistake: no contact, a phone number that is not French. Everything typed stays.
    page.fill("#id_first_name", "Léa")
    page.fill("#id_last_name", f"{LAST_NAME}-{suffix}")
    page.fill("#id_phone", "12345")
    page.fill("#id_town", "95400")
    page.get_by_label("Je cherche un emploi").check()
    page.get_by_role("button", name="Confirmer mon inscription").click()
    page.wait_for_load_state()
    assert "numéro français" in page.locator("#id_phone_error").inner_text()
    # The summary at the top lists the errors, takes focus, and the title says so.
    assert page.evaluate("document.activeElement.matches('[data-error-summary]')")
    assert page.title().startswith("Erreur : ")
    assert page.input_value("#id_phone") == "12345"
    assert page.input_value("#id_last_name") == f"{LAST_NAME}-{suffix}"
    assert page.input_value("#id_town") == "95400"
    screenshot(page, "enrol-form-errors")
    assert_no_axe_violations(page)

    page.fill("#id_phone", "06 12 34 56 78")
    page.get_by_role("button", name="Confirmer mon inscription").click()
    page.wait_for_load_state()
    assert "vous êtes inscrit(e)" in page.locator("h1").inner_text()
    # No e-mail given: an SMS, the reference to read out, a short way back.
    assert "Nous vous avons envoyé un SMS" in page.content()
    assert (
        page.locator(".reference__code").inner_text()
        == enrolment_of(django_db_blocker, suffix).reference
    )
    assert page.locator(".manage-link").is_visible()
    screenshot(page, "enrol-confirmation")
    assert_no_horizontal_scroll(page)
    assert_no_axe_violations(page)
    enrolment = enrolment_of(django_db_blocker, suffix)
    assert enrolment.status == "confirmed" and enrolment.learner.phone == "06 12 34 56 78"

    # Later, from the link: cancel, with a confirmation step.
    page.goto(page.locator(".manage-link").get_attribute("href"))
    page.get_by_role("link", name="Annuler mon inscription").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Oui, j'annule mon inscription").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Votre inscription est annulée"
    assert_no_axe_violations(page)
    assert enrolment_of(django_db_blocker, suffix).status == "cancelled"


@pytest.mark.parametrize("page", ["phone"], indirect=True)
def test_enrol_on_a_phone_without_javascript(
    browser, page, site_url, open_session, cleanup, django_db_blocker
):
    context = browser.new_context(locale="fr-FR", java_script_enabled=False, **VIEWPORTS["phone"])
    nojs = context.new_page()
    nojs.size_name = "phone-nojs"
    nojs.goto(f"{site_url}/formations/inscription/{open_session.public_id}/")
    fill_form(nojs, "nojs", email="lea.nojs@example.org")
    nojs.get_by_role("button", name="Confirmer mon inscription").click()
    nojs.wait_for_load_state()
    assert "vous êtes inscrit(e)" in nojs.locator("h1").inner_text()
    assert "Vous recevez un e-mail" in nojs.content()
    # Without scripts the print button would do nothing: it is not shown.
    assert not nojs.locator("[data-print]").is_visible()
    screenshot(nojs, "enrol-confirmation")
    context.close()
    assert enrolment_of(django_db_blocker, "nojs").learner.email == "lea.nojs@example.org"


def test_enrol_into_a_full_session_lands_on_the_waiting_list(
    page, site_url, full_session, cleanup, django_db_blocker
):
    suffix = f"full-{page.size_name}"
    page.goto(f"{site_url}/formations/inscription/{full_session.public_id}/")
    assert "liste d'attente" in page.locator(".summary-box").inner_text()
    fill_form(page, suffix)
    page.get_by_role("button", name="M'inscrire sur la liste d'attente").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Vous êtes sur la liste d'attente"
    assert "Vous êtes en position" in page.locator(".lead").inner_text()
    screenshot(page, "enrol-waiting-list")
    assert_no_axe_violations(page)
    enrolment = enrolment_of(django_db_blocker, suffix)
    assert enrolment.status == "waitlisted"


@pytest.mark.parametrize("page", ["desktop"], indirect=True)
def test_a_referral_code_and_consent_from_the_form(
    page, site_url, open_session, cleanup, django_db_blocker
):
    page.goto(f"{site_url}/formations/inscription/{open_session.public_id}/")
    fill_form(page, "referral")
    page.fill("#id_referral_code", "ftsarc")
    page.get_by_label("J'accepte que cette structure suive ma présence").check()
    page.get_by_role("button", name="Confirmer mon inscription").click()
    page.wait_for_load_state()
    assert "vous êtes inscrit(e)" in page.locator("h1").inner_text()
    enrolment = enrolment_of(django_db_blocker, "referral")
    with django_db_blocker.unblock():
        assert enrolment.referrer.name == "France Travail Sarcelles"
    assert enrolment.referrer_consent


@pytest.fixture
def tiny_session(django_db_blocker):
    """A one-seat session of its own, with one person confirmed and one waiting."""
    from courses.services.enrolment import Person, enrol
    from tests.courses.factories import make_course, make_session

    with django_db_blocker.unblock():
        course = make_course("Atelier du test navigateur", slug="atelier-test-navigateur")
        session = make_session(course, capacity=1)
        enrol(session.pk, Person("Léa", f"{LAST_NAME}-seat", phone="06 12 34 56 78"))
        enrol(session.pk, Person("Noé", f"{LAST_NAME}-waits", email="noe@example.org"))
    yield session
    with django_db_blocker.unblock():
        from courses.models import Enrolment

        Enrolment.objects.filter(session=session).delete()
        session.delete()
        course.delete()


@pytest.mark.parametrize("page", ["desktop"], indirect=True)
def test_staff_cancel_from_the_sessions_page_and_the_first_waiting_is_promoted(
    page, site_url, tiny_session, cleanup, django_db_blocker
):
    page.goto(site_url + "/admin/login/")
    page.fill("#id_username", "coordination")
    page.fill("#id_password", "demo-numixs")
    page.locator("button[type=submit]").click()
    page.wait_for_load_state()
    page.goto(f"{site_url}/admin/snippets/courses/session/{tiny_session.pk}/inscriptions/")
    assert "Places confirmées (1)" in page.content()
    screenshot(page, "admin-session-enrolments")
    page.locator("#confirmed-title + table").get_by_role(
        "button", name="Annuler l'inscription"
    ).click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Oui, annuler l'inscription").click()
    page.wait_for_load_state()
    assert "est annulée" in page.content()
    confirmed = page.locator("#confirmed-title + table").inner_text()
    assert "Noé" in confirmed and "À appeler" not in confirmed  # has an e-mail
    screenshot(page, "admin-session-enrolments-after-cancel")
    enrolment = enrolment_of(django_db_blocker, "waits")
    assert enrolment.status == "confirmed" and enrolment.promoted_at is not None
