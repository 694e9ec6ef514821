from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.actions import do_invite
from accounts.models import Role
from agreements.models import Agreement
from audit.log import Actor


class Command(BaseCommand):
    help = "Give a person a role in an agreement and print their one-time sign-in link (also emailed)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--agreement", required=True, help="The agreement's slug.")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--email", required=True)
        parser.add_argument("--name", default="", help="The person's full name (for a new account).")
        parser.add_argument(
            "--school", action="append", default=[], help="A school's name (repeat; the first is the primary)."
        )
        parser.add_argument("--badge-number", default="", help="For police roles.")
        parser.add_argument("--title", default="", help="Rank or job title, e.g. Officer.")

    def handle(self, *args, **options):
        agreement = Agreement.objects.filter(slug=options["agreement"]).first()
        if agreement is None:
            raise CommandError(f"No agreement with the slug {options['agreement']!r}.")
        schools = []
        for name in options["school"]:
            school = agreement.schools.filter(name=name).first()
            if school is None:
                known = ", ".join(agreement.schools.values_list("name", flat=True))
                raise CommandError(f"{name!r} is not one of the agreement's schools ({known}).")
            schools.append(school)
        try:
            invited = do_invite(
                Actor.system("invite"),
                agreement,
                username=options["username"],
                name=options["name"] or options["username"],
                email=options["email"],
                role=options["role"],
                schools=schools,
                badge_number=options["badge_number"],
                title=options["title"],
            )
        except ValidationError as e:
            raise CommandError(" ".join(e.messages)) from None
        except PermissionDenied as e:
            raise CommandError(str(e)) from None
        if invited is None:
            self.stdout.write(f"{options['username']} already holds that role; nothing changed.")
        elif not invited.link:
            self.stdout.write(self.style.SUCCESS(f"{options['username']} now holds the role; they already sign in."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Invited {options['username']}."))
            self.stdout.write(f"One-time link (works once, for 72 hours): {invited.link}")
