from tests.browser.conftest import (
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
    screenshot,
)


def open_filters(page):
    details = page.locator("details.filters")
    if not details.evaluate("el => el.open"):
        page.locator("summary.filters__toggle").click()


def test_the_catalogue_is_accessible_and_fits_the_screen(page, site_url):
    page.goto(site_url + "/formations/")
    assert page.locator(".course-card").count() == 10
    assert "sessions" in page.locator("#results-title").inner_text()
    screenshot(page, "catalogue")
    assert_no_horizontal_scroll(page)
    assert_no_axe_violations(page)


def test_filter_by_audience_and_town_then_open_a_course_and_see_seats(page, site_url):
    page.goto(site_url + "/formations/")
    open_filters(page)
    page.select_option("#id_public", "artisans")
    page.select_option("#id_ville", "Sarcelles")
    page.get_by_role("button", name="Afficher les formations").click()
    page.wait_for_load_state()
    assert "public=artisans" in page.url and "ville=Sarcelles" in page.url
    assert "theme=" not in page.url  # empty criteria stay out of the shareable address
    assert page.locator("#id_public").input_value() == "artisans"
    for place in page.locator(".session-card__place").all_inner_texts():
        assert "Sarcelles —" in place
    screenshot(page, "catalogue-filtered")
    assert_no_axe_violations(page)
    first = page.locator(".course-card__title a").first
    title = first.inner_text()
    first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == title
    seats = page.locator(".course__sessions .seats")
    assert seats.count() >= 1
    assert "place" in seats.first.inner_text() or "Complet" in seats.first.inner_text()


def test_a_course_page_is_accessible(page, site_url):
    page.goto(site_url + "/formations/premiers-pas-ordinateur/")
    assert page.locator(".course__sessions .session-card").count() >= 1
    screenshot(page, "course")
    assert_no_horizontal_scroll(page)
    assert_no_axe_violations(page)


def test_the_empty_state_offers_other_dates_and_a_phone_number(page, site_url):
    page.goto(site_url + "/formations/?ville=Fosses&theme=vendre")
    assert page.locator(".empty-state").count() == 1
    assert page.get_by_role("link", name="Appeler le 01 99 00 12 34").count() >= 1
    assert page.locator(".empty-state .session-card").count() >= 1
    screenshot(page, "catalogue-empty")
    assert_no_axe_violations(page)


def test_bad_filter_values_are_shown_next_to_their_field(page, site_url):
    page.goto(site_url + "/formations/?du=2026-13-45&public=martiens")
    assert page.locator(".notice--error").count() == 1
    assert page.locator("#id_du").get_attribute("aria-invalid") == "true"
    screenshot(page, "catalogue-errors")
    assert_no_axe_violations(page)
