"""The coordinators' desk in a real browser, at desktop size, as the demo coordinator:
no accessibility violation, every panel's link leads to a list with the same count,
and nothing is requested from another site (no avatars from gravatar.com)."""

import re

import pytest

from tests.browser.conftest import assert_no_axe_violations, screenshot

pytestmark = pytest.mark.writes_through_live_server  # logging in writes the session


def log_in(page, site_url):
    page.goto(site_url + "/admin/login/")
    page.fill("#id_username", "coordination")
    page.fill("#id_password", "demo-numixs")
    page.locator("button[type=submit]").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("page", ["desktop"], indirect=True)
def test_the_desk_counts_what_its_lists_show_and_calls_no_other_site(page, site_url):
    elsewhere = []
    page.on(
        "request",
        lambda request: (
            elsewhere.append(request.url)
            if request.url.startswith(("http:", "https:")) and not request.url.startswith(site_url)
            else None
        ),
    )
    log_in(page, site_url)
    page.goto(site_url + "/admin/")
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Séances du jour").is_visible()
    screenshot(page, "admin-desk")
    assert_no_axe_violations(page)

    figures = page.locator("[data-desk-figure]")
    found = [
        (
            figure.get_attribute("data-desk-figure"),
            int(figure.get_attribute("data-desk-count")),
            figure.locator("[data-desk-link]").get_attribute("href"),
        )
        for figure in figures.all()
    ]
    assert len(found) == 7
    for key, count, href in found:
        assert count > 0, f"the demo leaves {key} empty"
        page.goto(site_url + href)
        page.wait_for_load_state("networkidle")
        shown = page.locator("h2[role=alert]").inner_text()
        assert int(re.sub(r"\D", "", shown)) == count, (key, shown)
    assert elsewhere == [], f"requests to other sites: {elsewhere}"
