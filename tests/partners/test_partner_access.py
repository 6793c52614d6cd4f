"""Invariant 5: a partner reaches only its own organisations' referred, consenting learners.

Every URL of the partners' area, for every persona: members of one
organisation, of the other, of both, a former member, a trainer, a learner
with an account, an anonymous visitor. Anything not allowed is a 404 (or the
login page for a visitor), the same answer as for an object that does not exist.
"""

import csv
import io
import zipfile

import pytest
from django.urls import reverse

from tests.partners.partner_world import build_world

pytestmark = pytest.mark.django_db

VISIBLE = {
    "member_a": {"a_consent", "a_upcoming"},
    "member_b": {"b_consent"},
    "member_both": {"a_consent", "a_upcoming", "b_consent"},
    "former_a": set(),
    "trainer": set(),
    "learner": set(),
}
MEMBERS = {"member_a", "member_b", "member_both"}
KINDS = ("attestation", "certificat-de-realisation")


@pytest.fixture
def world(home_page):
    return build_world()


def login(client, world, persona):
    if persona != "anonymous":
        client.force_login(world.users[persona])
    return client


def object_urls(world):
    """(enrolment key, url) for every per-object URL of the area."""
    urls = []
    for key, enrolment in world.enrolments.items():
        urls.append((key, reverse("partners:learner", args=[enrolment.learner_id])))
    for key, certificate in world.certificates.items():
        for kind in KINDS:
            urls.append((key, reverse("partners:certificate", args=[certificate.pk, kind])))
    return urls


def missing_urls():
    return [
        reverse("partners:learner", args=[999999]),
        reverse("partners:certificate", args=[999999, "attestation"]),
    ]


def body(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def names_in(text, world):
    text = text.lower()
    return {key for key, e in world.enrolments.items() if e.learner.last_name.lower() in text}


@pytest.mark.parametrize("persona", [*VISIBLE, "anonymous"])
def test_every_partner_url_for_every_persona(client, world, persona):
    login(client, world, persona)
    allowed = VISIBLE.get(persona, set())
    area = [reverse("partners:list"), reverse("partners:zip"), reverse("partners:csv")]

    for url, key in [(url, key) for key, url in object_urls(world)] + [
        (url, None) for url in missing_urls() + area
    ]:
        response = client.get(url)
        if persona == "anonymous":
            assert response.status_code == 302, url
            assert response.url.startswith(reverse("login")), url
        elif persona not in MEMBERS:
            assert response.status_code == 404, (persona, url)
        elif key is None and url in area:
            assert response.status_code in (200, 302), (persona, url)
        elif key in allowed:
            assert response.status_code == 200, (persona, url)
        else:
            assert response.status_code == 404, (persona, url, key)

    response = client.post(reverse("partners:digest"), {"digest": "off"})
    if persona == "anonymous":
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    elif persona not in MEMBERS:
        assert response.status_code == 404


@pytest.mark.parametrize("persona", sorted(MEMBERS))
def test_the_list_shows_only_the_organisations_consenting_learners(client, world, persona):
    login(client, world, persona)
    page = client.get(reverse("partners:list")).content.decode()
    assert names_in(page, world) == VISIBLE[persona]


@pytest.mark.parametrize("persona", sorted(MEMBERS))
def test_the_zip_holds_only_allowed_certificates(client, world, persona):
    login(client, world, persona)
    response = client.get(reverse("partners:zip"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(body(response)))
    names = " ".join(archive.namelist())
    expected = VISIBLE[persona] & set(world.certificates)
    assert names_in(names, world) == expected
    assert len(archive.namelist()) == 2 * len(expected)
    assert archive.testzip() is None
    first = archive.namelist()[0]
    assert archive.read(first).startswith(b"%PDF")


@pytest.mark.parametrize("persona", sorted(MEMBERS))
def test_the_csv_holds_only_allowed_rows(client, world, persona):
    login(client, world, persona)
    response = client.get(reverse("partners:csv"))
    assert response.status_code == 200
    raw = body(response)
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["Nom", "Prénom"]
    assert names_in(" ".join(row[0] for row in rows[1:]), world) == VISIBLE[persona]
    assert len(rows) - 1 == len(VISIBLE[persona])


def test_withdrawing_consent_hides_the_learner_at_once(client, world):
    from courses.services.enrolment import withdraw_referrer_consent

    login(client, world, "member_a")
    learner_url = reverse("partners:learner", args=[world.enrolments["a_consent"].learner_id])
    certificate = world.certificates["a_consent"]
    pdf_url = reverse("partners:certificate", args=[certificate.pk, "attestation"])
    assert client.get(learner_url).status_code == 200
    assert client.get(pdf_url).status_code == 200

    changed = withdraw_referrer_consent(world.enrolments["a_consent"].pk, actor=None)

    assert changed == 1
    assert client.get(learner_url).status_code == 404
    assert client.get(pdf_url).status_code == 404
    assert "aconsent" not in client.get(reverse("partners:list")).content.decode().lower()
    assert b"aconsent" not in body(client.get(reverse("partners:csv"))).lower()
    # Nothing left to put in a ZIP: back to the list with a message, no empty archive.
    response = client.get(reverse("partners:zip"), follow=True)
    assert response.redirect_chain and "Aucune attestation" in response.content.decode()


def test_a_revoked_certificate_is_not_downloadable(client, world):
    from django.contrib.auth import get_user_model

    from certificates.services import revoke

    certificate = world.certificates["a_consent"]
    revoke(
        certificate.pk,
        actor=get_user_model().objects.get(username="coordination"),
        reason="Erreur de session",
        render=False,
    )
    login(client, world, "member_a")
    assert (
        client.get(
            reverse("partners:certificate", args=[certificate.pk, "attestation"])
        ).status_code
        == 404
    )
    page = client.get(reverse("partners:list")).content.decode()
    assert "Révoquée" in page


def test_an_inactive_organisation_shows_nothing(client, world):
    world.org_a.is_active = False
    world.org_a.save()
    login(client, world, "member_a")
    assert client.get(reverse("partners:list")).status_code == 404


def test_each_role_lands_in_its_area_after_login(client, world):
    login(client, world, "member_a")
    response = client.get(reverse("my_area"))
    assert response.url == reverse("partners:list")
