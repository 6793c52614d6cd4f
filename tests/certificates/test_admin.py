"""Certificates in the admin: list, downloads, revoke with a reason, issue from a session."""

import html

import pytest
from django.contrib.auth import get_user_model

from certificates.models import Certificate
from certificates.services import issue
from tests.certificates.test_issuing import finished_session

pytestmark = pytest.mark.django_db

BASE = "/admin/snippets/certificates/certificate"


@pytest.fixture
def staff(client):
    client.force_login(get_user_model().objects.get(username="coordination"))
    return client


@pytest.fixture
def certificate(home_page):
    session = finished_session([["present", "present"]])
    return issue(session.enrolments.get().pk)[0]


def test_staff_list_filter_and_download(staff, certificate):
    listing = staff.get(f"{BASE}/", {"enrolment__session": certificate.enrolment.session_id})
    assert listing.status_code == 200 and certificate.number in listing.content.decode()
    pdf = staff.get(f"{BASE}/{certificate.pk}/pdf/attestation/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].endswith(f'filename="attestation-{certificate.number}.pdf"')
    assert staff.get(f"{BASE}/{certificate.pk}/pdf/autre/").status_code == 404
    inspect = staff.get(f"{BASE}/inspect/{certificate.pk}/").content.decode()
    assert f"{BASE}/{certificate.pk}/revoquer/" in inspect
    preview = staff.get(f"{BASE}/apercu/")
    assert preview.status_code == 200 and preview.content.startswith(b"%PDF")


def test_revoking_from_the_admin_needs_a_reason(staff, certificate):
    refused = staff.post(f"{BASE}/{certificate.pk}/revoquer/", {"reason": ""})
    assert refused.status_code == 200 and "Écrivez pourquoi" in html.unescape(
        refused.content.decode()
    )
    certificate.refresh_from_db()
    assert not certificate.is_revoked
    done = staff.post(f"{BASE}/{certificate.pk}/revoquer/", {"reason": "Présences erronées"})
    assert done.status_code == 302
    certificate.refresh_from_db()
    assert certificate.is_revoked and certificate.revoked_reason == "Présences erronées"


def test_issuing_from_the_sessions_page(staff, home_page):
    session = finished_session([["present", "present"], ["absent", "absent"]])
    page = staff.get(f"/admin/snippets/courses/session/{session.pk}/inscriptions/")
    assert "Délivrer les attestations méritées" in html.unescape(page.content.decode())
    staff.post(f"{BASE}/session/{session.pk}/delivrer/")
    assert Certificate.objects.filter(enrolment__session=session).count() == 1
    absent = session.enrolments.exclude(certificate__isnull=False).get()
    # Each learner's line: the certificate issued, or a form to issue with a reason.
    page = html.unescape(
        staff.get(f"/admin/snippets/courses/session/{session.pk}/inscriptions/").content.decode()
    )
    issued = Certificate.objects.get(enrolment__session=session)
    assert f"Attestation {issued.number}" in page
    assert f"{BASE}/inscription/{absent.pk}/delivrer/" in page
    assert f"{BASE}/inscription/{issued.enrolment_id}/delivrer/" not in page
    staff.post(f"{BASE}/inscription/{absent.pk}/delivrer/", {"reason": ""})
    assert not Certificate.objects.filter(enrolment=absent).exists()
    staff.post(f"{BASE}/inscription/{absent.pk}/delivrer/", {"reason": "Malade, a rattrapé"})
    assert Certificate.objects.get(enrolment=absent).override_reason == "Malade, a rattrapé"


@pytest.mark.parametrize("username", ["formateur", "partenaire", None])
def test_outsiders_reach_no_certificate_admin_url(client, certificate, username):
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    for url in (
        f"{BASE}/",
        f"{BASE}/{certificate.pk}/pdf/attestation/",
        f"{BASE}/apercu/",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert not response.get("Content-Type", "").startswith("application/pdf")
    client.post(f"{BASE}/{certificate.pk}/revoquer/", {"reason": "pour voir si ça passe"})
    certificate.refresh_from_db()
    assert not certificate.is_revoked


def test_a_system_check_warns_when_fast_font_subsetting_is_missing(monkeypatch):
    import ctypes.util

    from certificates.checks import harfbuzz_subset_installed

    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None)
    (warning,) = harfbuzz_subset_installed()
    assert warning.id == "certificates.W001" and "libharfbuzz-subset0" in warning.hint


def test_the_sessions_trainer_downloads_its_certificates_and_no_one_else(client, certificate):
    from django.contrib.auth.models import Group

    session = certificate.enrolment.session
    trainer = get_user_model().objects.get(username="formateur")
    session.trainers.add(trainer)
    session.save()
    url = f"/formateur/attestation/{certificate.pk}/attestation.pdf"
    client.force_login(trainer)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    roster = client.get(f"/formateur/seance/{session.sittings.first().pk}/").content.decode()
    assert url in roster
    other = get_user_model().objects.create_user("formateur3", password="x")
    other.groups.add(Group.objects.get(name="Formateurs"))
    client.force_login(other)
    assert client.get(url).status_code == 404
    client.force_login(get_user_model().objects.get(username="partenaire"))
    assert client.get(url).status_code == 404


def test_staff_make_the_pdfs_again_with_the_signatory_on_record(staff, certificate):
    """A new signatory signs new certificates; those issued keep theirs when re-made."""
    import io

    import pypdf

    from certificates.models import CertificateSettings

    assert staff.get(f"{BASE}/{certificate.pk}/produire/").status_code == 200
    signatory = CertificateSettings.load()
    before = signatory.signatory_name
    signatory.signatory_name = "Nadia Haddad"
    signatory.save()
    assert staff.post(f"{BASE}/{certificate.pk}/produire/").status_code == 302
    certificate.refresh_from_db()
    text = pypdf.PdfReader(io.BytesIO(certificate.realisation_pdf.read())).pages[0].extract_text()
    assert before in text and "Nadia Haddad" not in text
    newer = issue(finished_session([["present", "present"]]).enrolments.get().pk)[0]
    assert newer.signatory_name == "Nadia Haddad"
