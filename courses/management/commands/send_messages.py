from django.core.management.base import BaseCommand

from courses.notifications import send_due_messages


class Command(BaseCommand):
    help = (
        "Send the SMS and e-mails whose next attempt is due (after a provider outage). "
        "Run it every few minutes from cron, beside send_reminders."
    )

    def handle(self, *args, **options):
        sent = send_due_messages()
        self.stdout.write(f"{sent} message(s) tried again.")
