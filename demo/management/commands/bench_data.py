import datetime
import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo import bench

# action -> (function of demo.bench, its options: name -> (type, default, help))
ACTIONS = {
    "open-session-paths": (
        bench.open_session_paths,
        {"count": (int, 20, "how many sessions at most")},
    ),
    "todays-demo-sitting": (
        bench.todays_demo_sitting,
        {"day": (datetime.date.fromisoformat, None, "the day seed_demo was given (YYYY-MM-DD)")},
    ),
    "certificate-timing": (
        bench.certificate_timing,
        {"count": (int, 200, "how many certificates to render")},
    ),
    "certificate-download-path": (bench.certificate_download_path, {}),
    "partner-data": (
        bench.partner_data,
        {
            "learners": (int, 2000, "referred learners to add"),
            "certificates": (int, 500, "certificates to add (at most)"),
        },
    ),
    "zip-memory": (
        bench.zip_memory,
        {"count": (int, 500, "bench certificates in the larger ZIP")},
    ),
    "bench-enrolment-count": (bench.bench_enrolment_count, {}),
    "bench-mark-count": (bench.bench_mark_count, {}),
    "bench-certificate-count": (bench.bench_certificate_count, {}),
}


class Command(BaseCommand):
    help = (
        "Serves scripts/bench.py: one benchmark step on the database, its result printed "
        "as one line of JSON (development only)."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="action")
        for name, (function, options) in ACTIONS.items():
            action = actions.add_parser(name, help=function.__doc__.splitlines()[0])
            for option, (kind, default, text) in options.items():
                action.add_argument(f"--{option}", type=kind, default=default, help=text)

    def handle(self, *args, action, **options):
        # scripts/bench.py serves the site with production settings but runs this command
        # with config.settings.dev (as it does seed_demo), so refusing production is safe.
        if settings.IS_PRODUCTION:
            raise CommandError(
                "bench_data refuses to run with production settings: it writes benchmark data."
            )
        function, names = ACTIONS[action]
        result = function(**{name: options[name] for name in names})
        self.stdout.write(json.dumps(result))
