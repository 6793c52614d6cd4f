"""Readable at 320 px wide and at 200 % zoom (WCAG 1.4.10 reflow, 1.4.4 resize text)."""

from tests.browser.conftest import assert_no_horizontal_scroll

SCREENSHOTS_NAME = "home"


def test_the_home_page_reflows_at_320_pixels(browser, site_url):
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="fr-FR")
    page = context.new_page()
    page.goto(site_url + "/")
    assert_no_horizontal_scroll(page)
    page.screenshot(path="tests/browser/screenshots/home-320px.png", full_page=True)
    context.close()


def test_the_home_page_holds_at_200_percent_zoom(browser, site_url):
    # A 1280 px wide window zoomed to 200 % lays out like a 640 px wide one
    # with every CSS pixel drawn twice.
    context = browser.new_context(
        viewport={"width": 640, "height": 400}, device_scale_factor=2, locale="fr-FR"
    )
    page = context.new_page()
    page.goto(site_url + "/")
    assert_no_horizontal_scroll(page)
    font_size = page.evaluate("getComputedStyle(document.body).fontSize")
    assert float(font_size.rstrip("px")) >= 16
    page.screenshot(path="tests/browser/screenshots/home-zoom-200.png", full_page=True)
    context.close()
