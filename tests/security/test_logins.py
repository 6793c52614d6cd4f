"""Finding 3: 30 wrong passwords then the right one were accepted, on /connexion/ and on
/admin/login/; no second factor for staff; no idle timeout; reset links lived a week."""

import datetime
import re
from io import StringIO

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.tokens import invitation_tokens
from demo.accounts import ensure_accounts

pytestmark = pytest.mark.django_db

PASSWORD = "demo-numixs"


def attempt(client, url, username, password, address="198.51.100.7"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.mark.parametrize("url", ["/connexion/", "/admin/login/"])
def test_thirty_wrong_passwords_lock_the_account_and_say_so_in_french(client, home_page, url):
    statuses = [attempt(client, url, "partenaire", f"faux-{n}").status_code for n in range(30)]
    assert 429 in statuses
    locked = attempt(client, url, "partenaire", PASSWORD)
    assert locked.status_code == 429, "the right password no longer opens a locked account"
    page = locked.content.decode()
    assert "Connexion bloquée" in page and "01 99 00 12 34" in page.replace("\u00a0", " ")
    assert "_auth_user_id" not in client.session


def test_the_lock_holds_for_the_username_from_any_address_and_for_the_address(client, home_page):
    for n in range(5):
        attempt(client, "/connexion/", "partenaire", f"faux-{n}", address="198.51.100.1")
    # Same username, another address: still locked.
    assert (
        attempt(Client(), "/connexion/", "partenaire", PASSWORD, "203.0.113.9").status_code == 429
    )
    # Guessing many usernames from one address locks that address.
    for n in range(5):
        attempt(client, "/connexion/", f"inconnu{n}", "faux", address="198.51.100.2")
    blocked = attempt(Client(), "/connexion/", "partenaire2", PASSWORD, "198.51.100.2")
    assert blocked.status_code == 429
    # Anybody else is untouched.
    assert (
        attempt(Client(), "/connexion/", "partenaire2", PASSWORD, "203.0.113.50").status_code == 302
    )


def test_the_lock_ends_after_the_cool_off(client, home_page):
    for n in range(5):
        attempt(client, "/connexion/", "partenaire", f"faux-{n}")
    with time_machine.travel(timezone.localtime() + datetime.timedelta(minutes=16), tick=False):
        assert attempt(Client(), "/connexion/", "partenaire", PASSWORD).status_code == 302


def login(client, username):
    response = attempt(client, "/connexion/", username, PASSWORD)
    assert response.status_code == 302
    return response


@override_settings(NUMIXS_STAFF_2FA=True)
def test_staff_set_up_a_second_factor_then_need_it_at_every_login(client, home_page):
    login(client, "coordination")
    first = client.get("/admin/")
    assert first.status_code == 302 and first["Location"].startswith(
        "/connexion/double-authentification/activer/"
    )
    setup = client.get(first["Location"])
    assert setup.status_code == 200 and "<svg" in setup.content.decode()
    device = TOTPDevice.objects.get(user__username="coordination", confirmed=False)
    wrong = client.post(first["Location"], {"code": "000000"})
    assert wrong.status_code == 400 and "Ce code ne fonctionne pas" in wrong.content.decode()
    # After a wrong code django-otp makes the next try wait a second or two.
    with time_machine.travel(timezone.localtime() + datetime.timedelta(seconds=5)):
        done = client.post(first["Location"], {"code": f"{totp(device.bin_key):06d}"})
    codes = re.findall(r"<code>(\w+)</code>", done.content.decode())
    assert len(codes) == 10, "ten recovery codes, shown once"
    assert client.get("/admin/").status_code == 200

    other = Client()
    login(other, "coordination")
    asked = other.get("/admin/pages/")
    assert asked.status_code == 302 and "/connexion/double-authentification/" in asked["Location"]
    verify = "/connexion/double-authentification/"
    assert other.post(verify, {"code": "12"}).status_code == 400
    with time_machine.travel(timezone.localtime() + datetime.timedelta(seconds=10)):
        assert other.post(verify, {"code": codes[0]}).status_code == 302
        assert other.get("/admin/").status_code == 200
        # A recovery code works once.
        third = Client()
        login(third, "coordination")
        assert third.post(verify, {"code": codes[0]}).status_code == 400


@override_settings(NUMIXS_STAFF_2FA=True)
def test_partners_choose_whether_to_use_a_second_factor(client, home_page):
    login(client, "partenaire")
    area = client.get("/partenaires/")
    assert area.status_code == 200  # not required, offered in their area:
    assert "Activer la double authentification" in area.content.decode()
    client.get("/connexion/double-authentification/activer/")
    device = TOTPDevice.objects.get(user__username="partenaire")
    client.post(
        "/connexion/double-authentification/activer/", {"code": f"{totp(device.bin_key):06d}"}
    )
    later = Client()
    login(later, "partenaire")
    assert later.get("/partenaires/").status_code == 302  # now asked for the code


def test_idle_staff_sessions_end(client, home_page):
    client.force_login(get_user_model().objects.get(username="coordination"))
    assert client.get("/admin/").status_code == 200
    with time_machine.travel(timezone.localtime() + datetime.timedelta(minutes=31), tick=False):
        response = client.get("/admin/")
    assert response.status_code == 302 and "_auth_user_id" not in client.session


def test_password_reset_links_expire_within_a_day_and_say_nothing_of_unknown_addresses(
    client, home_page
):
    unknown = client.post("/connexion/mot-de-passe-oublie/", {"email": "personne@example.org"})
    known = client.post("/connexion/mot-de-passe-oublie/", {"email": "partenaire@numixs.example"})
    assert unknown.content == known.content, "nobody learns who has an account"
    assert len(mail.outbox) == 1
    link = re.search(r"http\S+/connexion/mot-de-passe/\S+/", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert "Choisissez un mot de passe" in client.get(f"/{path}", follow=True).content.decode()
    with time_machine.travel(timezone.localtime() + datetime.timedelta(hours=25), tick=False):
        expired = Client().get(f"/{path}", follow=True).content.decode()
    assert "Ce lien ne fonctionne plus" in expired


def test_the_reset_form_is_rate_limited(client, home_page):
    statuses = [
        client.post("/connexion/mot-de-passe-oublie/", {"email": f"x{n}@example.org"}).status_code
        for n in range(7)
    ]
    assert (
        statuses[-1] == 429
        and "Trop de demandes"
        in client.post(
            "/connexion/mot-de-passe-oublie/", {"email": "y@example.org"}
        ).content.decode()
    )


def test_an_invitation_link_still_works_after_three_days(home_page):
    user = get_user_model().objects.create_user("invitee", email="invitee@example.org")
    token = invitation_tokens.make_token(user)
    with time_machine.travel(timezone.localtime() + datetime.timedelta(days=3), tick=False):
        assert invitation_tokens.check_token(user, token)
    with time_machine.travel(timezone.localtime() + datetime.timedelta(days=8), tick=False):
        assert not invitation_tokens.check_token(user, token)


@override_settings(NUMIXS_STAFF_2FA=True)
def test_the_demo_coordinator_logs_in_with_the_code_demo_code_prints(client, home_page):
    ensure_accounts()  # as seed_demo does where the second factor is required
    out = StringIO()
    call_command("demo_code", stdout=out)
    login(client, "coordination")
    response = client.post("/connexion/double-authentification/", {"code": out.getvalue()[:6]})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
