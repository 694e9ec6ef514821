from django.core.management.base import BaseCommand, CommandError

from agreements.setup import SetupError, apply_file
from audit.log import Actor


class Command(BaseCommand):
    help = (
        "Create or update an agreement from a TOML file (parties, schools, parameters, signatories, people). "
        "Running it twice changes nothing; a file with any error changes nothing. Prints each new person's "
        "one-time sign-in link."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The agreement's TOML file (see demo/westport.toml and docs/operations.md).")

    def handle(self, *args, **options):
        try:
            result = apply_file(options["path"], Actor.system("setup_agreement"))
        except SetupError as e:
            lines = "\n".join(f"  {key}: {message}" for key, message in e.errors)
            raise CommandError(f"{options['path']} was not applied; nothing changed.\n{lines}") from None
        agreement = result.agreement
        if result.created:
            self.stdout.write(self.style.SUCCESS(f"Created the agreement {agreement.slug!r}: {agreement.title}"))
        elif result.changes:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Updated the agreement {agreement.slug!r} ({result.changes} audited changes); "
                    f"now version {agreement.version}."
                )
            )
        else:
            self.stdout.write(f"The agreement {agreement.slug!r} already matches the file; nothing changed.")
        for username, link in result.invited:
            self.stdout.write(f"Invited {username}: {link}")
        if result.invited:
            self.stdout.write("Each link works once, for 72 hours; it was also emailed.")
