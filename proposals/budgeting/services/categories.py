"""Writes of the project categories: national managers keep the list; a category is retired,
never deleted, so past projects keep theirs, and its code is fixed once created."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from participation.exceptions import ServiceError
from participation.predicates import manages_whole_country
from participation.services.audit import save_with_log
from participation.web.page_cache import pages_changed
from proposals.budgeting.models import PBCategory

NOT_ALLOWED = _("Only managers of the whole country keep the list of project categories.")
FIELDS = ["slug", "name_uz", "name_uz_cyrl", "name_ru", "name_en", "position", "is_active"]


@transaction.atomic
def category_save(*, user, values: dict, category: PBCategory | None = None) -> PBCategory:
    """Create a category (``category`` None) or change one, with its audit entry."""
    pages_changed("budgeting")
    if not manages_whole_country(user):
        raise ServiceError(NOT_ALLOWED)
    values = {name: value for name, value in values.items() if name in FIELDS}
    if category is None:
        category, action = PBCategory(), "wagtail.create"
    else:
        category = PBCategory.objects.select_for_update().get(pk=category.pk)
        values.pop("slug", None)
        action = "wagtail.edit"
    save_with_log(category, values, fields=FIELDS, action=action, user=user)
    return category
