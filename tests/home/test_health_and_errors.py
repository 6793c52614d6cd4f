from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client, override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db


def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_does_not(client):
    with mock.patch("home.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_healthz_refuses_writes(client):
    assert client.post("/healthz").status_code == 405


def test_an_unknown_url_gets_a_helpful_french_404(client, home_page):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Cette page n&#x27;existe pas" in html or "Cette page n'existe pas" in html
    assert "Revenir à l&#x27;accueil" in html or "Revenir à l'accueil" in html
    assert 'href="tel:0199001234"' in html


def test_a_404_before_any_content_exists_still_renders(client):
    from wagtail.models import Site

    Site.objects.all().delete()
    response = client.get("/nulle-part/")
    assert response.status_code == 404
    assert "01 99 00 12 34" in response.content.decode()


@override_settings(ROOT_URLCONF="tests.home.broken_urls")
def test_a_crash_shows_a_french_500_page_with_a_phone_number(home_page):
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Un problème est survenu de notre côté" in html
    assert 'href="tel:0199001234"' in html
    assert '<html lang="fr">' in html


@override_settings(ROOT_URLCONF="tests.home.broken_urls")
def test_the_500_page_renders_even_when_the_database_is_down(home_page):
    client = Client(raise_request_exception=False)
    with (
        mock.patch("core.contact.get_contact", side_effect=OperationalError("down")),
        mock.patch("home.views.get_contact", side_effect=OperationalError("down")),
    ):
        response = client.get("/boom/")
    assert response.status_code == 500
    assert "01 99 00 12 34" in response.content.decode()


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("get", "/?%ff%fe=%00&a[]=1&&&=", None),
        ("get", "/%00/", None),
        ("get", "/healthz?x=" + "a" * 5000, None),
        ("get", "/admin/login/?next=javascript:alert(1)", None),
        ("post", "/langue/", {"language": "xx", "next": "https://evil.example/"}),
        ("post", "/langue/", {"language": "\x00", "next": "\x00"}),
        ("post", "/langue/", None),
        ("post", "/admin/login/", {"username": "\x00" * 10, "password": ["a", "b"]}),
        ("post", "/", {"anything": "x"}),
    ],
)
def test_bad_requests_never_end_in_a_500(method, path, data, home_page):
    client = Client(raise_request_exception=False)
    response = getattr(client, method)(path, data or {})
    assert response.status_code < 500


def test_a_language_choice_never_redirects_to_another_site(client, home_page):
    response = client.post("/langue/", {"language": "en", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    path=st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60),
    query=st.text(max_size=120),
)
def test_any_url_and_query_string_answers_without_a_500(path, query, home_page):
    client = Client(raise_request_exception=False)
    from urllib.parse import quote

    response = client.get("/" + quote(path, safe="/"), QUERY_STRING=quote(query, safe="=&"))
    assert response.status_code < 500
