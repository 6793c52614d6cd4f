import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from courses.services.enrolment import send_reminders


class Command(BaseCommand):
    help = "Remind (SMS, e-mail) every confirmed learner whose session starts tomorrow (once)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Send for sessions starting on this day (YYYY-MM-DD).")

    def handle(self, *args, date=None, **options):
        if date:
            try:
                day = datetime.date.fromisoformat(date)
            except ValueError as error:
                raise CommandError("--date must look like 2026-12-01.") from error
        else:
            day = timezone.localdate() + datetime.timedelta(days=1)
        sent = send_reminders(day)
        self.stdout.write(f"{sent} reminder(s) sent for sessions starting on {day}.")
