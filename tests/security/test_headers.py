"""Response headers: Content-Security-Policy without inline scripts, Permissions-Policy
(`check --deploy` with production settings: tests/test_settings.py)."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def directives(response):
    policy = response["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:] for part in (p.strip() for p in policy.split(";")) if part
    }


@pytest.mark.parametrize(
    ("who", "url"),
    [
        (None, "/"),
        (None, "/formations/"),
        (None, "/connexion/"),
        (None, "/certificats/verifier/"),
        ("formateur", "/formateur/"),
        ("partenaire", "/partenaires/"),
        ("apprenant", "/mon-compte/attestations/"),
    ],
)
def test_every_page_forbids_inline_and_third_party_scripts(client, home_page, who, url):
    if who:
        client.force_login(get_user_model().objects.get(username=who))
    response = client.get(url)
    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    body = response.content.decode()
    assert "<script>" not in body, "inline scripts would be blocked: use a static file"


def test_the_admin_keeps_working_under_its_own_policy(client, home_page):
    client.force_login(get_user_model().objects.get(username="coordination"))
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response)
    assert "'self'" in policy["script-src"] and "https:" not in response["Content-Security-Policy"]
    assert "gravatar" not in response.content.decode()
