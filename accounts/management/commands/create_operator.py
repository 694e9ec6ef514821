from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.actions import do_create_operator
from audit.log import Actor


class Command(BaseCommand):
    help = (
        "Create the installation's operator, who holds no role in any agreement, sets up agreements and "
        "their first administrators, and reads no report content. Prints a one-time enrollment link."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", required=True)
        parser.add_argument("--name", default="", help="The operator's full name.")

    def handle(self, *args, **options):
        try:
            invited = do_create_operator(
                Actor.system("create_operator"),
                username=options["username"],
                email=options["email"],
                name=options["name"],
            )
        except ValidationError as e:
            raise CommandError(" ".join(e.messages)) from None
        self.stdout.write(self.style.SUCCESS(f"Created the operator {options['username']!r}."))
        self.stdout.write(f"One-time link (works once, for 72 hours): {invited.link}")
