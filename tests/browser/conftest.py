"""Real-browser tests: Playwright driving Debian's Chromium against a live server.

Locally, a missing browser skips these tests with the reason; in CI (CI=true)
it fails the run, so a green CI always means the browser tests ran.
"""

import datetime
import os
from pathlib import Path

import pytest

from tests.conftest import seed_demo, using_test_database

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

VIEWPORTS = {
    "phone": {
        "viewport": {"width": 375, "height": 667},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 2,
    },
    "tablet": {"viewport": {"width": 1024, "height": 768}, "has_touch": True},
    "desktop": {"viewport": {"width": 1440, "height": 900}},
}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            if item.get_closest_marker("writes_through_live_server"):
                # No test transaction: on SQLite it would hold the write lock that
                # the live server needs. These tests clean up after themselves.
                continue
            # The mark makes pytest-django create the test database even when only
            # browser tests run; without it they would read the development one.
            item.add_marker(pytest.mark.django_db)


def _unavailable(reason):
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"Browser tests must run in CI: {reason}")
    # Outside CI a developer without Chromium still gets the rest of the suite.
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (make install)")
    if not Path(CHROMIUM).exists():
        _unavailable(f"{CHROMIUM} not found (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; Django would then
    # refuse the ORM calls of the fixtures that seed the database. Only while
    # the browser runs: other tests keep Django's async-safety checks.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def site_url(browser, django_db_setup, django_db_blocker):
    """One live server for all browser tests, over the demo site seeded for the session.

    pytest-django's live_server would flush and re-seed the database around
    every test; these tests only read, so they share one server and one seed.
    """
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.db import connections
    from django.test.testcases import LiveServerThread

    from home.models import HomePage

    with django_db_blocker.unblock():
        # Never the development database (see tests.conftest.ensure_test_database).
        assert using_test_database(), connections["default"].settings_dict["NAME"]
        if not HomePage.objects.exists():  # a transactional test flushed it
            seed_demo()
        # An in-memory SQLite database exists only in this connection: share it.
        shared = {
            conn.alias: conn
            for conn in connections.all()
            if conn.vendor == "sqlite" and conn.is_in_memory_db()
        }
        for conn in shared.values():
            conn.inc_thread_sharing()
        server = LiveServerThread("localhost", StaticFilesHandler, connections_override=shared)
        server.daemon = True
        server.start()
        server.is_ready.wait()
        if server.error:
            raise server.error
        yield f"http://localhost:{server.port}"
        server.terminate()
        for conn in shared.values():
            conn.dec_thread_sharing()


@pytest.fixture(params=list(VIEWPORTS))
def page(request, browser):
    # Playwright's wait_for_function evaluates strings in the page, which the site's
    # Content-Security-Policy forbids: these pages bypass it; test_csp_browser.py
    # walks the pages with the policy enforced.
    context = browser.new_context(locale="fr-FR", bypass_csp=True, **VIEWPORTS[request.param])
    # The browser's clock follows the server's pinned one (tests/conftest.py): a tablet
    # stamps its marks with its own time, which the server checks against the sitting.
    context.clock.install(time=datetime.datetime.now(datetime.UTC))
    page = context.new_page()
    page.size_name = request.param
    # The Content-Security-Policy forbids inline scripts and third-party resources:
    # a page that breaks it would silently lose its JavaScript. Fail instead.
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    context.close()
    assert not violations, f"Content-Security-Policy violations: {violations}"


def screenshot(page, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}-{page.size_name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def assert_no_axe_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={
            "runOnly": {
                "type": "tag",
                "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
            },
            "resultTypes": ["violations"],
        },
    )
    assert results.violations_count == 0, results.generate_report()


def assert_no_horizontal_scroll(page):
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"


def delete_learners(django_db_blocker, prefix):
    """Remove the learners (and their enrolments) a test created through the live server."""
    from courses.models import Enrolment, Learner

    with django_db_blocker.unblock():
        Enrolment.objects.filter(learner__last_name__startswith=prefix).delete()
        Learner.objects.filter(last_name__startswith=prefix).delete()
