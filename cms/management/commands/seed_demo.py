import contextlib
import io

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms.demo import demo_content_seed
from meetings.consultations.demo import demo_consultations_seed
from meetings.meetings.demo import demo_meetings_seed
from participation.demo import DEMO_PASSWORD, demo_seed
from participation.models import Territory
from participation.organisations.demo import demo_organisations_seed
from participation.transparency.demo import demo_reports_seed
from proposals.assisted.demo import demo_assisted_seed
from proposals.budgeting.demo import demo_pb_seed
from proposals.petitions.demo import demo_petitions_seed


class Command(BaseCommand):
    # Lives in cms, not participation: it fills khokimiyat pages, and participation never imports cms.
    help = (
        "Load demo territories, khokimiyat staff and residents, and the two demo khokimiyats' pages, "
        "services and questions, demo petitions in every state, three participatory-budgeting seasons, verified organisations, two consultations and three meetings (idempotent). Refused in production."
    )

    def handle(self, *args, **options):
        if not getattr(settings, "ALLOW_DEMO_DATA", False):
            raise CommandError("Demo accounts share a published password: refused unless ALLOW_DEMO_DATA is set.")
        # Seeding tells the demo people of what happens to their petitions and projects, as the
        # platform would: with `make run`'s console e-mail backend that is over a hundred e-mails.
        # They are kept out of the terminal (the command's own output goes to self.stdout).
        with contextlib.redirect_stdout(io.StringIO()):
            logins = demo_seed()
            logins += demo_organisations_seed()
            demo_content_seed()
            petition_notes = demo_petitions_seed() + demo_pb_seed() + demo_consultations_seed()
            # After the petitions and budget seasons: the operator acts on them for a resident.
            petition_notes += demo_assisted_seed()
            # Meetings after consultations: the hearing is on the open consultation.
            petition_notes += demo_meetings_seed()
            # Last: the reports freeze what every feature above has seeded.
            territories = Territory.objects.filter(khokimiyat_pages__isnull=False).distinct().order_by("path")
            petition_notes += demo_reports_seed(territories)
        width = max(len(login.email) for login in logins)
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD})\n")
        for login in logins:
            self.stdout.write(f"  {login.email.ljust(width)}  {login.who}")
        for note in petition_notes:
            self.stdout.write(f"  {note}")
        self.stdout.write("")
