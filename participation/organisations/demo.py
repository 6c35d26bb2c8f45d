"""Demo organisations for ``make run``: in Yangiqoʻrgʻon two verified women's action groups and
a verified NGO, in Zomin one verified group, and one group waiting for the Yangiqoʻrgʻon
manager. Data in ``demo/organisations.yaml``, seeded through the services. Idempotent: an
organisation already there (by its address) is left as it is."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from participation.demo import DemoLogin, demo_user, load_demo
from participation.models import Territory, User
from participation.organisations import services as svc
from participation.organisations.models import Organisation

# The organisations were registered, joined and verified a month before the demo's "now": what
# the other demos seed in the last hours (a registration for a hearing, say) then falls within
# their memberships whatever the hour. Registered "now", a membership starts today, and an act
# seeded six hours back before Tashkent's 6 a.m. would be before it.
REGISTERED_DAYS_AGO = 30


def _territory(name: str) -> Territory:
    return Territory.objects.filter(name_uz=name).order_by("-depth").first()


@transaction.atomic
def demo_organisations_seed() -> list[DemoLogin]:
    demo = load_demo(__file__, "organisations.yaml")
    registered = timezone.now() - timedelta(days=REGISTERED_DAYS_AGO)
    for person in demo["people"]:
        demo_user(person["email"], person["full_name"], home_territory=_territory(person["mahalla"]))
    for item in demo["organisations"]:
        if Organisation.objects.filter(slug=item["slug"]).exists():
            continue
        representative = User.objects.get(email=item["representative"])
        organisation = svc.organisation_register(
            user=representative,
            name_uz=item["name_uz"],
            name_ru=item["name_ru"],
            kind=item["kind"],
            territory=_territory(item["territory"]),
            registry_number=item.get("registry_number", ""),
            description=item.get("description", ""),
            contacts=item.get("contacts", ""),
            named_publicly=item["named_publicly"],
            rate_limited=False,
            now=registered,
        )
        Organisation.objects.filter(pk=organisation.pk).update(slug=item["slug"])
        organisation.slug = item["slug"]
        for email in item.get("members", []):
            _invitation, token = svc.invitation_create(organisation=organisation, by=representative, now=registered)
            svc.invitation_accept(token=token, user=User.objects.get(email=email), now=registered)
        if verify := item.get("verify"):
            svc.organisation_verify(
                organisation=organisation,
                manager=User.objects.get(email=verify["by"]),
                evidence=verify["evidence"],
                note=verify["note"],
                now=registered,
            )
    return [
        DemoLogin("malika@demo.test", "leader (representative) of the women's action group Navbahor faol ayollari"),
        DemoLogin("shahnoza@demo.test", "member of Navbahor faol ayollari"),
        DemoLogin("zarina@demo.test", "registered Bogʻbon ayollari, waiting for manager.yangiqorgon to verify it"),
    ]
