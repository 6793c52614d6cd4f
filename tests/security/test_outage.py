"""Finding 5: with Redis on a closed port, /healthz, /, /formations/ and /connexion/ gave 500."""

import logging
import socket

import pytest
from django.core.cache import cache
from django.test import override_settings

from core import cache as resilient
from courses.models import Session

pytestmark = pytest.mark.django_db


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens once the socket is closed


@pytest.fixture
def redis_unplugged():
    broken = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    resilient._state.update(down_until=0.0, logged_at=-resilient.LOG_INTERVAL, failures=0)
    with override_settings(CACHES=broken, NUMIXS_PAGE_CACHE_SECONDS=60):
        yield
    resilient._state.update(down_until=0.0, logged_at=-resilient.LOG_INTERVAL, failures=0)


def test_every_public_page_still_answers_and_healthz_says_degraded(
    client, home_page, redis_unplugged, caplog
):
    with caplog.at_level(logging.ERROR, logger="core.cache"):
        health = client.get("/healthz")
        assert health.status_code == 200
        assert health.json() == {"status": "degraded", "database": "ok", "cache": "degraded"}
        for url in (
            "/",
            "/formations/",
            "/connexion/",
            "/recherche/?q=ordinateur",
            "/certificats/verifier/",
        ):
            assert client.get(url).status_code == 200, url
        # The enrolment form and its rate limit work without the cache.
        session = Session.objects.filter(status="open").published().first()
        assert client.get(f"/formations/inscription/{session.public_id}/").status_code == 200
    outage_lines = [record for record in caplog.records if record.name == "core.cache"]
    assert len(outage_lines) == 1, "logged once per interval, not once per request"


def test_the_cache_comes_back_on_its_own(redis_unplugged):
    assert cache.get("anything", "default") == "default"
    assert resilient.status() == "degraded"
    resilient._state["down_until"] = 0.0  # the retry delay has passed
    assert resilient.status() == "ok"
