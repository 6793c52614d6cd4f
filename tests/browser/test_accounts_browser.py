"""The pages of trust in a real browser, at every size, checked with axe-core: a locked
login, a forgotten password, the second factor, an enrolment that already exists."""

import pytest
from django.test import override_settings

from tests.browser.conftest import assert_no_axe_violations, assert_no_horizontal_scroll, screenshot
from tests.browser.test_enrolment_browser import LAST_NAME, _find_session

pytestmark = pytest.mark.writes_through_live_server


@pytest.fixture
def forget_attempts(django_db_blocker):
    yield
    from axes.utils import reset
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from courses.models import Enrolment, Learner

    with django_db_blocker.unblock():
        reset()
        TOTPDevice.objects.filter(user__username="partenaire").delete()
        StaticDevice.objects.filter(user__username="partenaire").delete()
        Enrolment.objects.filter(learner__last_name__startswith=LAST_NAME).delete()
        Learner.objects.filter(last_name__startswith=LAST_NAME).delete()


def check(page, name):
    screenshot(page, name)
    assert_no_axe_violations(page)
    assert_no_horizontal_scroll(page)


def test_a_locked_login_says_why_and_whom_to_call(page, site_url, forget_attempts):
    page.goto(site_url + "/connexion/")
    for attempt in range(6):
        page.fill("#id_username", "partenaire")
        page.fill("#id_password", f"mauvais-{attempt}")
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_load_state()
        if "Connexion bloquée" in page.content():
            break
    assert page.get_by_role("alert").inner_text().startswith("Trop d'essais")
    assert page.locator("#contenu").get_by_role("link", name="Appeler le").is_visible()
    check(page, "login-locked")


def test_a_forgotten_password(page, site_url, forget_attempts):
    page.goto(site_url + "/connexion/")
    page.get_by_role("link", name="Mot de passe oublié ?").click()
    page.get_by_label("Adresse e-mail").fill("personne@example.org")
    page.get_by_role("button", name="Recevoir un lien").click()
    page.get_by_role("status").wait_for()
    assert "Si un compte utilise cette adresse" in page.get_by_role("status").inner_text()
    check(page, "password-reset-sent")


def test_a_partner_turns_on_the_second_factor(page, site_url, forget_attempts):
    with override_settings(NUMIXS_STAFF_2FA=True):
        page.goto(site_url + "/connexion/?next=/connexion/double-authentification/activer/")
        page.fill("#id_username", "partenaire")
        page.fill("#id_password", "demo-numixs")
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_url("**/double-authentification/activer/")
        assert page.locator(".qr-code svg").is_visible()
        check(page, "two-factor-setup")
        page.get_by_label("Code affiché par l'application").fill("000000")
        page.get_by_role("button", name="Activer").click()
        field = page.get_by_label("Code affiché par l'application")
        assert field.get_attribute("aria-invalid") == "true"
        assert page.evaluate("document.activeElement.id") == "id_code"  # focus on the error
        assert "Erreur" in page.title()
        check(page, "two-factor-setup-error")


def test_an_enrolment_that_already_exists_reveals_nothing(
    page, site_url, django_db_blocker, forget_attempts
):
    session = _find_session(django_db_blocker, full=False)
    for _time in range(2):
        page.goto(f"{site_url}/formations/inscription/{session.public_id}/")
        page.fill("#id_first_name", "Awa")
        page.fill("#id_last_name", LAST_NAME)
        page.fill("#id_phone", "06 12 34 56 78")
        page.fill("#id_town", "Sarcelles")
        page.get_by_label("Autre situation").check()
        page.get_by_role("button", name="Confirmer mon inscription").click()
        page.wait_for_load_state()
    assert "Une inscription existe déjà pour ces coordonnées" in page.content()
    assert "/mon-inscription/" not in page.content()
    check(page, "enrolment-exists")
