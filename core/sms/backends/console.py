"""Development: the SMS is printed where runserver's output goes."""

import sys
import uuid

from core.sms import SmsResult


class SmsBackend:
    def send(self, phone, text):
        sys.stdout.write(f"--- SMS to {phone} ---\n{text}\n---\n")
        sys.stdout.flush()
        return SmsResult(provider_id=f"console-{uuid.uuid4().hex[:12]}")
