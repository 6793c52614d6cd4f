"""Print the demo staff's current two-factor code (development only)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp

from demo.accounts import DEMO_TOTP_KEY


class Command(BaseCommand):
    help = "Print the six-digit code the demo accounts admin and coordination are asked for."

    def handle(self, *args, **options):
        if settings.IS_PRODUCTION:
            raise CommandError("demo_code refuses to run with production settings.")
        code = totp(bytes.fromhex(DEMO_TOTP_KEY))
        self.stdout.write(f"{code:06d}  (valid about 30 seconds; admin and coordination)")
