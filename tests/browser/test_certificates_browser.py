"""The verification page in a real browser (valid, revoked, unknown), and the PDF by eye."""

import pytest

from tests.browser.conftest import (
    SCREENSHOTS,
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
    screenshot,
)


@pytest.fixture
def certificates(django_db_blocker):
    from certificates.models import Certificate

    with django_db_blocker.unblock():
        valid = Certificate.objects.valid().order_by("pk").first()
        revoked = Certificate.objects.filter(revoked_at__isnull=False).first()
    return valid, revoked


def test_the_verification_page_in_each_state(page, site_url, certificates):
    from certificates.codes import format_code

    valid, revoked = certificates
    page.goto(f"{site_url}/certificats/verifier/")
    assert_no_axe_violations(page)
    page.fill("#code", format_code(valid.verification_code).lower())
    page.get_by_role("button", name="Vérifier").click()
    page.wait_for_url(f"**/certificats/verifier/{valid.verification_code}/")
    assert "Attestation valide" in page.locator(".verify-result").inner_text()
    assert valid.course_title in page.locator(".verify-facts").inner_text()
    screenshot(page, "certificate-verify-valid")
    assert_no_horizontal_scroll(page)
    assert_no_axe_violations(page)

    page.goto(f"{site_url}/certificats/verifier/{revoked.verification_code}/")
    assert "Attestation révoquée le" in page.locator(".verify-result").inner_text()
    assert_no_axe_violations(page)

    page.goto(f"{site_url}/certificats/verifier/ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ/")
    assert "Aucune attestation" in page.content()
    screenshot(page, "certificate-verify-unknown")
    assert_no_axe_violations(page)


@pytest.mark.parametrize("page", ["desktop"], indirect=True)
def test_the_pdfs_rendered_to_images_for_a_look(page, django_db_blocker, certificates):
    """Not an assertion of taste: the PNGs land next to the screenshots, to be looked at."""
    import pypdfium2

    from certificates.documents import DOCUMENTS, context, render_pdf

    valid, _revoked = certificates
    SCREENSHOTS.mkdir(exist_ok=True)
    with django_db_blocker.unblock():
        for kind, template in DOCUMENTS.items():
            pdf = render_pdf(template, {**context(valid), "kind": kind})
            document = pypdfium2.PdfDocument(pdf)
            assert len(document) == 1  # one page each
            document[0].render(scale=1.5).to_pil().save(SCREENSHOTS / f"certificate-{kind}.png")
