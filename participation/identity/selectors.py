"""Finding people by their confirmed phone number."""

from django.contrib.auth import get_user_model


def user_with_verified_phone(phone_e164: str):
    """The active account whose confirmed number is ``phone_e164``, or None (one at most: the
    database allows one)."""
    return (
        get_user_model()
        .objects.filter(phone=phone_e164, phone_verified_at__isnull=False, is_active=True)
        .select_related("home_territory")
        .first()
    )


def phone_verified_by_another(phone_e164: str, user) -> bool:
    """Whether another account has confirmed this number already (active or not: the number
    stays theirs until they change it)."""
    return (
        get_user_model()
        .objects.filter(phone=phone_e164, phone_verified_at__isnull=False)
        .exclude(pk=getattr(user, "pk", None))
        .exists()
    )
