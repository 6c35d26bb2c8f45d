"""Managers keep the list of moderation reasons: add one, rename it, retire it.

A reason is never deleted (past decisions keep it) and its code never changes (the audit
log quotes it). Every save is logged in Wagtail's audit log with the values before and after.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from participation.exceptions import ServiceError
from participation.models import ReasonCode, User
from participation.services.audit import save_with_log

NOT_ALLOWED = _("Only managers may change the moderation reasons.")
CODE_FIXED = _("The code of a reason cannot change; create a new reason and retire this one.")

FIELDS = [
    "code",
    "label_uz",
    "label_uz_cyrl",
    "label_ru",
    "label_en",
    "label_kaa",
    "legal_basis",
    "for_flags",
    "is_active",
    "position",
]


@transaction.atomic
def reason_code_save(*, user: User, values: dict, reason: ReasonCode | None = None) -> ReasonCode:
    """Create a reason (``reason`` None) or change one; ``values`` are already validated
    field values (a ModelForm's cleaned data)."""
    if not user.has_perm("participation.manage_reason_codes"):
        raise ServiceError(NOT_ALLOWED)
    values = {name: value for name, value in values.items() if name in FIELDS}
    if reason is None:
        reason = ReasonCode()
        action = "wagtail.create"
    else:
        reason = ReasonCode.objects.select_for_update().get(pk=reason.pk)
        action = "wagtail.edit"
        if values.get("code", reason.code) != reason.code:
            raise ServiceError(CODE_FIXED)
    save_with_log(reason, values, fields=FIELDS, action=action, user=user)
    return reason
