"""Absolute links, for e-mails, PDFs and QR codes (which leave the site)."""

from django.conf import settings


def absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
