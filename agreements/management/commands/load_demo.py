from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string

from agreements.demo import DEFAULT_PASSWORD, DEFAULT_TOTP_SECRET, demo_password, demo_totp_secret

# Each part of the agreement adds its demo data after the agreement and people exist.
STEPS = [
    "schoolcalendar.demo.load",
    "assignments.demo.load",
    "students.demo.load",
    "reporting.demo.load",
    "activities.demo.load",
    "training.demo.load",
    "support.demo.load",
    "term.demo.load",
    "evaluation.demo.load",
    "board.demo.load",
    "bodycams.demo.load",
    "response.demo.load",
    "schoolvideo.demo.load",
    "incidents.demo.load",
    "schoolpolice.demo.load",
]


class Command(BaseCommand):
    help = "Load the synthetic demo (Westport and a second town). Does nothing if it is already loaded."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Only if the database has no agreement at all.")
        parser.add_argument(
            "--i-know-this-is-not-production",
            action="store_true",
            dest="not_production",
            help="Load the demo although DEBUG is off (a staging or test installation).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["not_production"]:
            # The demo's people share one published password and authenticator key.
            raise CommandError(
                "load_demo creates accounts with a published password and authenticator key, so it runs only "
                "with DEBUG=1 or --i-know-this-is-not-production. To set up a real town, see docs/operations.md."
            )
        from agreements import demo
        from agreements.models import Agreement

        if options["if_empty"] and Agreement.objects.exists():
            self.stdout.write("The database already has agreements; the demo was not loaded.")
            self._print_sign_ins()
            return
        with transaction.atomic():
            westport = demo.load()
            if westport is None:
                self.stdout.write("The demo is already loaded.")
            else:
                for step in STEPS:
                    import_string(step)(westport, stdout=self.stdout)
                self.stdout.write(self.style.SUCCESS("Demo loaded: agreements 'westport' and 'harborfalls'."))
        self._print_sign_ins()

    def _print_sign_ins(self):
        from agreements import demo

        password = demo_password()
        secret = demo_totp_secret()
        self.stdout.write(
            "Demo sign-ins: sro, sro2, chief, ssu, superintendent, principal, steward, admin "
            "(Westport); othersro, otherchief (Harbor Falls); operator (the installation)\n"
            f"  password: {password}{' (DEMO_PASSWORD)' if password != DEFAULT_PASSWORD else ''}\n"
            f"  authenticator key (TOTP, base32): {secret}{' (DEMO_TOTP_SECRET)' if secret != DEFAULT_TOTP_SECRET else ''}\n"
            f"  current code: {demo.demo_code()}   (or: manage.py demo_code)"
        )
