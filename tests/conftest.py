import datetime
import io
import os
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command
from wagtail.models import Site

from home.models import HomePage

# The suite never reads the real calendar: the clock starts at this instant (Europe/Paris)
# and ticks from there. CI runs the time-sensitive modules again at other instants
# (a Sunday 23:55, 31 December 23:30) through NUMIXS_TEST_NOW.
DEFAULT_TEST_NOW = "2026-12-07T09:00"  # a Monday morning
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def pinned_instant():
    value = os.environ.get("NUMIXS_TEST_NOW") or DEFAULT_TEST_NOW
    instant = datetime.datetime.fromisoformat(value)
    return instant if instant.tzinfo else instant.replace(tzinfo=PARIS)


def pytest_configure(config):
    """Pin the clock before anything (the demo seed included) reads it."""
    config._numixs_clock = time_machine.travel(pinned_instant(), tick=True)
    config._numixs_clock.start()


@pytest.fixture(autouse=True)
def _pinned_clock():
    """Each test starts at the pinned instant, however long the tests before it took."""
    with time_machine.travel(pinned_instant(), tick=True):
        yield


def pytest_unconfigure(config):
    clock = getattr(config, "_numixs_clock", None)
    if clock is not None:
        clock.stop()


def seed_demo():
    """The demo, its dates relative to the pinned day (never the real calendar)."""
    today = pinned_instant().astimezone(PARIS).date()
    call_command("seed_demo", skip_pdfs=True, today=today, stdout=io.StringIO())


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Seed the demo site once; each test then runs in a transaction rolled back after it.

    Tests that need real commits (the browser tests' live server) flush the
    database and seed it again themselves.
    """
    with django_db_blocker.unblock():
        ours = ensure_test_database()
        seed_demo()
    yield
    with django_db_blocker.unblock():
        end_other_database_sessions()
        if ours:
            from django.test.utils import teardown_databases

            teardown_databases(ours, verbosity=0)


def ensure_test_database():
    """Set up the test database if pytest-django did not.

    pytest-django sets up only the databases of tests marked `django_db`; a run
    of browser tests that write (not marked: see tests/browser/conftest.py)
    would otherwise seed and write to the development database.
    """
    from django.test.utils import setup_databases

    if using_test_database():
        return None
    return setup_databases(verbosity=0, interactive=False, aliases={"default"})


def _test_database_name():
    from django.db import connection

    return connection.creation._get_test_db_name()


# Computed when this module is imported, before any database is set up (after
# that, PostgreSQL's test name would be derived from the test name itself).
TEST_DATABASE_NAME = _test_database_name()


def using_test_database():
    from django.db import connection

    return connection.settings_dict["NAME"] == TEST_DATABASE_NAME


def end_other_database_sessions():
    """End the PostgreSQL sessions that server threads of the browser tests still hold.

    A live-server request thread closes its connection only when the browser
    closes its keep-alive socket, which can come after the server stops;
    PostgreSQL would then refuse to drop the test database.
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture
def demo_site(db):
    """The demo page tree and accounts, as `make run` builds them."""
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def home_page(demo_site):
    return HomePage.objects.get()


def pytest_report_header(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return [
        f"database: {engine} (set DATABASE_URL to change)",
        f"clock pinned at {pinned_instant().isoformat()} (set NUMIXS_TEST_NOW to change)",
    ]


@pytest.fixture(autouse=True)
def sms_outbox():
    """The SMS sent during the test (the locmem backend), empty at the start."""
    from core import sms

    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: rolled-back data must not live on in it."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
