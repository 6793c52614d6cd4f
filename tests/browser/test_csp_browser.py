"""The Content-Security-Policy enforced in a real browser: every page's JavaScript still
runs (it is all in files under /static/), and no resource or script is blocked."""

import pytest

from tests.browser.conftest import VIEWPORTS, screenshot


@pytest.fixture
def strict(browser):
    """A browser that enforces the policy and records every violation and script error."""
    context = browser.new_context(locale="fr-FR", **VIEWPORTS["desktop"])
    page = context.new_page()
    page.size_name = "desktop"
    page.problems = []
    page.on(
        "console",
        lambda message: (
            page.problems.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    yield page
    context.close()


def login(page, site_url, username, area):
    page.goto(f"{site_url}/connexion/?next={area}")
    page.fill("#id_username", username)
    page.fill("#id_password", "demo-numixs")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"**{area}")


def test_public_pages_run_their_scripts_under_the_policy(strict, site_url):
    page = strict
    page.goto(site_url + "/")
    box = page.get_by_role("combobox", name="Rechercher une formation")
    box.fill("ordi")
    page.get_by_role("option").first.wait_for()  # search-combobox.js ran and fetched
    page.goto(site_url + "/formations/")
    page.get_by_role("button", name="Voir les formations").first.is_visible()
    page.goto(site_url + "/certificats/verifier/")
    page.goto(site_url + "/connexion/mot-de-passe-oublie/")
    screenshot(page, "csp-public")
    assert page.problems == []


def test_the_learners_print_button_appears_under_the_policy(strict, site_url, django_db_blocker):
    from courses.links import manage_url
    from courses.models import Enrolment

    with django_db_blocker.unblock():
        # A place still to come (a certificate's page has no "Et maintenant ?" to print).
        upcoming = Enrolment.objects.filter(
            status="confirmed", session__status="open", certificate__isnull=True
        ).order_by("pk")
        link = manage_url(upcoming.first())
    strict.goto(site_url + link)
    strict.get_by_role("button", name="Imprimer cette page").wait_for()  # print.js ran
    assert strict.problems == []


@pytest.mark.writes_through_live_server  # logging in writes the session
def test_the_trainer_area_runs_its_scripts_under_the_policy(strict, site_url):
    login(strict, site_url, "formateur", "/formateur/")
    strict.wait_for_load_state("networkidle")
    assert strict.evaluate("typeof window.NumixsOutbox") == "object"  # roster.js ran
    assert strict.problems == []


@pytest.mark.writes_through_live_server  # logging in writes the session
def test_the_partner_area_runs_its_scripts_under_the_policy(strict, site_url):
    login(strict, site_url, "partenaire", "/partenaires/")
    strict.wait_for_load_state("networkidle")
    assert strict.problems == []
