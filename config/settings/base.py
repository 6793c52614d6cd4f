"""Settings shared by every environment; each value that differs comes from the environment."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
SITE_DIR = BASE_DIR / "site"

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# True only in config.settings.production: seed_demo and other development
# helpers refuse to run when it is set.
IS_PRODUCTION = False

DJANGO_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]
THIRD_PARTY_APPS = [
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]
# The project's apps, bottom layer first (docs/architecture.md): each imports only
# from the apps above it in this list.
LOCAL_APPS = [
    "core",
    "courses",
    "attendance",
    "certificates",
    "partners",
    "reports",
    "home",
    "search",
    "demo",
]
INSTALLED_APPS = LOCAL_APPS + THIRD_PARTY_APPS + DJANGO_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.csp.SiteCSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "home.middleware.ExplicitLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "home.accounts.SecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "courses.cache.PageCacheMiddleware",
    # Last: counts failed logins and refuses locked-out ones (django-axes).
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy on every response (core.csp relaxes it for the Wagtail
# admin only): scripts, styles, fonts and images from this origin, nothing inline.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
        "frame-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}
# Permissions-Policy: no page needs the camera, microphone, location or payment.
PERMISSIONS_POLICY = {
    "camera": [],
    "microphone": [],
    "geolocation": [],
    "payment": [],
    "usb": [],
    "interest-cohort": [],
}

ROOT_URLCONF = "config.urls"
CSRF_FAILURE_VIEW = "home.views.csrf_failure"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.site_contact",
            ],
        },
    },
]

# Database: a SQLite file by default (nothing to set up); PostgreSQL in production.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; IMMEDIATE transactions take
    # the write lock up front, so concurrent writers wait instead of failing
    # with "database is locked" half-way through.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "home.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username or address before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling (django-axes), on /connexion/ and /admin/login/: after 5 failures
# the username is locked, and separately the client's address (read through the
# trusted proxies), for 15 minutes; the page says so in French with the phone number.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_CLIENT_IP_CALLABLE = "core.clients.client_ip"
AXES_LOCKOUT_CALLABLE = "home.accounts.lockout"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Two-factor authentication (TOTP + recovery codes, django-otp): required for staff
# and coordinators; partners may turn it on (home.accounts).
NUMIXS_STAFF_2FA = env_bool("NUMIXS_STAFF_2FA", True)
OTP_TOTP_ISSUER = "Numixs Formations"
# Staff are logged out after this long without a request.
NUMIXS_STAFF_IDLE_MINUTES = env_int("NUMIXS_STAFF_IDLE_MINUTES", 30)

LOGIN_URL = "/connexion/"
LOGIN_REDIRECT_URL = "/mon-espace/"  # each role's own area (home.views.my_area)
LOGOUT_REDIRECT_URL = "/"
# Password-reset links expire within a day; invitation links (choose a first
# password) have their own, longer validity (partners.invitations).
PASSWORD_RESET_TIMEOUT = 24 * 3600
NUMIXS_INVITATION_TIMEOUT = 7 * 24 * 3600

# Cache: Redis when REDIS_URL is set, otherwise this process's memory. An
# unreachable Redis slows pages down but breaks none (core.cache); short
# timeouts keep a vanished server from holding requests up.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "numixs",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Reverse proxies whose X-Forwarded-For is believed (addresses or networks, e.g.
# "127.0.0.1,10.0.0.0/8"): the client's address is read through them only
# (core.clients). Empty: the header is ignored, REMOTE_ADDR is the client.
NUMIXS_TRUSTED_PROXIES = env_list("NUMIXS_TRUSTED_PROXIES")

# Enrolment attempts allowed per address per ten minutes (a mediation room
# shares one address: keep it well above what a room of people would send).
NUMIXS_ENROL_RATE_LIMIT = env_int("NUMIXS_ENROL_RATE_LIMIT", 20)

# Background tasks (certificate batches, e-mails): run at once unless a
# production deployment chooses the database backend and runs a worker.
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
    }
}

# Languages: French is the site's language; English is available through gettext.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("Anglais"))]
LOCALE_PATHS = [SITE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
# Dates typed and shown the French way in the admin (11/01/2027, 09:30), whatever the
# staff member's admin language; ISO dates are still read.
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%Y-%m-%d %H:%M:%S"]
FORMAT_MODULE_PATH = ["config.formats"]  # English reads 11/01/2027 as 11 January too

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [SITE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Personal files (certificates…): outside MEDIA_ROOT, never served by a URL of their
# own; only views that check access per object hand them out (core.storage).
PRIVATE_ROOT = Path(env_str("PRIVATE_ROOT", str(BASE_DIR / "var" / "private")))
# "" (Django streams the file), "x-accel-redirect" (nginx) or "x-sendfile" (Apache).
PRIVATE_FILES_ACCEL = env_str("PRIVATE_FILES_ACCEL", "")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "core.storage.PrivateStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# E-mail
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Numixs Formations <formations@numixs.example>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# SMS: the learners' channel (most have a phone, few an e-mail). The console
# backend prints them (development); production chooses Brevo (core.sms.backends.brevo).
NUMIXS_SMS_BACKEND = env_str("NUMIXS_SMS_BACKEND", "core.sms.backends.console.SmsBackend")
NUMIXS_SMS_SENDER = env_str("NUMIXS_SMS_SENDER", "Numixs")  # 3 to 11 letters or digits
NUMIXS_SMS_BREVO_API_KEY = env_str("NUMIXS_SMS_BREVO_API_KEY", "")
NUMIXS_SMS_BREVO_URL = env_str("NUMIXS_SMS_BREVO_URL", "")
# Delivery reports: Brevo posts them to /sms/statut/<this token>/ (empty: no reports).
NUMIXS_SMS_STATUS_TOKEN = env_str("NUMIXS_SMS_STATUS_TOKEN", "")
# A message that could not be sent is tried again this many times in all, further apart.
NUMIXS_MESSAGE_ATTEMPTS = env_int("NUMIXS_MESSAGE_ATTEMPTS", 5)

# Contact shown when the database cannot be read (the 500 page); editors set
# the real contact details in the Wagtail admin (Paramètres > Contact).
NUMIXS_FALLBACK_PHONE = env_str("NUMIXS_FALLBACK_PHONE", "01 99 00 12 34")

# How long anonymous catalogue and course pages stay cached (0 turns the cache off).
# Any catalogue change drops them at once; this bounds staleness across processes.
NUMIXS_PAGE_CACHE_SECONDS = env_int("NUMIXS_PAGE_CACHE_SECONDS", 60)

# At most this many distinct "searches with no result" are kept (the least made,
# longest ago, make way): robots inventing queries cannot fill the database.
NUMIXS_ZERO_RESULT_MAX = env_int("NUMIXS_ZERO_RESULT_MAX", 5000)

# Retention of personal data (home.privacy.purge, run daily by
# `manage.py purge_personal_data`; docs/privacy.md is the processing register).
NUMIXS_RETENTION_LEARNER_YEARS = env_int("NUMIXS_RETENTION_LEARNER_YEARS", 3)
NUMIXS_RETENTION_EVIDENCE_YEARS = env_int("NUMIXS_RETENTION_EVIDENCE_YEARS", 6)
NUMIXS_RETENTION_SEARCH_DAYS = env_int("NUMIXS_RETENTION_SEARCH_DAYS", 90)
NUMIXS_RETENTION_INVITATION_DAYS = env_int("NUMIXS_RETENTION_INVITATION_DAYS", 30)
NUMIXS_RETENTION_LOGIN_ATTEMPTS_DAYS = env_int("NUMIXS_RETENTION_LOGIN_ATTEMPTS_DAYS", 90)
NUMIXS_RETENTION_AUDIT_YEARS = env_int("NUMIXS_RETENTION_AUDIT_YEARS", 6)
# The log of SMS and e-mails sent to learners (recipient, text, delivery): a year.
NUMIXS_RETENTION_MESSAGES_DAYS = env_int("NUMIXS_RETENTION_MESSAGES_DAYS", 365)

# The /bench/hello/ baseline view exists only for the benchmark script.
BENCHMARK_ENDPOINT = env_bool("BENCHMARK_ENDPOINT", False)

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "Numixs Formations"
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
# Site search (search/): Wagtail's database backend. On PostgreSQL it indexes and queries
# with the numixs_french configuration (unaccent + French stemming, search migration 0002);
# SQLite ignores SEARCH_CONFIG and uses FTS5. For a large site, set OPENSEARCH_URL
# (OpenSearch 2) and run `manage.py update_index`: nothing else changes (see the README).
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "numixs_french"}
}
if env_str("OPENSEARCH_URL"):
    WAGTAILSEARCH_BACKENDS["default"] = {
        "BACKEND": "wagtail.search.backends.opensearch2",
        "URLS": [env_str("OPENSEARCH_URL")],
        "INDEX": env_str("OPENSEARCH_INDEX", "numixs"),
        "TIMEOUT": 5,
        "OPTIONS": {},
        "INDEX_SETTINGS": {},
    }
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "zip"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAIL_USER_EDIT_FORM = None
# No third-party requests from the admin: no avatars from gravatar.com (they
# leak a hash of each staff member's e-mail), no release check.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        # Page publishing and every immediate task log at INFO: too chatty for a console.
        "wagtail": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},  # one INFO line per rendering step
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "WARNING"},  # one INFO line per login attempt
    },
}
