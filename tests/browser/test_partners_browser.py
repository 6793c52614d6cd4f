"""The partners' area in a real browser, at desktop and tablet sizes.

The demo partner logs in, filters, downloads one PDF, the ZIP of last month's
certificates (opened, its files counted) and the CSV (parsed). Logging in
writes a session row, hence the mark; certificates the demo left unrendered
are rendered on their first download, as for any user.
"""

import csv
import io
import zipfile

import pytest

from tests.browser.conftest import (
    VIEWPORTS,
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
    screenshot,
)

pytestmark = pytest.mark.writes_through_live_server


@pytest.fixture(params=["desktop", "tablet"])
def partner(request, browser, site_url):
    context = browser.new_context(locale="fr-FR", accept_downloads=True, **VIEWPORTS[request.param])
    page = context.new_page()
    page.size_name = request.param
    page.goto(site_url + "/connexion/?next=/partenaires/")
    page.fill("#id_username", "partenaire")
    page.fill("#id_password", "demo-numixs")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/partenaires/")
    yield page
    context.close()


def download(page, locator):
    with page.expect_download() as info:
        locator.click()
    return info.value


def rows(page):
    return page.locator("table.referred tbody tr")


def test_filter_download_one_pdf_the_zip_and_the_csv(partner, django_db_blocker):
    from home.models import User
    from partners.access import visible_enrolments

    page = partner
    assert "Les personnes que vous avez orientées" in page.locator("h1").inner_text()
    assert_no_axe_violations(page)
    assert_no_horizontal_scroll(page)

    # Last month's completions, from the shortcut: the filters land in the URL.
    page.get_by_role("link", name="Attestations du mois dernier").click()
    page.wait_for_url("**attestation=issued**")
    count = rows(page).count()
    assert count > 0
    assert rows(page).filter(has_text="Délivrée").count() == count
    screenshot(page, "partners-last-month")
    assert_no_axe_violations(page)

    pdf = download(page, page.get_by_role("link", name="Attestation (PDF)").first)
    assert pdf.suggested_filename.startswith("attestation-NUMIXS-")
    with open(pdf.path(), "rb") as file:
        assert file.read(5) == b"%PDF-"

    archive = download(page, page.get_by_role("link", name="Télécharger les attestations (ZIP)"))
    with zipfile.ZipFile(archive.path()) as opened:
        names = opened.namelist()
        assert opened.testzip() is None
    assert len(names) == 2 * count
    assert sum(name.endswith("_attestation.pdf") for name in names) == count

    spreadsheet = download(page, page.get_by_role("link", name="Exporter la liste (tableur CSV)"))
    with open(spreadsheet.path(), "rb") as file:
        raw = file.read()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert table[0][0] == "Nom" and len(table) - 1 == count
    assert {row[table[0].index("Attestation")] for row in table[1:]} == {"Délivrée"}

    # The filter form: waiting lists only.
    page.goto(page.url.split("?")[0])
    toggle = page.locator(".filters__toggle")
    if not page.locator("#id_statut").is_visible():
        toggle.click()
    page.select_option("#id_statut", "waitlisted")
    page.get_by_role("button", name="Afficher").click()
    page.wait_for_url("**statut=waitlisted**")
    with django_db_blocker.unblock():
        user = User.objects.get(username="partenaire")
        expected = visible_enrolments(user).filter(status="waitlisted").count()
    assert expected > 0
    assert rows(page).count() == min(expected, 25)
    assert rows(page).filter(has_text="Liste d'attente").count() == rows(page).count()
    assert_no_axe_violations(page)

    # One learner's page: attendance per sitting.
    page.locator("table.referred tbody th a").first.click()
    page.wait_for_url("**/partenaires/apprenants/**")
    assert page.locator("table.referred--sittings").count() >= 1
    screenshot(page, "partners-learner")
    assert_no_axe_violations(page)
