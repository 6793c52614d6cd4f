"""The certificate PDFs, the verification page and the learner's downloads."""

import hashlib
import html
import io
import shutil
import subprocess

import pypdf
import pytest
from django.contrib.auth import get_user_model

from certificates.codes import format_code
from certificates.services import issue, revoke
from courses.links import manage_url
from tests.certificates.test_issuing import finished_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(home_page, django_capture_on_commit_callbacks):
    session = finished_session([["present", "late"]])
    with django_capture_on_commit_callbacks(execute=True):  # renders the PDFs
        certificate, _created = issue(session.enrolments.get().pk)
    certificate.refresh_from_db()
    return certificate


def stored_copy(certificate, kind, tmp_path):
    """The stored PDF copied to a local file (storage may be anything in production)."""
    path = tmp_path / f"{kind}.pdf"
    path.write_bytes(getattr(certificate, f"{kind}_pdf").read())
    return path


def pdf_text(data):
    return " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_both_pdfs_are_stored_once_with_their_fingerprints(certificate):
    for kind in ("attestation", "realisation"):
        stored = getattr(certificate, f"{kind}_pdf")
        data = stored.read()
        assert hashlib.sha256(data).hexdigest() == getattr(certificate, f"{kind}_sha256")
        reader = pypdf.PdfReader(io.BytesIO(data))
        assert len(reader.pages) == 1
        catalog = reader.trailer["/Root"]
        assert catalog["/Lang"] == "fr" and "/StructTreeRoot" in catalog
        assert reader.metadata.title and certificate.number in reader.metadata.title


def test_the_attestation_says_who_what_when_and_how_long(certificate):
    text = pdf_text(certificate.attestation_pdf.read())
    assert "ATTESTATION DE FIN DE FORMATION" in text
    for expected in (
        certificate.learner_name,
        certificate.course_title,
        certificate.number,
        "6 h sur 6 h",
        certificate.start_date.strftime("%Y"),
        format_code(certificate.verification_code),
        "Créer un compte",
    ):
        assert expected in text, expected


def test_the_certificat_de_realisation_follows_the_ministry_model(certificate):
    text = pdf_text(certificate.realisation_pdf.read())
    for expected in (
        "CERTIFICAT DE RÉALISATION",
        "Je soussigné(e)",
        "atteste que",
        "action de formation",
        "bilan de compétences",
        "pour une durée de 6 heures",
        "3 ans",
        "Fait à Sarcelles",
    ):
        assert expected in text, expected


def test_the_qr_code_opens_the_verification_page(certificate, tmp_path):
    import pypdfium2
    import zxingcpp

    page = pypdfium2.PdfDocument(stored_copy(certificate, "attestation", tmp_path))[0]
    image = page.render(scale=3).to_pil()
    results = zxingcpp.read_barcodes(image)
    assert [r.text for r in results] == [
        f"http://127.0.0.1:8000/certificats/verifier/{certificate.verification_code}/"
    ]


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed (make install)")
def test_qpdf_finds_the_pdfs_well_formed(certificate, tmp_path):
    for kind in ("attestation", "realisation"):
        result = subprocess.run(
            ["qpdf", "--check", str(stored_copy(certificate, kind, tmp_path))],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_rendering_reads_nothing_but_the_projects_static_files():
    from core.pdf import static_only_fetcher

    fetcher = static_only_fetcher()
    for url in ("http://example.org/x.png", "file:///etc/passwd", "data:text/plain,hi"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_the_verification_page_says_valid_then_revoked(client, certificate):
    url = f"/certificats/verifier/{certificate.verification_code}/"
    page = client.get(url)
    assert page.status_code == 200
    body = html.unescape(page.content.decode())
    assert "Attestation valide" in body and certificate.course_title in body
    first, last = certificate.learner_name.split(" ", 1)
    assert f"{first} {last[0]}." in body and last not in body  # first name and initial only
    assert certificate.attestation_sha256 in body
    assert 'name="robots" content="noindex' in body
    revoke(
        certificate.pk,
        actor=get_user_model().objects.get(username="coordination"),
        reason="Présences saisies par erreur",
    )
    body = html.unescape(client.get(url).content.decode())
    assert "Attestation révoquée le" in body


def test_a_code_typed_by_hand_is_found_and_unknown_codes_say_so(client, certificate):
    typed = format_code(certificate.verification_code).lower().replace("-", " ")
    response = client.get("/certificats/verifier/", {"code": typed})
    assert response.status_code == 302
    assert response["Location"].endswith(f"/{certificate.verification_code}/")
    unknown = client.get("/certificats/verifier/AAAABBBBCCCCDDDDEEEE/")
    assert unknown.status_code == 404 and "Aucune attestation" in unknown.content.decode()


def test_guessing_codes_is_slowed_down(client, certificate, settings):
    settings.NUMIXS_VERIFY_RATE_LIMIT = 3
    for _attempt in range(3):
        client.get("/certificats/verifier/AAAABBBBCCCCDDDDEEEE/")
    response = client.get(f"/certificats/verifier/{certificate.verification_code}/")
    assert response.status_code == 429


def test_the_learner_downloads_from_their_link_and_nobody_else_can(client, certificate):
    link = manage_url(certificate.enrolment)
    page = client.get(link).content.decode()
    assert "Télécharger mon attestation" in page
    response = client.get(link + "attestation.pdf")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="attestation-{certificate.number}.pdf"'
    )
    assert "no-store" in response["Cache-Control"]  # never kept by a shared computer's browser
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == (
        certificate.attestation_sha256
    )
    assert client.get(link + "certificat-de-realisation.pdf").status_code == 200
    assert client.get(link + "autre.pdf").status_code == 404
    forged = link.replace("/mon-inscription/", "/mon-inscription/x")
    assert client.get(forged + "attestation.pdf").status_code == 404
    other = finished_session([["present", "present"]])
    other_link = manage_url(other.enrolments.get())
    assert client.get(other_link + "attestation.pdf").status_code == 404  # none issued


def test_a_revoked_certificate_is_no_longer_downloaded(client, certificate):
    revoke(
        certificate.pk,
        actor=get_user_model().objects.get(username="coordination"),
        reason="Présences saisies par erreur",
    )
    link = manage_url(certificate.enrolment)
    assert client.get(link + "attestation.pdf").status_code == 404
    assert "Télécharger mon attestation" not in client.get(link).content.decode()


def test_a_learner_with_an_account_finds_and_downloads_their_certificates(client, certificate):
    learner = certificate.enrolment.learner
    learner.user = get_user_model().objects.create_user("lea-compte", password="x")
    learner.save()
    url = f"/mon-compte/attestations/{certificate.pk}/attestation.pdf"
    assert client.get("/mon-compte/attestations/").status_code == 302  # log in first
    assert client.get(url).status_code == 302
    client.force_login(learner.user)
    assert (
        client.post(
            "/connexion/", {"username": "lea-compte", "password": "x"}, follow=True
        ).redirect_chain[-1][0]
        == "/mon-compte/attestations/"
    )
    page = client.get("/mon-compte/attestations/").content.decode()
    assert certificate.course_title in html.unescape(page) and url in page
    assert client.get(url).status_code == 200
    someone_else = get_user_model().objects.create_user("autre-compte", password="x")
    client.force_login(someone_else)
    assert client.get(url).status_code == 404
    assert certificate.course_title not in client.get("/mon-compte/attestations/").content.decode()


def test_staff_give_a_learner_an_account_in_the_admin(client, certificate):
    learner = certificate.enrolment.learner
    account = get_user_model().objects.create_user("compte-lie", password="x")
    client.force_login(get_user_model().objects.get(username="coordination"))
    edit = f"/admin/snippets/courses/learner/edit/{learner.pk}/"
    form = client.get(edit)
    assert form.status_code == 200
    response = client.post(
        edit,
        {
            "first_name": learner.first_name,
            "last_name": learner.last_name,
            "phone": learner.phone,
            "email": learner.email,
            "town": learner.town,
            "postcode": learner.postcode,
            "situation": learner.situation,
            "employment_agency_id": "",
            "user": account.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    learner.refresh_from_db()
    assert learner.user == account
    client.force_login(account)
    page = html.unescape(client.get("/mon-compte/attestations/").content.decode())
    assert certificate.course_title in page
