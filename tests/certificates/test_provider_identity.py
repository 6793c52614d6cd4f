"""The provider's identity on the certificates and the attendance sheet, and its checks."""

import io

import pypdf
import pytest
from django.core.exceptions import ValidationError

from attendance.sheet import render_sheet
from certificates.documents import DOCUMENTS, context, employer_line, render_pdf
from certificates.services import issue
from core.models import ProviderSettings
from core.pdf import static_only_fetcher
from courses.choices import Situation
from demo.provider import DEMO_ACTIVITY_DECLARATION, DEMO_SIRET
from home.privacy import learner_data
from tests.certificates.test_documents import pdf_text
from tests.certificates.test_issuing import finished_session
from tests.test_settings import PRODUCTION_ENV, manage

pytestmark = pytest.mark.django_db

IDENTITY = (
    "Numixs — Communauté d'agglomération Roissy Pays de France",
    "12 avenue du 8 Mai 1945",
    "95200 Sarcelles",
    "SIRET 123 456 782 00002",
    "11 95 00000 00",
    "préfet de région d'Île-de-France",
    "Claire Dubois",
    "Directrice du réseau Numixs",
)


@pytest.fixture
def certificate(home_page, django_capture_on_commit_callbacks):
    session = finished_session([["present", "present"]])
    with django_capture_on_commit_callbacks(execute=True):  # renders the PDFs
        certificate, _created = issue(session.enrolments.get().pk)
    certificate.refresh_from_db()
    return certificate


def images(data):
    return [image for page in pypdf.PdfReader(io.BytesIO(data)).pages for image in page.images]


def realisation_text(certificate):
    return pdf_text(render_pdf(DOCUMENTS["realisation"], context(certificate)))


def test_the_demo_provider_has_obviously_made_up_numbers_and_a_stamp():
    provider = ProviderSettings.load()
    assert (
        provider.siret == DEMO_SIRET and provider.activity_declaration == DEMO_ACTIVITY_DECLARATION
    )
    assert provider.stamp and provider.stamp_data_uri().startswith("data:image/png;base64,")


@pytest.mark.parametrize("kind", ["attestation", "realisation"])
def test_both_certificates_name_the_provider_and_carry_its_stamp(certificate, kind):
    data = getattr(certificate, f"{kind}_pdf").read()
    text = " ".join(pdf_text(data).split())
    for expected in IDENTITY:
        assert expected in text, expected
    assert len(pypdf.PdfReader(io.BytesIO(data)).pages) == 1
    assert len(images(data)) == 1  # the stamp and signature, in the signature box


def test_the_certificat_follows_the_ministry_wording_with_the_declaration_number(certificate):
    text = " ".join(realisation_text(certificate).split())
    assert (
        "Je soussigné(e) Claire Dubois, représentant(e) légal(e) du dispensateur de l'action "
        "concourant au développement des compétences Numixs" in text
    )
    assert "Cachet et signature du responsable du dispensateur de formation" in text


def test_no_stamp_uploaded_leaves_the_box_empty_but_the_pdf_renders(certificate):
    provider = ProviderSettings.load()
    provider.stamp = ""
    provider.save()
    data = render_pdf(DOCUMENTS["realisation"], context(certificate))
    assert images(data) == []
    assert "SIRET 123 456 782 00002" in pdf_text(data)


def test_an_employee_is_named_with_the_employer(certificate):
    learner = certificate.enrolment.learner
    learner.employer = "Boulangerie Martin"
    learner.situation = Situation.OTHER
    learner.save()
    text = realisation_text(certificate)
    assert "salarié(e) de l'entreprise : Boulangerie Martin" in text
    assert "sans objet" not in text


@pytest.mark.parametrize(
    ("situation", "trade"),
    [(Situation.ARTISAN, "artisan"), (Situation.SHOPKEEPER, "commerçant(e)")],
)
def test_an_artisan_or_a_shopkeeper_trains_for_their_own_business(certificate, situation, trade):
    learner = certificate.enrolment.learner
    learner.situation = situation
    learner.employer = ""
    learner.save()
    text = realisation_text(certificate)
    assert f"au titre de sa propre entreprise ({trade})" in text
    assert "salarié(e)" not in text and "sans objet" not in text


@pytest.mark.parametrize("situation", [Situation.JOBSEEKER, Situation.OTHER])
def test_a_jobseeker_or_a_resident_gets_no_employer_line(certificate, situation):
    learner = certificate.enrolment.learner
    learner.situation = situation
    learner.employer = ""
    learner.save()
    text = realisation_text(certificate)
    assert "salarié(e)" not in text and "sans objet" not in text
    assert "propre entreprise" not in text
    assert "atteste que" in text and "a suivi l'action" in text


def test_an_artisan_who_is_employed_is_named_as_an_employee(certificate):
    learner = certificate.enrolment.learner
    learner.situation = Situation.ARTISAN
    learner.employer = "Menuiserie Dupont"
    assert str(employer_line(learner)) == "salarié(e) de l'entreprise : Menuiserie Dupont"
    assert employer_line(None) == ""


def test_the_attendance_sheet_names_the_provider_and_carries_its_stamp(home_page):
    session = finished_session([["present", "absent"]])
    data = render_sheet(session)
    text = " ".join(pdf_text(data).split())
    for expected in IDENTITY:
        assert expected in text, expected
    assert "Cachet et signature de l'organisme de formation" in text
    assert len(images(data)) == 1


def test_the_learners_export_includes_the_employer(home_page):
    session = finished_session([["present", "present"]])
    learner = session.enrolments.get().learner
    learner.employer = "Garage Leroy"
    learner.save()
    assert learner_data(learner)["personne"]["employeur"] == "Garage Leroy"


# --- SIRET and declaration number: checked, with messages in French ---------------------


def provider_with(**fields):
    provider = ProviderSettings.load()
    for name, value in fields.items():
        setattr(provider, name, value)
    return provider


def errors(provider):
    with pytest.raises(ValidationError) as raised:
        provider.full_clean()
    return raised.value.message_dict


def test_a_siret_with_spaces_is_accepted_and_stored_as_digits():
    provider = provider_with(siret="123 456 782 00002", activity_declaration="11 95 00000 00")
    provider.full_clean()
    provider.save()
    provider.refresh_from_db()
    assert provider.siret == "12345678200002" and provider.activity_declaration == "11950000000"
    assert provider.siret_display == "123 456 782 00002"
    assert provider.activity_declaration_display == "11 95 00000 00"


def test_a_siret_with_a_wrong_digit_is_refused_in_french():
    message = errors(provider_with(siret="12345678200003"))["siret"][0]
    assert "clé de contrôle" in message and "Kbis" in message


def test_a_siret_of_the_wrong_length_or_with_letters_is_refused_in_french():
    assert (
        "14 chiffres (vous en avez saisi 9)" in errors(provider_with(siret="123456782"))["siret"][0]
    )
    assert "uniquement des chiffres" in errors(provider_with(siret="1234567820000A"))["siret"][0]


def test_la_postes_sirets_follow_their_own_key():
    provider_with(siret="35600000000001").full_clean()  # digits add up to 15


def test_a_declaration_number_has_11_digits():
    message = errors(provider_with(activity_declaration="1195000000"))["activity_declaration"][0]
    assert "11 chiffres (vous en avez saisi 10)" in message


def test_the_admin_form_shows_the_french_error_and_keeps_what_was_typed(admin_client):
    url = f"/admin/settings/core/providersettings/{ProviderSettings.load().pk}/"
    page = admin_client.get(url)
    assert page.status_code == 200
    assert "cachet-demo" in page.content.decode()  # the current stamp, by name (no URL)
    provider = ProviderSettings.load()
    response = admin_client.post(
        url,
        {
            "legal_name": provider.legal_name,
            "address": provider.address,
            "siret": "123 456 782 00003",
            "activity_declaration": "11950000000",
            "declaration_region": provider.declaration_region,
            "representative_name": provider.representative_name,
            "representative_title": provider.representative_title,
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "clé de contrôle" in body and "123 456 782 00003" in body
    assert ProviderSettings.load().siret == DEMO_SIRET


# --- the PDF renderer reads images only from the document itself ------------------------


def test_the_renderer_decodes_png_and_jpeg_data_uris_only():
    fetcher = static_only_fetcher()
    png = "data:image/png;base64,iVBORw0KGgo="
    assert fetcher.fetch(png).headers["Content-Type"] == "image/png"
    for url in (
        "data:image/svg+xml;base64,PHN2Zy8+",
        "data:image/png,notbase64",
        "data:image/png;base64,@@@",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


# --- production refuses to start without its public address -------------------------------


@pytest.mark.parametrize(
    "address",
    ["https://localhost", "https://127.0.0.1:8443", "https://app.localhost", "https://[::1]"],
)
def test_production_refuses_a_local_public_address(address):
    result = manage("check", env={**PRODUCTION_ENV, "WAGTAILADMIN_BASE_URL": address})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "WAGTAILADMIN_BASE_URL must be the site's public address" in result.stderr
