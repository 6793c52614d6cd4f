"""Every public form, fed anything (NUL characters, surrogates escaped in URLs, huge and
odd values): a clear answer, never a 500. Runs on SQLite and PostgreSQL."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from courses.models import Session

pytestmark = pytest.mark.django_db

anything = st.one_of(
    st.text(max_size=80),
    st.text(alphabet=st.sampled_from("\x00\x01'\"<>=+-@;%é€\u202e\ufeff"), max_size=40),
    st.text(min_size=2000, max_size=3000),
)
fuzz = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# The limits are tested elsewhere (test_proxies, test_logins): here every answer must be read.
no_limits = override_settings(
    NUMIXS_ENROL_RATE_LIMIT=10**6, NUMIXS_VERIFY_RATE_LIMIT=10**6, AXES_ENABLED=False
)


@fuzz
@given(username=anything, password=anything)
def test_the_login_forms(home_page, username, password):
    with no_limits:
        for url in ("/connexion/", "/admin/login/"):
            response = Client().post(url, {"username": username, "password": password})
            assert response.status_code in (200, 302, 400, 429), url


@fuzz
@given(email=anything)
def test_the_password_reset_form(home_page, email):
    with no_limits:
        response = Client().post("/connexion/mot-de-passe-oublie/", {"email": email})
    assert response.status_code in (200, 400, 429)


@fuzz
@given(code=anything, query=anything)
def test_verification_and_search(home_page, code, query):
    client = Client()
    with no_limits:
        assert client.get("/certificats/verifier/", {"code": code}).status_code in (200, 302)
        assert client.get("/recherche/", {"q": query}).status_code == 200
        assert client.get("/recherche/suggestions/", {"q": query}).status_code in (200, 204)
        assert client.get("/formations/", {"ville": query, "du": code}).status_code == 200


@fuzz
@given(first=anything, last=anything, phone=anything, email=anything, town=anything, code=anything)
def test_the_enrolment_form(home_page, first, last, phone, email, town, code):
    session = Session.objects.filter(status="open").published().upcoming().first()
    data = {
        "first_name": first,
        "last_name": last,
        "phone": phone,
        "email": email,
        "town": town,
        "referral_code": code,
        "situation": "autre",
    }
    with no_limits:
        response = Client().post(f"/formations/inscription/{session.public_id}/", data)
    assert response.status_code in (200, 302)


@fuzz
@given(code=anything)
def test_the_two_factor_form(home_page, code):
    client = Client()
    client.force_login(get_user_model().objects.get(username="partenaire"))
    response = client.post("/connexion/double-authentification/activer/", {"code": code})
    assert response.status_code in (200, 400)
