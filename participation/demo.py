"""Demo data for ``make run``: real territories, two khokimiyats from the seed stories,
staff for every role and a few residents. Idempotent: a second run changes nothing.

Demo content is data: each feature keeps its own in ``demo/*.yaml`` beside its ``demo.py``
(here ``participation/demo/people.yaml``), read with ``load_demo`` and seeded through the
services, so what the demo shows is what the platform itself would have produced.
"""

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from participation.identity.phones import phone_masked, phone_normalise
from participation.models import IdentityVerification, StaffRoleKind, Territory, User, VerificationLevel
from participation.services.roles import staff_role_grant
from participation.services.territories import mahallas_import_csv, territories_load_reference
from participation.services.users import user_email_confirmed, user_profile_set, user_verify_in_person

DEMO_PASSWORD = "demo-parol-2026"  # printed by the command; demo data is refused in production


def load_demo(module_file: str, name: str) -> Any:
    """The YAML file ``name`` in the ``demo/`` folder beside ``module_file`` (pass ``__file__``)."""
    with open(Path(module_file).with_name("demo") / name, encoding="utf-8") as stream:
        return yaml.safe_load(stream)


@dataclass
class DemoLogin:
    email: str
    who: str


def demo_user(email: str, full_name: str, *, superuser: bool = False, **fields) -> tuple[User, bool]:
    """The demo person with this e-mail, created with the demo password and a confirmed
    address if missing; ``fields`` (home territory, verification level) apply on creation.

    Every demo account must be able to sign in, and allauth refuses an unconfirmed address: a
    person seeded before without one (an older demo database) has it confirmed now.
    """
    user = User.objects.filter(email=email).first()
    if user is not None:
        if not EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists():
            EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
            user_email_confirmed(user=user)
        return user, False
    if superuser:
        user = User.objects.create_superuser(email=email, password=DEMO_PASSWORD, full_name=full_name, **fields)
    else:
        user = User.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=full_name, **fields)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    user_email_confirmed(user=user)
    return user, True


def demo_demographics(number: int) -> dict:
    """Gender and year of birth, with consent, for three demo residents in four (the fourth
    shares nothing), spread over every age band: the reports' "who took part" has figures to show."""
    if number % 4 == 0:
        return {}
    return {
        "gender": "female" if number % 2 else "male",
        "birth_year": 1950 + (number * 7) % 58,
        "demographics_consent_at": timezone.now(),
    }


def demo_phone_confirmed(user: User, phone: str) -> None:
    """What ``user_phone_verify`` leaves once the resident typed the code sent to ``phone``: the
    number confirmed, the level raised to PHONE, the proof recorded. The demo cannot receive the
    text message, so it writes the result the service would."""
    now = timezone.now()
    number = phone_normalise(phone)
    user.phone, user.phone_verified_at = number, now
    user.verification_level = max(user.verification_level, VerificationLevel.PHONE)
    user.save(update_fields=["phone", "phone_verified_at", "verification_level"])
    IdentityVerification.objects.create(
        user=user,
        level=VerificationLevel.PHONE,
        method=IdentityVerification.Method.PHONE,
        note=f"phone {phone_masked(number)} (demo)",
        created_at=now,
    )


@transaction.atomic
def demo_seed() -> list[DemoLogin]:
    people = load_demo(__file__, "people.yaml")
    territories_load_reference()
    mahallas_import_csv(io.StringIO(people["mahallas_csv"]))
    logins: list[DemoLogin] = []

    admin = people["admin"]
    user, _ = demo_user(admin["email"], admin["full_name"], superuser=True)
    logins.append(DemoLogin(user.email, "superuser (Wagtail and Django admin)"))

    country = Territory.objects.get(kind="country")
    national = people["national_manager"]
    user, _ = demo_user(national["email"], national["full_name"])
    staff_role_grant(user=user, territory=country, role=StaffRoleKind.MANAGER, granted_by=None)
    logins.append(DemoLogin(user.email, "national manager: petition rules and moderation reasons"))

    for regional in people["regions"]:
        region = Territory.objects.get(code=regional["code"])
        user, _ = demo_user(f"manager.{regional['slug']}@demo.test", f"{region.name_uz}: manager")
        staff_role_grant(user=user, territory=region, role=StaffRoleKind.MANAGER, granted_by=None)
        logins.append(DemoLogin(user.email, f"manager, {region.name_uz} (and every district in it)"))

    for khokimiyat in people["khokimiyats"]:
        district = Territory.objects.get(name_uz=khokimiyat["district"])
        for role in StaffRoleKind:
            user, _ = demo_user(f"{role.value}.{khokimiyat['slug']}@demo.test", f"{district.name_uz}: {role.label}")
            staff_role_grant(user=user, territory=district, role=role.value, granted_by=None)
            logins.append(DemoLogin(user.email, f"{role.value}, {district.name_uz}"))

    for resident in people["residents"]:
        user, created = demo_user(resident["email"], resident["full_name"])
        gender, birth_year = resident.get("gender", ""), resident.get("birth_year")
        if created:
            user_profile_set(
                user=user,
                full_name=resident["full_name"],
                preferred_language="uz",
                home_territory=Territory.objects.get(name_uz=resident["mahalla"], kind="mahalla"),
                gender=gender,
                birth_year=birth_year,
                demographics_consent=bool(gender or birth_year),
            )
        if resident.get("phone") and user.phone_verified_at is None:
            demo_phone_confirmed(user, resident["phone"])
        note = ", verified in person" if "verified_in_person" in resident else ""
        note += ", confirmed phone" if resident.get("phone") else ""
        logins.append(DemoLogin(user.email, f"resident of {resident['mahalla']} mahalla{note}"))

    for resident in people["residents"]:
        verified = resident.get("verified_in_person")
        user = User.objects.get(email=resident["email"])
        if verified and user.verification_level < VerificationLevel.IN_PERSON:
            user_verify_in_person(user=user, verified_by=User.objects.get(email=verified["by"]), note=verified["note"])
    return logins
