"""Finding 4: behind the reverse proxy every visitor shared one rate-limit bucket.

Before: limits keyed on REMOTE_ADDR, the proxy's address: 45 invalid enrolment
posts locked enrolment for everyone, 65 verification look-ups blocked others.
"""

import pytest
from django.test import Client, RequestFactory, override_settings

from core.clients import client_ip
from courses.models import Session

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.5"


def via_proxy(client, sender):
    """A client whose requests come through the proxy, as the proxy forwards them."""
    client.defaults.update(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"203.0.113.77, {sender}")
    return client


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("198.51.100.1", "1.2.3.4", "198.51.100.1"),  # not a proxy: the header is ignored
        (PROXY, "6.6.6.6, 1.2.3.4", "1.2.3.4"),  # the entry the proxy appended
        (PROXY, "1.2.3.4, 10.0.0.9", "1.2.3.4"),  # two proxies of ours
        (PROXY, "not-an-address", PROXY),
        (PROXY, "", PROXY),
    ],
)
def test_the_client_address_is_read_through_trusted_proxies_only(remote, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(NUMIXS_TRUSTED_PROXIES=["10.0.0.0/24"]):
        assert client_ip(request) == expected


@override_settings(NUMIXS_TRUSTED_PROXIES=[PROXY], NUMIXS_ENROL_RATE_LIMIT=5)
def test_one_senders_invalid_enrolments_lock_out_only_that_sender(client, home_page):
    session = Session.objects.filter(status="open").published().first()
    url = f"/formations/inscription/{session.public_id}/"
    robot = via_proxy(client, "192.0.2.10")
    statuses = [robot.post(url, {"first_name": "", "last_name": ""}).status_code for _ in range(8)]
    assert statuses[:5] == [200] * 5 and statuses[5:] == [429] * 3
    person = via_proxy(Client(), "192.0.2.20")
    response = person.post(url, {"first_name": "", "last_name": ""})
    assert response.status_code == 200  # errors shown, not locked out
    assert "Trop de demandes" not in response.content.decode()


@override_settings(NUMIXS_TRUSTED_PROXIES=[PROXY], NUMIXS_VERIFY_RATE_LIMIT=5)
def test_code_guessing_locks_out_only_the_guesser(client, home_page):
    guesser = via_proxy(client, "192.0.2.30")
    statuses = [
        guesser.get(f"/certificats/verifier/AAAA-BBBB-CC{n:02d}/").status_code for n in range(7)
    ]
    assert statuses[:5] == [404] * 5 and statuses[5:] == [429] * 2
    other = via_proxy(Client(), "192.0.2.40")
    assert other.get("/certificats/verifier/AAAA-BBBB-CC99/").status_code == 404
