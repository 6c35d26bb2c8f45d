from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from participation import exceptions
from participation.models import IdentityVerification, Territory, User, VerificationLevel


def user_profile_set(
    *,
    user: User,
    full_name: str,
    preferred_language: str,
    home_territory: Territory | None,
    gender: str = "",
    birth_year: int | None = None,
    demographics_consent: bool = False,
) -> User:
    """Save what a person tells us about themselves at sign-up or on their profile.

    Gender and birth year are kept only with consent; withdrawing consent erases them, so
    the statistics never hold data the person no longer agrees to share.
    """
    user.full_name = full_name.strip()
    user.preferred_language = preferred_language
    user.home_territory = home_territory
    if demographics_consent and (gender or birth_year):
        user.gender = gender
        user.birth_year = birth_year
        user.demographics_consent_at = user.demographics_consent_at or timezone.now()
    else:
        user.gender = ""
        user.birth_year = None
        user.demographics_consent_at = None
    user.save(
        update_fields=[
            "full_name",
            "preferred_language",
            "home_territory",
            "gender",
            "birth_year",
            "demographics_consent_at",
        ]
    )
    return user


def _raise_level(
    *, user: User, level: int, method: str, verified_by: User | None, note: str = "", document_type: str = ""
) -> bool:
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.verification_level >= level:
        return False
    IdentityVerification.objects.create(
        user=locked, level=level, method=method, verified_by=verified_by, note=note, document_type=document_type
    )
    locked.verification_level = level
    locked.save(update_fields=["verification_level"])
    user.verification_level = level
    return True


@transaction.atomic
def user_email_confirmed(*, user: User) -> bool:
    """Record that the person proved they read this mailbox. Safe to call twice."""
    return _raise_level(
        user=user, level=VerificationLevel.EMAIL, method=IdentityVerification.Method.EMAIL, verified_by=None
    )


@transaction.atomic
def user_verify_in_person(*, user: User, verified_by: User, note: str = "", document_type: str = "") -> User:
    """A staff member saw the person and their document: record who, when and why.

    Only a manager or an operator of the person's home territory (or a superuser) may do it,
    never for themselves; the record is append-only and also written to Wagtail's audit log.
    ``document_type`` is the kind of document seen (``DocumentType``), never its number.
    """
    if user.pk == verified_by.pk:
        raise exceptions.ServiceError(exceptions.VERIFY_SELF)
    if not verified_by.has_perm("participation.verify_user", user):
        raise exceptions.ServiceError(exceptions.VERIFY_NOT_ALLOWED)
    before = user.get_verification_level_display()
    if not _raise_level(
        user=user,
        level=VerificationLevel.IN_PERSON,
        method=IdentityVerification.Method.IN_PERSON,
        verified_by=verified_by,
        note=note,
        document_type=document_type,
    ):
        raise exceptions.ServiceError(exceptions.VERIFY_ALREADY)
    log(
        instance=user,
        action="participation.verify_in_person",
        user=verified_by,
        data={
            "before": str(before),
            "after": str(user.get_verification_level_display()),
            "note": note,
            "document_type": document_type,
        },
    )
    return user


def user_purge_unverified(*, now=None) -> int:
    """Delete accounts that never confirmed their e-mail within the retention period.

    Idempotent, and it never touches staff, superusers or anyone with a recorded
    verification, so a retry or an overlapping beat run cannot remove a real participant.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.UNVERIFIED_ACCOUNT_RETENTION_DAYS)
    stale = User.objects.filter(
        verification_level=VerificationLevel.NONE,
        date_joined__lt=cutoff,
        is_staff=False,
        is_superuser=False,
        staff_roles__isnull=True,
        verifications__isnull=True,
        # Registered at a service centre: no e-mail to confirm, and a person all the same.
        registered_by__isnull=True,
    ).exclude(emailaddress__verified=True)
    ids = list(stale.values_list("pk", flat=True))
    if not ids:
        return 0
    _, per_model = User.objects.filter(pk__in=ids).delete()
    return per_model.get(User._meta.label, 0)
