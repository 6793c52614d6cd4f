"""Tests: each SMS is appended to `core.sms.outbox` (cleared by the tests' fixture)."""

from dataclasses import dataclass

from core import sms


@dataclass(frozen=True)
class Sent:
    to: str
    text: str


class SmsBackend:
    def send(self, phone, text):
        sms.outbox.append(Sent(to=phone, text=text))
        return sms.SmsResult(provider_id=f"locmem-{len(sms.outbox)}")
