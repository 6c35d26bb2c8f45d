"""Demo petitions for ``make run``: one in every state, so each screen has something to show.

Built through the real services with dates in the past (the services take ``now``), so the
timelines, counts and deadlines are what the platform itself would have produced.
Idempotent: a second run finds the demo petitions and adds nothing.
"""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from participation.models import ModerationItem, ModerationOutcome, ReasonCode, Territory, User
from participation.services.moderation import moderation_decide
from participation.services.users import user_email_confirmed
from proposals.petitions.models import Petition, PetitionRules
from proposals.petitions.services import lifecycle as svc

# The demo lowers the district threshold so that a person trying the site can reach it by
# hand with the demo neighbours; the shipped default (500) is in the migration.
DEMO_DISTRICT_THRESHOLD = 10
NEIGHBOURS = 14

PETITIONS = [
    # key, title, text, tags, state, age in days
    ("road", "Navbahor mahallasidagi Mustaqillik koʻchasini asfaltlash",
     "Koʻchada 1,2 km yoʻl 2019-yildan beri taʼmirlanmagan. Yomgʻirdan keyin bolalar maktabga loy kechib boradi, "
     "tez yordam mashinasi kira olmaydi. Yoʻlni 2027-yil byudjetiga kiritishni soʻraymiz.", ["yoʻllar"], "collecting", 12),
    ("water", "Istiqlol mahallasiga ichimlik suvi quvuri",
     "Mahallaning 140 xonadoni suvni tashib keladi. Tuman suv quvuridan 800 metr tarmoq tortishni soʻraymiz.",
     ["ichimlik suvi"], "threshold", 14),
    ("lights", "Bogʻbon mahallasidagi koʻchalarni yoritish",
     "Kechqurun koʻchalar qorongʻi, ayollar va bolalar uchun xavfli. 40 ta chiroq oʻrnatishni soʻraymiz.",
     ["elektr", "xavfsizlik"], "answered", 30),
    ("park", "Tuman markazida bolalar maydonchasi",
     "Tuman markazida bolalar oʻynashi uchun xavfsiz maydoncha yoʻq. Eski bozor oʻrnida maydoncha qurishni taklif qilamiz.",
     ["obodonlashtirish"], "moderation", 3),
    ("bus", "Navbahor – tuman markazi avtobus qatnovi",
     "Ertalab soat 7 dan 9 gacha avtobus yoʻq, talabalar va ishchilar kechikadi. Qoʻshimcha qatnov soʻraymiz.",
     ["transport"], "gathering", 2),
    ("market", "Dehqon bozorida soyabon oʻrnatish",
     "Yozda sotuvchilar va xaridorlar quyosh ostida qoladi. Bozor qatorlariga soyabon oʻrnatishni soʻraymiz.",
     ["savdo"], "closed", 120),
    ("road-again", "Mustaqillik koʻchasini taʼmirlash",
     "Mustaqillik koʻchasidagi yoʻl juda yomon ahvolda, uni tezroq taʼmirlash kerak. Iltimos, yordam bering.",
     ["yoʻllar"], "rejected", 5),
]


def _neighbour(number: int, mahalla: Territory, prefix: str = "qoshni") -> User:
    email = f"{prefix}{number}@demo.test"
    user = User.objects.filter(email=email).first()
    if user is None:
        from participation.services.demo import DEMO_PASSWORD

        user = User.objects.create_user(
            email=email, password=DEMO_PASSWORD, full_name=f"Qoʻshni {number}", home_territory=mahalla
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        user_email_confirmed(user=user)
    return user


def _approve(petition: Petition, moderator: User, now) -> None:
    item = ModerationItem.objects.get(object_id=petition.pk, decided_at__isnull=True, content_type__model="petition")
    moderation_decide(item=item, moderator=moderator, outcome=ModerationOutcome.APPROVE, now=now)
    petition.refresh_from_db()


# Demo e-mails would flood the console of ``make run``; they are kept in memory instead. One
# demo author writes more petitions in a minute than the rate limits allow a real person.
@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend", RATE_LIMITS={})
@transaction.atomic
def demo_petitions_seed() -> list[str]:
    """Create the demo petitions; returns lines describing the logins to try them with."""
    PetitionRules.objects.filter(level="district").update(signatures_needed=DEMO_DISTRICT_THRESHOLD)
    district = Territory.objects.get(name_uz="Yangiqoʻrgʻon tumani")
    mahallas = list(Territory.objects.filter(kind="mahalla", path__startswith=district.path).order_by("path"))
    neighbours = [_neighbour(number, mahallas[number % len(mahallas)]) for number in range(1, NEIGHBOURS + 1)]
    lines = [f"qoshni1..{NEIGHBOURS}@demo.test: verified residents of Yangiqoʻrgʻon (co-sponsor, sign)"]
    if Petition.objects.filter(title=PETITIONS[0][1]).exists():
        return lines
    author = User.objects.get(email="dilnoza@demo.test")
    moderator = User.objects.get(email="moderator.yangiqorgon@demo.test")
    responder = User.objects.get(email="responder.yangiqorgon@demo.test")
    today = timezone.now()
    for key, title, text, tags, state, age in PETITIONS:
        start = today - timedelta(days=age)
        petition = svc.petition_draft(author=author, territory=district, title=title, text=text, tags=tags, now=start)
        if state == "draft":
            continue
        svc.petition_invite_cosponsors(petition=petition, author=author, now=start)
        if state == "gathering":
            svc.petition_cosponsor(petition=petition, user=neighbours[0], token=petition.invite_token, now=start)
            continue
        for neighbour in neighbours[:5]:
            svc.petition_cosponsor(petition=petition, user=neighbour, token=petition.invite_token, now=start)
        if state == "moderation":
            continue
        if state == "rejected":
            item = ModerationItem.objects.get(object_id=petition.pk, decided_at__isnull=True, content_type__model="petition")
            moderation_decide(
                item=item, moderator=moderator, outcome=ModerationOutcome.REJECT, now=start + timedelta(days=1),
                reason=ReasonCode.objects.get(code="duplicate"),
                explanation="Xuddi shu koʻcha haqida petitsiya allaqachon imzo yigʻmoqda; unga qoʻshiling.",
            )
            continue
        _approve(petition, moderator, start + timedelta(days=1))
        signers = {"collecting": 6, "threshold": 11, "answered": 12, "closed": 4}[state]
        for number, neighbour in enumerate(neighbours[:signers]):
            svc.petition_sign(petition=petition, user=neighbour, ip="", now=start + timedelta(days=1, hours=number + 1))
        if state == "answered":
            svc.petition_extend(
                petition=petition, staff=responder, days=10, now=start + timedelta(days=10),
                reason="Loyiha-smeta hujjatlarini tayyorlash uchun qoʻshimcha vaqt kerak.",
            )
            svc.petition_answer(
                petition=petition, responder=responder, now=start + timedelta(days=20),
                answer="Bogʻbon mahallasidagi 3 ta koʻchaga 40 ta LED chiroq 2027-yil mart oyida oʻrnatiladi. "
                "Mablagʻ tuman byudjetining obodonlashtirish moddasidan ajratildi.",
            )
        if state == "closed":
            svc.petitions_close_expired(now=start + timedelta(days=92))
    zomin = Territory.objects.get(name_uz="Zomin tumani")
    gulnora = User.objects.get(email="gulnora@demo.test")
    duoba = Territory.objects.get(name_uz="Duoba", kind="mahalla")
    zomin_petition = svc.petition_draft(
        author=gulnora, territory=zomin, title="Duoba mahallasida tibbiyot punkti",
        text="Eng yaqin poliklinika 12 km uzoqda. Mahallada feldsher-akusherlik punkti ochishni soʻraymiz.",
        tags=["sogʻliqni saqlash"], now=today - timedelta(days=1),
    )
    svc.petition_invite_cosponsors(petition=zomin_petition, author=gulnora, now=today - timedelta(days=1))
    for number in range(1, 6):
        svc.petition_cosponsor(
            petition=zomin_petition, user=_neighbour(number, duoba, prefix="zomin.qoshni"),
            token=zomin_petition.invite_token, now=today - timedelta(days=1),
        )
    lines.append("zomin.qoshni1..5@demo.test: residents of Zomin; their petition waits for Zomin's moderator")
    lines.append(f"District threshold lowered to {DEMO_DISTRICT_THRESHOLD} signatures for the demo")
    return lines
