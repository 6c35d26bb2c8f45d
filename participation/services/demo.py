"""Demo data for ``make run``: real territories, two khokimiyats from the seed stories,
staff for every role and a few residents. Idempotent: a second run changes nothing."""

import io
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction

from participation.models import Gender, StaffRoleKind, Territory, User, VerificationLevel
from participation.services.roles import staff_role_grant
from participation.services.territories import mahallas_import_csv, territories_load_reference
from participation.services.users import user_email_confirmed, user_profile_set, user_verify_in_person

DEMO_PASSWORD = "demo-parol-2026"  # printed by the command; demo data is refused in production

# Illustrative mahallas (names typical of the districts, not the official register).
DEMO_MAHALLAS_CSV = """region,district,name_uz,name_ru
UZ-NG,Yangiqoʻrgʻon tumani,Navbahor,Навбахор
UZ-NG,Yangiqoʻrgʻon tumani,Istiqlol,Истиклол
UZ-NG,Yangiqo'rg'on tumani,Bogʻbon,Богбон
UZ-JI,Zomin tumani,Duoba,Дуоба
UZ-JI,Zomin tumani,Oʻrikli,Урикли
UZ-JI,Zomin tumani,Qoʻrgʻoncha,Кургонча
"""

# (district name, e-mail local part) per khokimiyat in the seed stories.
KHOKIMIYATS = [
    ("Yangiqoʻrgʻon tumani", "yangiqorgon"),
    ("Zomin tumani", "zomin"),
]
REGIONAL = [("UZ-NG", "namangan"), ("UZ-JI", "jizzax")]


@dataclass
class DemoLogin:
    email: str
    who: str


def _user(email: str, full_name: str, *, superuser: bool = False) -> tuple[User, bool]:
    user = User.objects.filter(email=email).first()
    if user is not None:
        return user, False
    if superuser:
        user = User.objects.create_superuser(email=email, password=DEMO_PASSWORD, full_name=full_name)
    else:
        user = User.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=full_name)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    user_email_confirmed(user=user)
    return user, True


def _district(name_uz: str) -> Territory:
    return Territory.objects.get(name_uz=name_uz)


@transaction.atomic
def demo_seed() -> list[DemoLogin]:
    territories_load_reference()
    mahallas_import_csv(io.StringIO(DEMO_MAHALLAS_CSV))
    logins: list[DemoLogin] = []

    admin, _ = _user("admin@demo.test", "Demo Administrator", superuser=True)
    logins.append(DemoLogin(admin.email, "superuser (Wagtail and Django admin)"))

    country = Territory.objects.get(kind="country")
    national, _ = _user("manager.uzbekistan@demo.test", "Oʻzbekiston: manager")
    staff_role_grant(user=national, territory=country, role=StaffRoleKind.MANAGER, granted_by=None)
    logins.append(DemoLogin(national.email, "national manager: petition rules and moderation reasons"))

    for code, slug in REGIONAL:
        region = Territory.objects.get(code=code)
        manager, _ = _user(f"manager.{slug}@demo.test", f"{region.name_uz}: manager")
        staff_role_grant(user=manager, territory=region, role=StaffRoleKind.MANAGER, granted_by=None)
        logins.append(DemoLogin(manager.email, f"manager, {region.name_uz} (and every district in it)"))

    for district_name, slug in KHOKIMIYATS:
        district = _district(district_name)
        for role in StaffRoleKind:
            user, _ = _user(f"{role.value}.{slug}@demo.test", f"{district.name_uz}: {role.label}")
            staff_role_grant(user=user, territory=district, role=role.value, granted_by=None)
            logins.append(DemoLogin(user.email, f"{role.value}, {district.name_uz}"))

    residents = [
        ("dilnoza@demo.test", "Dilnoza Karimova", "Navbahor", Gender.FEMALE, 1991, ""),
        ("akmal@demo.test", "Akmal Yusupov oʻgʻli", "Bogʻbon", Gender.MALE, 1978, ", verified in person"),
        ("gulnora@demo.test", "Gulnora Rashidova", "Duoba", "", None, ""),
    ]
    for email, full_name, mahalla_name, gender, birth_year, note in residents:
        user, created = _user(email, full_name)
        if created:
            user_profile_set(
                user=user,
                full_name=full_name,
                preferred_language="uz",
                home_territory=Territory.objects.get(name_uz=mahalla_name, kind="mahalla"),
                gender=gender,
                birth_year=birth_year,
                demographics_consent=bool(gender or birth_year),
            )
        logins.append(DemoLogin(email, f"resident of {mahalla_name} mahalla{note}"))

    akmal = User.objects.get(email="akmal@demo.test")
    if akmal.verification_level < VerificationLevel.IN_PERSON:
        manager = User.objects.get(email="manager.namangan@demo.test")
        user_verify_in_person(user=akmal, verified_by=manager, note="Demo: passport seen at Yangiqoʻrgʻon PSC")
    return logins
