from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from participation.exceptions import TerritoryImportError
from participation.services.territories import (
    MAHALLA_COLUMNS_OPTIONAL,
    MAHALLA_COLUMNS_REQUIRED,
    mahallas_import_csv,
)


class Command(BaseCommand):
    help = (
        "Import mahallas from a UTF-8 CSV with a header row. Required columns: "
        + ", ".join(MAHALLA_COLUMNS_REQUIRED)
        + "; optional: "
        + ", ".join(MAHALLA_COLUMNS_OPTIONAL)
        + ". See docs/territories.md. Nothing is imported if any row is bad."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv_path", type=Path)

    def handle(self, *args, csv_path: Path, **options):
        show = options["verbosity"] > 0
        if not csv_path.exists():
            raise CommandError(f"{csv_path}: no such file")

        def progress(iterable, **kwargs):
            return tqdm(iterable, file=self.stderr._out, disable=not show, **kwargs)

        with csv_path.open(encoding="utf-8-sig", newline="") as handle:
            try:
                result = mahallas_import_csv(handle, progress=progress)
            except TerritoryImportError as error:
                for line, message in error.errors:
                    self.stderr.write(f"{csv_path}:{line}: {message}")
                raise CommandError(f"{len(error.errors)} bad row(s); nothing was imported.") from None
        self.stdout.write(
            f"Mahallas: {result.created} created, {result.updated} updated, {result.unchanged} unchanged."
        )
