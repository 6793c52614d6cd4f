"""Settings read the environment strictly, and production refuses to start half-configured."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_list, env_str

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "x" * 20 + "a-long-production-secret-for-the-check-only-0123456789",
    "ALLOWED_HOSTS": "formations.numixs.example",
    "CSRF_TRUSTED_ORIGINS": "https://formations.numixs.example",
    "WAGTAILADMIN_BASE_URL": "https://formations.numixs.example",
    "DATABASE_URL": "sqlite:////tmp/numixs-check-deploy.sqlite3",
}


def manage(*args, env):
    inherited = ("SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL")
    clean = {k: v for k, v in os.environ.items() if k not in inherited}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_gives_no_warning_with_the_readme_environment():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    env = {**PRODUCTION_ENV, "ALLOWED_HOSTS": ""}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


@pytest.mark.parametrize("address", ["", "http://127.0.0.1:8000"])
def test_production_refuses_to_start_without_the_sites_public_address(address):
    """E-mail and QR links fell back to http://127.0.0.1:8000 in production."""
    result = manage("check", env={**PRODUCTION_ENV, "WAGTAILADMIN_BASE_URL": address})
    assert result.returncode != 0
    assert "WAGTAILADMIN_BASE_URL" in result.stderr


def test_manage_py_never_uses_a_secret_key_written_in_the_repository():
    """manage.py defaults to the dev settings: their key is made on this machine."""
    from config.settings import dev

    assert len(dev.SECRET_KEY) >= 50
    for source in (ROOT / "config" / "settings").glob("*.py"):
        assert dev.SECRET_KEY not in source.read_text()


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("0", False), ("Yes", True)])
def test_booleans_are_read_strictly(monkeypatch, raw, expected):
    monkeypatch.setenv("NUMIXS_FLAG", raw)
    assert env_bool("NUMIXS_FLAG") is expected


def test_a_misspelt_boolean_fails_loudly(monkeypatch):
    monkeypatch.setenv("NUMIXS_FLAG", "ture")
    with pytest.raises(ImproperlyConfigured):
        env_bool("NUMIXS_FLAG")


def test_lists_drop_blanks(monkeypatch):
    monkeypatch.setenv("NUMIXS_LIST", "a.example, ,b.example,")
    assert env_list("NUMIXS_LIST") == ["a.example", "b.example"]


def test_a_secret_can_come_from_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-a-file\n")
    monkeypatch.setenv("NUMIXS_SECRET_FILE", str(secret))
    assert env_str("NUMIXS_SECRET") == "from-a-file"


def test_the_site_speaks_french_in_paris():
    from django.conf import settings

    assert settings.LANGUAGE_CODE == "fr"
    assert settings.TIME_ZONE == "Europe/Paris"
    assert "en" in dict(settings.LANGUAGES)


def test_production_sends_sms_through_brevo_only_once_its_key_is_given():
    """Without a key no SMS leaves (nobody is told "sent" by a printout): the people go on
    the call list; with the key, Brevo."""
    # The child process prints its setting for this test to read.
    show = ("shell", "-c", "from django.conf import settings; print(settings.NUMIXS_SMS_BACKEND)")
    without = manage(*show, env=PRODUCTION_ENV)
    assert without.stdout.split()[-1] == "core.sms.backends.disabled.SmsBackend", without.stderr
    keyed = manage(*show, env={**PRODUCTION_ENV, "NUMIXS_SMS_BREVO_API_KEY": "xkeysib-test"})
    assert keyed.stdout.split()[-1] == "core.sms.backends.brevo.SmsBackend", keyed.stderr


def test_no_sms_provider_means_a_call_instead(home_page, django_capture_on_commit_callbacks):
    from django.test import override_settings

    from courses.models import Message
    from courses.services.enrolment import Person, enrol
    from tests.courses.factories import make_course, make_session, make_venue

    session = make_session(make_course("Atelier sans SMS"), venue=make_venue("Louvres"))
    with (
        override_settings(NUMIXS_SMS_BACKEND="core.sms.backends.disabled.SmsBackend"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        enrolment = enrol(session.pk, Person("Awa", "SansSms", phone="06 11 22 33 44")).enrolment
    enrolment.refresh_from_db()
    assert Message.objects.get(enrolment=enrolment).status == "failed"
    assert enrolment.needs_call
