"""No SMS provider configured (production without a key): every SMS fails at once, so
the person goes on the call list instead of believing they were told."""

from core.sms import SmsPermanentError


class SmsBackend:
    def send(self, phone, text):
        raise SmsPermanentError("no SMS provider configured", code="disabled")
