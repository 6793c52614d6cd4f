import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from core.roles import ensure_roles
from courses.links import manage_url
from courses.models import Learner
from demo.accounts import DEMO_PASSWORD, ensure_accounts
from demo.attendance import ensure_todays_sittings, mark_past_sittings, share_the_week
from demo.catalogue import build_catalogue, build_large_catalogue, ensure_possible_duplicate
from demo.certificates import (
    ensure_partner_organisations,
    issue_demo_certificates,
    render_partner_certificates,
)
from demo.desk import ensure_desk_examples
from demo.pages import build_generated_pages, build_site
from demo.provider import ensure_provider_identity
from demo.reports import backdate_certificates, ensure_funders_history
from demo.search import ensure_synonyms


class Command(BaseCommand):
    help = "Build the demo site and one account per role (development only; idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--size",
            type=int,
            default=0,
            help="Extra generated content for load tests (number of generated pages).",
        )
        parser.add_argument(
            "--courses",
            type=int,
            default=0,
            help="Total generated courses to add to the demo (benchmarks).",
        )
        parser.add_argument(
            "--sessions",
            type=int,
            default=0,
            help="Total sessions the catalogue should hold (benchmarks).",
        )
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            default=None,
            help="The day the demo's dates are relative to (YYYY-MM-DD; default: today).",
        )
        parser.add_argument(
            "--skip-pdfs",
            action="store_true",
            help="Do not render the partners' certificate PDFs now (tests; first download does).",
        )

    def handle(self, *args, size=0, courses=0, sessions=0, skip_pdfs=False, today=None, **options):
        if settings.IS_PRODUCTION:
            raise CommandError(
                "seed_demo refuses to run with production settings: its accounts share a "
                "public password."
            )
        if min(size, courses, sessions) < 0:
            raise CommandError("--size, --courses and --sessions must be zero or more.")
        today = today or timezone.localdate()
        # The demo's people are made up: the messages its history produces (certificates
        # ready…) are logged as sent, to nobody, instead of flooding the console.
        with (
            override_settings(
                NUMIXS_SMS_BACKEND="core.sms.backends.locmem.SmsBackend",
                EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            ),
            transaction.atomic(),
        ):
            home = build_site()
            ensure_provider_identity()
            ensure_roles()  # again: the coordinators' page rights follow the new home page
            users = ensure_accounts()
            build_generated_pages(home, size)
            partners = ensure_partner_organisations(users)
            catalogue = build_catalogue(home, [users["formateur"]], partners, today=today)
            ensure_possible_duplicate()
            trainer = users["formateur"]
            ensure_todays_sittings(trainer, list(Learner.objects.all()[:120]), today=today)
            share_the_week(trainer, today=today)
            mark_past_sittings(trainer, today=today)
            ensure_funders_history(trainer, partners, today=today)
            ensure_desk_examples(trainer, today=today)
            certificate = issue_demo_certificates(users["coordination"], users["apprenant"])
            backdate_certificates(today=today)
            ensure_synonyms()
            if courses or sessions:
                build_large_catalogue(
                    catalogue, [users["formateur"]], courses, sessions, today=today
                )
        if not skip_pdfs:
            rendered = render_partner_certificates()
            if rendered:
                self.stdout.write(f"Rendered {rendered} certificates the demo partners download.")
        self.stdout.write(self.style.SUCCESS("Demo site ready at http://127.0.0.1:8000/"))
        self.stdout.write(f"Demo accounts (password: {DEMO_PASSWORD}): {', '.join(users)}")
        if certificate is not None:
            self.stdout.write(
                "A learner with a certificate (their own page, no account needed): "
                f"http://127.0.0.1:8000{manage_url(certificate.enrolment)}"
            )
