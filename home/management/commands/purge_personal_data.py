"""Apply the retention periods of personal data (run it daily from a scheduler)."""

from django.core.management.base import BaseCommand

from home.privacy import purge


class Command(BaseCommand):
    help = (
        "Anonymise or delete personal data past its retention period "
        "(NUMIXS_RETENTION_* settings; docs/privacy.md) and say what was done."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be done, change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        report = purge(dry_run=dry_run)
        prefix = "[simulation] " if dry_run else ""
        for what, count in report.items():
            self.stdout.write(f"{prefix}{what} : {count}")
