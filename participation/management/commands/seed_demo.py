from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from participation.services.demo import DEMO_PASSWORD, demo_seed


class Command(BaseCommand):
    help = "Load demo territories, khokimiyat staff and residents (idempotent). Refused in production."

    def handle(self, *args, **options):
        if not getattr(settings, "ALLOW_DEMO_DATA", False):
            raise CommandError("Demo accounts share a published password: refused unless ALLOW_DEMO_DATA is set.")
        logins = demo_seed()
        width = max(len(login.email) for login in logins)
        self.stdout.write("\nDemo logins (password for all: %s)\n" % DEMO_PASSWORD)
        for login in logins:
            self.stdout.write(f"  {login.email.ljust(width)}  {login.who}")
        self.stdout.write("")
