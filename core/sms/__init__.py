"""Sending SMS: a pluggable backend, chosen by a setting, like Django's e-mail backends.

    from core import sms
    result = sms.send("06 12 34 56 78", "Numixs : inscription confirmée…")

Backends (`NUMIXS_SMS_BACKEND`):
- `core.sms.backends.console.SmsBackend` prints the message (development);
- `core.sms.backends.locmem.SmsBackend` keeps it in `core.sms.outbox` (tests);
- `core.sms.backends.brevo.SmsBackend` sends it through Brevo's HTTP API (production).

A backend raises `SmsTemporaryError` when trying again later may work (network,
rate limit, provider down) and `SmsPermanentError` when it cannot (bad number,
bad key, no credit): the caller decides whether to retry.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

from core.sms.gsm import to_gsm7

outbox = []  # filled by the locmem backend


class SmsError(Exception):
    def __init__(self, message, code=""):
        super().__init__(message)
        self.code = code


class SmsTemporaryError(SmsError):
    """Try again later."""


class SmsPermanentError(SmsError):
    """Trying again will not help."""


@dataclass(frozen=True)
class SmsResult:
    provider_id: str = ""


MOBILE = re.compile(r"0[67]\d{8}")


def national(phone):
    """'+33 6 12 34 56 78', '0033612345678', '06.12.34.56.78' -> '0612345678'."""
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("0033"):
        digits = "0" + digits[4:]
    elif digits.startswith("33") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits


def is_mobile(phone):
    """A French mobile number (06, 07), however written: the only ones that receive SMS."""
    return bool(MOBILE.fullmatch(national(phone)))


def international(phone):
    """'06 12 34 56 78' -> '33612345678' (what providers expect)."""
    return "33" + national(phone)[1:]


def get_backend():
    return import_string(settings.NUMIXS_SMS_BACKEND)()


def send(phone, text):
    """Send `text` (made GSM-7 where it can be) to a French mobile; returns an SmsResult."""
    if not is_mobile(phone):
        raise SmsPermanentError("not a French mobile number", code="not_mobile")
    return get_backend().send(phone, to_gsm7(text))
