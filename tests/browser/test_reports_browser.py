"""A coordinator reports to the funders, in a real browser: from this month's figure on the
admin's home page to its report, a new period and a filter, the workbook downloaded and
read back; a period ending before it starts is announced and focused. No axe-core
violations; on a phone the page does not scroll sideways (wide tables scroll in a box).
"""

import io

import openpyxl
import pytest

from tests.browser.conftest import assert_no_axe_violations, assert_no_horizontal_scroll, screenshot
from tests.browser.test_admin_sessions_browser import login

pytestmark = pytest.mark.writes_through_live_server  # logging in writes the session


@pytest.mark.parametrize("page", ["desktop"], indirect=True)
def test_from_the_month_at_a_glance_to_a_funders_workbook(page, site_url):
    login(page, site_url)
    month = page.get_by_role("heading", name="Ce mois-ci : Décembre 2026")
    month.wait_for()
    screenshot(page, "admin-home-month")
    page.get_by_role("link", name="Tous les rapports pour les financeurs").wait_for()
    figure = page.locator("dl.numixs-month__figures div", has_text="Heures dispensées")
    figure.get_by_role("link").click()
    page.wait_for_load_state()
    assert "/admin/rapports/activite/" in page.url
    page.get_by_role("heading", name="Activité — Décembre 2026").wait_for()

    # A new period and a filter: this year's Numixs Lab stops at Goussainville.
    page.fill("#id_start", "01/01/2026")
    page.keyboard.press("Escape")  # the date picker closes
    page.fill("#id_end", "30/11/2026")
    page.keyboard.press("Escape")
    page.select_option("#id_town", "Goussainville")
    page.get_by_role("button", name="Afficher le rapport").click()
    page.wait_for_load_state()
    page.get_by_role("heading", name="Activité — du 01/01/2026 au 30/11/2026").wait_for()
    months = page.locator("table", has=page.locator("caption", has_text="Par mois"))
    total_people = months.locator("tfoot td").nth(3).inner_text()
    assert int(total_people) > 0
    assert page.locator("#id_town").input_value() == "Goussainville"  # the filter is kept
    # Each chart is an image named by its title, described next to its table.
    chart = page.get_by_role("img", name="Activité — Par mois")
    assert chart.count() == 1
    assert_no_axe_violations(page)
    screenshot(page, "admin-report-activity")

    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le classeur (XLSX)").click()
    book = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))
    assert book.sheetnames[0] == "Par mois" and "Par public" in book.sheetnames
    sheet = book["Par mois"]
    totals = [row for row in sheet.iter_rows(values_only=True) if row[0] == "Total"][0]
    people = totals[4]
    assert people == int(total_people) or (people == "< 5" and int(total_people) < 5)
    assert any(
        "Commune : Goussainville" in str(row[0]) for row in sheet.iter_rows(values_only=True)
    )

    # An end before the start: the report is not computed, the summary says why and has
    # the focus (the date picker itself corrects an impossible date as it is typed).
    page.fill("#id_start", "01/12/2026")
    page.keyboard.press("Escape")
    page.fill("#id_end", "01/11/2026")
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Afficher le rapport").click()
    page.wait_for_load_state()
    summary = page.get_by_role("alert").filter(has_text="Le rapport n'a pas été calculé")
    summary.wait_for()
    assert "La fin de la période doit venir après son début." in summary.inner_text()
    page.wait_for_function("document.activeElement.hasAttribute('data-error-summary')")
    assert_no_axe_violations(page)
    screenshot(page, "admin-report-error")


@pytest.mark.parametrize("page", ["phone", "tablet"], indirect=True)
def test_the_bpf_reads_on_a_phone_and_a_tablet(page, site_url):
    login(page, site_url)
    page.goto(site_url + "/admin/rapports/bpf/?start=01/01/2026&end=31/12/2026")
    page.get_by_role("heading", name="Bilan pédagogique et financier (BPF) — 2026").wait_for()
    assert page.get_by_role("heading", name="F-1. Type de stagiaires de l'organisme").count() == 1
    assert_no_horizontal_scroll(page)
    assert_no_axe_violations(page)
    screenshot(page, "admin-report-bpf")
