"""Production: every secret from the environment; refuses to start without them."""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str

from .base import *  # noqa: F403

IS_PRODUCTION = True
DEBUG = False

SECRET_KEY = env_str("SECRET_KEY", required=True)
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the site's host names.")

# Links in e-mails, PDFs and QR codes are built on the site's public address: without
# it they would point at 127.0.0.1 (core.links).
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", required=True).rstrip("/")
if not WAGTAILADMIN_BASE_URL.startswith("https://"):
    raise ImproperlyConfigured("WAGTAILADMIN_BASE_URL must be the site's public https:// address.")
_public_host = (urlsplit(WAGTAILADMIN_BASE_URL).hostname or "").lower()
if (
    not _public_host
    or _public_host in {"localhost", "0.0.0.0", "::1", "::"}  # noqa: S104 (refused, not bound)
    or _public_host.endswith(".localhost")
    or _public_host.startswith("127.")
):
    raise ImproperlyConfigured(
        "WAGTAILADMIN_BASE_URL must be the site's public address (e.g. "
        f"https://formations.example.fr), not {WAGTAILADMIN_BASE_URL!r}: the QR codes of "
        "certificates and the links in e-mails and SMS are built on it."
    )

# HTTPS: a reverse proxy terminates TLS and sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

ADMINS = [("Numixs", address) for address in env_list("ADMIN_EMAILS")]

# SMS: Brevo once its key is given; until then no SMS leaves (a printed SMS reaches
# nobody), the messages fail at once and the people they were for go on the call list.
NUMIXS_SMS_BACKEND = env_str(
    "NUMIXS_SMS_BACKEND",
    "core.sms.backends.brevo.SmsBackend"
    if env_str("NUMIXS_SMS_BREVO_API_KEY", "")
    else "core.sms.backends.disabled.SmsBackend",
)
