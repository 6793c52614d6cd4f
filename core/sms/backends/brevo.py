"""Brevo (ex-Sendinblue, a French provider): transactional SMS over its HTTP API v3.

Settings:
- `NUMIXS_SMS_BREVO_API_KEY` (required), sent in the `api-key` header;
- `NUMIXS_SMS_SENDER`: the name shown to the recipient, 3 to 11 letters or digits;
- `NUMIXS_SMS_BREVO_URL`: the endpoint (default `https://api.brevo.com/v3/transactionalSMS/send`);
- `NUMIXS_SMS_STATUS_URL`: where Brevo posts delivery reports (`webUrl`), optional.

Answers: 2xx `{"messageId": …}` is sent; 429, 5xx and network failures are
temporary (retry later); other 4xx (`invalid_parameter`, `unauthorized`,
`not_enough_credits`…) are permanent. Messages never contain the word STOP:
Brevo would turn them into marketing SMS, held at night and on Sundays.
"""

import json
import urllib.error
import urllib.request

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from core.sms import SmsPermanentError, SmsResult, SmsTemporaryError, international
from core.sms.gsm import is_gsm7

DEFAULT_URL = "https://api.brevo.com/v3/transactionalSMS/send"
TIMEOUT = 10  # seconds: the task retries; a request never waits on it

# Brevo's report statuses -> ours (core.sms callers: "delivered" or "failed").
REPORT_STATUSES = {"delivered": "delivered", "hard_bounce": "failed", "rejected": "failed"}


def build_request(phone, text):
    """The HTTP request for one SMS (separate from sending, so tests can read it)."""
    key = getattr(settings, "NUMIXS_SMS_BREVO_API_KEY", "")
    if not key:
        raise ImproperlyConfigured("NUMIXS_SMS_BREVO_API_KEY is needed to send SMS with Brevo.")
    body = {
        "sender": settings.NUMIXS_SMS_SENDER,
        "recipient": international(phone),
        "content": text,
        "type": "transactional",
        "tag": "numixs",
        "unicodeEnabled": not is_gsm7(text),
    }
    status_url = getattr(settings, "NUMIXS_SMS_STATUS_URL", "")
    if status_url:
        body["webUrl"] = status_url
    return urllib.request.Request(  # noqa: S310 — the URL is the operator's setting
        getattr(settings, "NUMIXS_SMS_BREVO_URL", "") or DEFAULT_URL,
        data=json.dumps(body).encode(),
        method="POST",
        headers={
            "api-key": key,
            "accept": "application/json",
            "content-type": "application/json",
        },
    )


def _error(status, payload):
    code = payload.get("code", "") if isinstance(payload, dict) else ""
    message = payload.get("message", "") if isinstance(payload, dict) else ""
    text = f"Brevo {status}: {code or 'error'} {message}".strip()
    if status == 429 or status >= 500:
        return SmsTemporaryError(text, code=code or str(status))
    return SmsPermanentError(text, code=code or str(status))


def _read_json(raw):
    try:
        return json.loads(raw or b"{}")
    except ValueError:
        return {}


class SmsBackend:
    def send(self, phone, text):
        request = build_request(phone, text)
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
                payload = _read_json(response.read())
        except urllib.error.HTTPError as error:
            raise _error(error.code, _read_json(error.read())) from error
        except (TimeoutError, urllib.error.URLError, ConnectionError) as error:
            raise SmsTemporaryError(f"Brevo unreachable: {error}", code="network") from error
        return SmsResult(provider_id=str(payload.get("messageId", "")))


def parse_report(payload):
    """(provider message id, "delivered" | "failed" | None) from a delivery report."""
    if not isinstance(payload, dict):
        return "", None
    message_id = str(payload.get("messageId") or payload.get("message_id") or "")
    status = str(payload.get("msg_status") or payload.get("event") or "").lower()
    return message_id, REPORT_STATUSES.get(status)
