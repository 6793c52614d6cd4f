"""Tests: fast and deterministic; the database still comes from DATABASE_URL."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
NUMIXS_SMS_BACKEND = "core.sms.backends.locmem.SmsBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
PRIVATE_ROOT = Path(tempfile.mkdtemp(prefix="numixs-test-private-"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "private": {"BACKEND": "core.storage.PrivateStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
AUTHENTICATION_BACKENDS = [
    "tests.backends.AxesUnlessTestClientLogin",
    "django.contrib.auth.backends.ModelBackend",
]
# Staff's second factor is set up and asked for in tests/security/test_logins.py;
# elsewhere staff log in with their password only, as set-up for what is tested.
NUMIXS_STAFF_2FA = False
BENCHMARK_ENDPOINT = True
NUMIXS_PAGE_CACHE_SECONDS = 0  # tests of the page cache turn it on

# SQLite tests use a database file rather than memory, so that threads (the
# concurrency tests, the browser tests' live server) open connections of their own.
_database = DATABASES["default"]  # noqa: F405
if _database["ENGINE"] == "django.db.backends.sqlite3":
    _database["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"numixs-test-{os.getpid()}.sqlite3")
    }
