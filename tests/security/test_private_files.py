"""Finding 2: certificates were public files under /media/ with guessable names."""

import importlib

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import Http404
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.views.static import serve

from core.storage import PrivateStorage
from courses.links import manage_url

pytestmark = pytest.mark.django_db


def test_certificates_are_stored_where_no_url_maps(certificate):
    stored = certificate.attestation_pdf
    assert isinstance(stored.storage._wrapped, PrivateStorage) or isinstance(
        stored.storage, PrivateStorage
    )
    with pytest.raises(ValueError):
        stored.url  # noqa: B018
    private_root = settings.PRIVATE_ROOT.resolve()
    for public in (settings.MEDIA_ROOT, settings.STATIC_ROOT):
        assert not private_root.is_relative_to(public.resolve())
    assert not default_storage.exists(stored.name)


def test_the_old_public_url_answers_404(certificate):
    """What `runserver` (DEBUG) or a proxy serving MEDIA_ROOT would answer for the old URL."""
    request = RequestFactory().get(f"/media/{certificate.attestation_pdf.name}")
    with pytest.raises(Http404):
        serve(request, certificate.attestation_pdf.name, document_root=settings.MEDIA_ROOT)


def test_downloads_check_access_and_are_never_cached(client, certificate):
    admin_pdf = reverse(
        "wagtailsnippets_certificates_certificate:pdf", args=[certificate.pk, "attestation"]
    )
    assert client.get(admin_pdf).status_code == 302  # to the admin's login page
    response = client.get(f"/mon-compte/attestations/{certificate.pk}/attestation.pdf")
    assert response.status_code == 302  # to the login page


@pytest.mark.migrations
def test_the_migration_moves_existing_files_out_of_the_media_root(certificate):
    """Files rendered before 0007 lay under MEDIA_ROOT: afterwards they are private only."""
    name = certificate.attestation_pdf.name
    content = certificate.attestation_pdf.read()
    storages["private"].delete(name)
    default_storage.save(name, ContentFile(content))
    migration = importlib.import_module(
        "certificates.migrations.0007_certificates_in_private_storage"
    )
    state = MigrationExecutor(connection).loader.project_state(
        ("certificates", "0007_certificates_in_private_storage")
    )
    migration.move_to_private(state.apps, None)
    assert not default_storage.exists(name)
    with storages["private"].open(name, "rb") as moved:
        assert moved.read() == content


@pytest.mark.parametrize(
    ("mode", "header"), [("x-accel-redirect", "X-Accel-Redirect"), ("x-sendfile", "X-Sendfile")]
)
def test_behind_a_proxy_the_checked_download_hands_the_file_over(client, certificate, mode, header):
    link = manage_url(certificate.enrolment) + "attestation.pdf"
    with override_settings(PRIVATE_FILES_ACCEL=mode):
        response = client.get(link)
        assert response.status_code == 200 and response.content == b""
        assert response[header].endswith(certificate.attestation_pdf.name)
        assert "no-store" in response["Cache-Control"]
        # The access check still comes first: a forged link hands nothing over.
        forged = client.get(link.replace("/mon-inscription/", "/mon-inscription/x"))
        assert forged.status_code == 404 and header not in forged
