from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class VerificationLevel(models.IntegerChoices):
    """How sure the platform is that an account is one real person.

    Ordered, so a feature asks for "at least PHONE" with a comparison. Open Budget's abuse
    (bought SIM cards, bots) is why signatures and ballots will ask for more than e-mail.
    """

    NONE = 0, _("Not verified")
    EMAIL = 10, _("E-mail confirmed")
    PHONE = 20, _("Phone confirmed")
    IN_PERSON = 30, _("Verified in person")
    NATIONAL_EID = 40, _("National eID (OneID)")


class Gender(models.TextChoices):
    FEMALE = "female", _("Woman")
    MALE = "male", _("Man")


class DocumentType(models.TextChoices):
    """The kind of identity document staff saw when verifying a person in person."""

    PASSPORT = "passport", _("Passport")
    ID_CARD = "id_card", _("ID card")
    BIRTH_CERTIFICATE = "birth_cert", _("Birth certificate")
    OTHER = "other", _("Other official document")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. E-mail is the login; identity strength is ``verification_level``.

    Gender and birth year are optional, self-declared, and only ever reported in aggregate.
    The database refuses them without a recorded consent, so no code path can store them
    silently.
    """

    # NULL is "no e-mail": a resident an operator registered at a service centre may have none
    # (participation.assisted). Never "", so that no empty address collides with another.
    email = models.EmailField(_("e-mail address"), unique=True, null=True, blank=True)
    full_name = models.CharField(_("full name"), max_length=150)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    home_territory = models.ForeignKey(
        "participation.Territory",
        verbose_name=_("where you live"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="residents",
    )
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    demographics_consent_at = models.DateTimeField(_("consent to statistics given at"), null=True, blank=True)
    verification_level = models.PositiveSmallIntegerField(
        _("verification level"), choices=VerificationLevel.choices, default=VerificationLevel.NONE
    )
    # OneID's personal number (PINFL) as a keyed hash (participation.identity.oneid), never the
    # number itself: unique, so one person has one account. Null until the person links OneID.
    pinfl_hash = models.CharField(_("OneID identity (hashed)"), max_length=64, unique=True, null=True, blank=True)
    is_staff = models.BooleanField(_("may use the Django admin"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    # A mobile number in E.164, confirmed by a code when ``phone_verified_at`` is set
    # (participation.identity). One confirmed number confirms one person: see the constraint.
    # NULL, not "", is "no number", so that no empty string can ever collide with another.
    phone = models.CharField(_("phone number"), max_length=16, null=True, blank=True)  # noqa: DJ001
    phone_verified_at = models.DateTimeField(_("phone confirmed at"), null=True, blank=True)
    # The operator who registered this person at a service centre (participation.assisted);
    # such an account has no e-mail to confirm, so the purge of unconfirmed sign-ups spares it.
    registered_by = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("registered by")
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
            models.CheckConstraint(
                condition=(models.Q(gender="") & models.Q(birth_year__isnull=True))
                | models.Q(demographics_consent_at__isnull=False),
                name="user_demographics_need_consent",
            ),
            models.CheckConstraint(
                condition=models.Q(birth_year__isnull=True) | models.Q(birth_year__range=(1900, 2100)),
                name="user_birth_year_plausible",
            ),
            # Open Budget's lesson: a SIM card is not a person. Unconfirmed numbers (typed by an
            # operator, say) may repeat; a confirmed one belongs to one account only.
            models.UniqueConstraint(
                fields=["phone"], condition=models.Q(phone_verified_at__isnull=False), name="user_verified_phone_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(phone_verified_at__isnull=True) | models.Q(phone__isnull=False),
                name="user_phone_verified_has_phone",
            ),
        ]

    def save(self, *args, **kwargs):
        # A form's blank field is "", which would collide with the next blank one.
        if not self.email:
            self.email = None
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return self.full_name or self.email or f"#{self.pk}"

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else (self.email or "")


class IdentityVerification(models.Model):
    """Append-only record of every rise in a user's verification level: who, how, when.

    An auditor asking "who vouched for this voter?" reads this table; the level on the user
    row is only its current summary.
    """

    class Method(models.TextChoices):
        EMAIL = "email", _("E-mail confirmation")
        PHONE = "phone", _("Phone confirmation")
        IN_PERSON = "in_person", _("In person, by staff")
        NATIONAL_EID = "national_eid", _("National eID")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="verifications")
    level = models.PositiveSmallIntegerField(choices=VerificationLevel.choices)
    method = models.CharField(max_length=16, choices=Method.choices)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.CharField(max_length=500, blank=True)
    # In person: the kind of document seen, never its number (the number would make this table
    # a register of identity documents; the type is what an auditor needs).
    document_type = models.CharField(_("document seen"), max_length=16, choices=DocumentType.choices, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("identity verification")
        verbose_name_plural = _("identity verifications")
        ordering = ["-created_at"]
