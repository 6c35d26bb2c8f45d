"""Write a budget cycle's counted, anonymous ballots as a pabulib ``.pb`` file.

    python manage.py budget_export CYCLE_ID [-o FILE]

The file is ``proposals.budgeting.services.results.cycle_export_pb``: anyone can recompute the
published winners from it with pabutools (or ``budget_tally``).
"""

from django.core.management.base import BaseCommand, CommandError

from proposals.budgeting.models import Cycle
from proposals.budgeting.services.results import cycle_export_pb


class Command(BaseCommand):
    help = "Write a budget cycle's counted ballots as a pabulib .pb file (stdout, or -o FILE)."

    def add_arguments(self, parser):
        parser.add_argument("cycle_id", type=int)
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")

    def handle(self, *args, **options):
        try:
            cycle = Cycle.objects.get(pk=options["cycle_id"])
        except Cycle.DoesNotExist:
            raise CommandError(f"no budget cycle with id {options['cycle_id']}") from None
        self.stderr.write(f"exporting cycle {cycle.pk} ...")
        text = cycle_export_pb(cycle)
        if options["output"]:
            try:
                with open(options["output"], "w", encoding="utf-8", newline="") as handle:
                    handle.write(text)
            except OSError as exc:
                raise CommandError(f"{options['output']}: {exc}") from None
            self.stderr.write(f"wrote {options['output']}")
        else:
            self.stdout.write(text, ending="")
