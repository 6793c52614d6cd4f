"""Development: DEBUG on, e-mails printed to the console, a secret of this machine's own.

`manage.py` defaults to these settings, so their secret key is never one that is
written in the repository (anyone could sign links and sessions with it): it is
made at random on first use and kept in var/ (not committed).
"""

import secrets

from config.env import env_str

from .base import *  # noqa: F403


def _machine_secret():
    path = BASE_DIR / "var" / "dev-secret-key"  # noqa: F405
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


DEBUG = True
SECRET_KEY = env_str("SECRET_KEY") or _machine_secret()
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
