from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from participation.exceptions import TerritoryImportError
from participation.services.territories import territories_load_reference


class Command(BaseCommand):
    help = "Create or update the country, 14 regions and ~209 districts/cities from the `uzbekistan` package."

    def handle(self, *args, **options):
        show = options["verbosity"] > 0

        def progress(iterable, **kwargs):
            return tqdm(iterable, file=self.stderr._out, disable=not show, **kwargs)

        try:
            result = territories_load_reference(progress=progress)
        except TerritoryImportError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Territories: {result.created} created, {result.updated} updated, {result.unchanged} unchanged."
        )
