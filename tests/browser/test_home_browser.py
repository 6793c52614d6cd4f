from tests.browser.conftest import (
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
    screenshot,
)


def test_the_home_page_is_accessible_and_fits_the_screen(page, site_url):
    page.goto(site_url + "/")
    assert page.locator("h1").inner_text() == (
        "Apprenez le numérique près de chez vous, gratuitement"
    )
    assert page.locator(".tile").count() == 4
    screenshot(page, "home")
    assert_no_horizontal_scroll(page)
    assert_no_axe_violations(page)


def test_entry_point_tiles_are_large_targets_that_open_their_page(page, site_url):
    page.goto(site_url + "/")
    tile = page.locator(".tile").first
    box = tile.bounding_box()
    assert box["height"] >= 48 and box["width"] >= 200
    link = tile.locator(".tile__link")
    link_box = link.bounding_box()
    assert link_box["height"] >= 48
    if page.size_name == "desktop":
        tile.click(position={"x": 20, "y": 20})  # anywhere on the tile
    else:
        link.tap()
    # A tap does not wait for the navigation it starts: wait for the catalogue itself.
    page.wait_for_url("**/formations/?*")
    assert page.locator("h1").inner_text() == "Formations"
    assert "public=demandeurs-emploi" in page.url
    assert page.locator("#id_public").input_value() == "demandeurs-emploi"


def test_the_skip_link_is_the_first_stop_and_jumps_to_the_content(page, site_url):
    if page.size_name == "phone":
        return  # keyboard navigation is checked on tablet and desktop sizes
    page.goto(site_url + "/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert skip.bounding_box()["y"] >= 0  # visible once focused
    screenshot(page, "home-skip-link-focused")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"


def test_the_404_page_is_accessible_and_offers_a_way_back(page, site_url):
    response = page.goto(site_url + "/une-adresse-inconnue/")
    assert response.status == 404
    screenshot(page, "not-found")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Voir les formations").click()
    page.wait_for_load_state()
    assert page.url == site_url + "/formations/"


def test_a_content_page_is_accessible(page, site_url):
    page.goto(site_url + "/accessibilite/")
    screenshot(page, "accessibility-statement")
    assert_no_horizontal_scroll(page)
    assert_no_axe_violations(page)
