from django.core.management.base import BaseCommand, CommandError

from participation.locales import stale_catalogues, write_catalogues


class Command(BaseCommand):
    help = "Generate the Uzbek Cyrillic and Karakalpak catalogues and compile every catalogue to .mo."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Fail if committed catalogues are out of date.")

    def handle(self, *args, check=False, **options):
        if check:
            stale = stale_catalogues()
            if stale:
                raise CommandError("Out of date, run `make messages`: " + ", ".join(stale))
            self.stdout.write("Catalogues are up to date.")
            return
        for path in write_catalogues():
            self.stdout.write(f"wrote {path}")
