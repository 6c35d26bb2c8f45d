"""Assisted participation in the demo, after the petitions and budget seasons are seeded:

- mahalla petitions ask for a confirmed phone (a national manager's rule change), and Malika's
  Navbahor petition collects signatures under it: Dilnoza, with e-mail only, is shown how to
  confirm her phone;
- the 2027 budget season asks for national eID (OneID): a resident without it is shown the
  OneID button where they would submit a project;
- the Yangiqoʻrgʻon PSC's operator signed that petition for Saodat and typed a question for her
  (after the centre had closed: the staff screen "Assisted acts" flags it), which she reported.

Each act runs through the desk's own adapters (``petition_sign_assisted``,
``question_ask_assisted``): the feature's service as the resident, in the assisted channel, in
one transaction with its record. Idempotent.
"""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from participation.assisted.models import AssistedAct, ConsentMethod
from participation.assisted.reporting import assisted_act_report
from participation.assisted.services import Assistance
from participation.centres import centres_in
from participation.demo import load_demo
from participation.models import ModerationItem, ModerationOutcome, Territory, User, VerificationLevel
from participation.moderation.services import moderation_decide
from proposals.budgeting.models import Cycle
from proposals.budgeting.services.cycles import cycle_update
from proposals.petitions.assisted import petition_sign_assisted
from proposals.petitions.models import Petition
from proposals.petitions.services import lifecycle as petitions
from proposals.petitions.services.level_rules import petition_rules_update
from proposals.questions.assisted import question_ask_assisted


def _weekday_at(now: datetime, days_ago: int, at: str) -> datetime:
    """``at`` (Tashkent time) on the working day ``days_ago`` days back, or the one before it."""
    day = timezone.localtime(now).date() - timedelta(days=days_ago)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    hour, minute = (int(part) for part in at.split(":"))
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


def _assistance(operator: User, resident: User, centre_id: int | None, form: str) -> Assistance:
    return Assistance(
        operator=operator,
        resident=resident,
        centre_id=centre_id,
        consent_method=ConsentMethod.PAPER_FORM,
        consent_reference=form,
    )


@transaction.atomic
def demo_assisted_seed() -> list[str]:
    demo = load_demo(__file__, "assisted.yaml")
    lines = [
        f"{demo['operator']}: operator at the Yangiqoʻrgʻon PSC (acts for residents; see 'Assisted acts' in the admin)",
        f"{demo['resident']}: elderly Navbahor resident with a confirmed phone; her profile lists what was done for her",
        "Mahalla petitions ask for a confirmed phone; the 2027 budget season asks for OneID (eID)",
    ]
    if Petition.objects.filter(title=demo["petition"]["title"]).exists():
        return lines
    now = timezone.now()
    national = User.objects.get(email=demo["national_manager"])
    petition_rules_update(level="mahalla", user=national, values=demo["mahalla_rules"])

    cycle = Cycle.objects.get(title=demo["eid_cycle"])
    cycle_update(
        cycle, staff=User.objects.get(email=demo["manager"]), verification_level=VerificationLevel.NATIONAL_EID
    )

    item = demo["petition"]
    mahalla = Territory.objects.get(name_uz=item["mahalla"], kind="mahalla")
    district = mahalla.get_parent()
    start = now - timedelta(days=item["age_days"])
    author = User.objects.get(email=demo["author"])
    petition = petitions.petition_draft(
        author=author,
        territory=mahalla,
        title=item["title"],
        text=item["text"],
        tags=item["tags"],
        now=start,
        rate_limited=False,
    )
    petitions.petition_invite_cosponsors(petition=petition, author=author, now=start)  # no co-sponsors: to moderation
    moderation_decide(
        item=ModerationItem.objects.get(object_id=petition.pk, decided_at__isnull=True, content_type__model="petition"),
        moderator=User.objects.get(email=demo["moderator"]),
        outcome=ModerationOutcome.APPROVE,
        now=start + timedelta(hours=20),
    )
    petition.refresh_from_db()

    operator = User.objects.get(email=demo["operator"])
    resident = User.objects.get(email=demo["resident"])
    centre = centres_in(district).filter(title=demo["centre"]).first()
    centre_id = centre.pk if centre is not None else None
    acts = demo["acts"]

    signed_at = _weekday_at(now, acts["signature"]["days_ago"], acts["signature"]["at"])
    petition_sign_assisted(
        assistance=_assistance(operator, resident, centre_id, acts["signature"]["consent_form"]),
        petition=petition,
        now=signed_at,
    )

    asked = acts["question"]
    asked_at = _weekday_at(now, asked["days_ago"], asked["at"])
    act, _question = question_ask_assisted(
        assistance=_assistance(operator, resident, centre_id, asked["consent_form"]),
        territory=district,
        title=asked["title"],
        text=asked["text"],
        topic=asked["topic"],
        now=asked_at,
    )
    assisted_act_report(
        act=AssistedAct.objects.get(pk=act.pk),
        resident=resident,
        note=asked["report"],
        now=asked_at + timedelta(days=1),
    )
    return lines
