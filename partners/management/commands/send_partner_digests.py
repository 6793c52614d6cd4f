from django.core.management.base import BaseCommand

from partners.digests import send_digests


class Command(BaseCommand):
    help = (
        "Send each partner member their weekly digest (new enrolments, absences, certificates "
        "issued) unless they opted out. Run it weekly from a scheduler."
    )

    def handle(self, *args, **options):
        queued = send_digests()
        self.stdout.write(f"{queued} digest(s) queued (members with nothing new get none).")
