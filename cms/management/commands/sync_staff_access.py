from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from cms.services.access import access_sync_everywhere


class Command(BaseCommand):
    help = (
        "Rebuild every khokimiyat's Wagtail groups, page permissions, collection and review "
        "workflow from the staff roles. Run once after importing roles or pages in bulk, or "
        "after moving a khokimiyat page; it is safe to run again."
    )

    def handle(self, *args, **options):
        access_sync_everywhere()
        self.stdout.write(self.style.SUCCESS(_("Staff access is in step with the roles.")))
