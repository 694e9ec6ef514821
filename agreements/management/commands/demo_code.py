from django.core.management.base import BaseCommand

from agreements.demo import demo_code


class Command(BaseCommand):
    help = "Print the current verification code for the demo accounts."

    def handle(self, *args, **options):
        self.stdout.write(demo_code())
