"""Search in a real browser: from the header on a phone, the suggestions with the keyboard only.

Searching records hits and searches without results (for editors) through the
live server, hence the mark; the test removes what it recorded.
"""

import pytest

from tests.browser.conftest import (
    VIEWPORTS,
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
    screenshot,
)

pytestmark = pytest.mark.writes_through_live_server


@pytest.fixture
def forget_searches(django_db_blocker):
    yield
    from wagtail.contrib.search_promotions.models import Query

    from search.models import ZeroResultQuery

    with django_db_blocker.unblock():
        ZeroResultQuery.objects.all().delete()
        Query.objects.all().delete()


def open_page(browser, size):
    context = browser.new_context(locale="fr-FR", **VIEWPORTS[size])
    page = context.new_page()
    page.size_name = size
    return context, page


def test_search_from_the_header_on_a_phone(browser, site_url, forget_searches):
    context, page = open_page(browser, "phone")
    page.goto(site_url + "/")
    box = page.get_by_role("combobox", name="Rechercher une formation")
    assert not box.is_visible()  # folded behind its button in the compact header
    page.locator("[data-search-toggle]").tap()
    assert page.evaluate("document.activeElement.id") == "header-search-q"
    box.fill("demarche en ligne")
    box.press("Enter")
    page.wait_for_url("**/recherche/?q=demarche+en+ligne")
    first = page.locator(".search-results .course-card__title").first
    assert first.inner_text() == "Faire ses démarches en ligne"
    assert page.locator(".search-results mark").count() > 0
    assert page.locator(".search-results .session-card").count() > 0
    screenshot(page, "search-results")
    assert_no_horizontal_scroll(page)
    assert_no_axe_violations(page)

    page.goto(site_url + "/recherche/?q=plomberie+sanitaire")
    assert "Aucun résultat" in page.locator("h2#results-title").inner_text()
    assert page.get_by_role("link", name="Appeler le").first.is_visible()
    screenshot(page, "search-empty")
    assert_no_axe_violations(page)
    context.close()


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_the_suggestions_with_the_keyboard_only(browser, site_url, size, forget_searches):
    context, page = open_page(browser, size)
    page.goto(site_url + "/formations/")
    for _ in range(20):  # Tab from the top of the page to the search box
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('[data-search-toggle]')"):
            page.keyboard.press("Enter")  # on a phone the box opens from its button
        if page.evaluate("document.activeElement.id") == "header-search-q":
            break
    else:
        pytest.fail("the search box cannot be reached with Tab")
    page.keyboard.type("ordi")
    listbox = page.get_by_role("listbox", name="Formations suggérées")
    listbox.wait_for(state="visible")
    box = page.get_by_role("combobox", name="Rechercher une formation")
    assert box.get_attribute("aria-expanded") == "true"
    options = listbox.get_by_role("option")
    assert options.count() >= 1
    assert "ordinateur" in options.first.inner_text()
    assert "formations suggérées" in page.locator("[data-combobox-status]").inner_text()
    assert_no_axe_violations(page)  # with the suggestions open
    screenshot(page, "search-suggestions")

    page.keyboard.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == options.first.get_attribute("id")
    assert options.first.get_attribute("aria-selected") == "true"
    page.keyboard.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    page.keyboard.press("ArrowDown")  # opens again
    listbox.wait_for(state="visible")
    page.keyboard.press("ArrowDown")
    target, url = options.first.inner_text(), options.first.get_attribute("data-url")
    assert url.startswith("/formations/")
    page.keyboard.press("Enter")
    page.wait_for_url("**" + url)
    assert page.locator("h1").inner_text() == target
    context.close()


def test_without_javascript_the_header_box_still_searches(browser, site_url, forget_searches):
    context = browser.new_context(locale="fr-FR", java_script_enabled=False, **VIEWPORTS["desktop"])
    page = context.new_page()
    page.goto(site_url + "/")
    page.fill("#header-search-q", "ordinateurs")
    page.get_by_role("button", name="Rechercher").first.click()
    page.wait_for_url("**/recherche/?q=ordinateurs")
    assert "Premiers pas sur un ordinateur" in page.locator(".search-results").inner_text()
    context.close()
