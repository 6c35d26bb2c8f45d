"""Demo petitions for ``make run``: one in every state, so each screen has something to show.

The petitions are data (``proposals/petitions/demo/petitions.yaml``), built through the real
services with dates in the past (the services take ``now``), so the timelines, counts and
deadlines are what the platform itself would have produced.
Idempotent: a second run finds the demo petitions and adds nothing.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from participation.comments.services import comment_post
from participation.demo import demo_demographics, demo_user, load_demo
from participation.models import ModerationItem, ModerationOutcome, ReasonCode, Territory, User
from participation.moderation.services import moderation_decide
from proposals.petitions.models import Petition, PetitionRules
from proposals.petitions.services import lifecycle as svc


def _neighbour(number: int, mahalla: Territory, prefix: str = "qoshni") -> User:
    user, _ = demo_user(
        f"{prefix}{number}@demo.test", f"Qoʻshni {number}", home_territory=mahalla, **demo_demographics(number)
    )
    return user


def _waiting_item(petition: Petition) -> ModerationItem:
    return ModerationItem.objects.get(object_id=petition.pk, decided_at__isnull=True, content_type__model="petition")


@transaction.atomic
def demo_petitions_seed() -> list[str]:
    """Create the demo petitions; returns lines describing the logins to try them with.

    One demo author drafts more petitions at once than a person may (``rate_limited=False``)."""
    demo = load_demo(__file__, "petitions.yaml")
    count = demo["neighbours"]
    PetitionRules.objects.filter(level="district").update(signatures_needed=demo["district_threshold"])
    district = Territory.objects.get(name_uz=demo["district"])
    mahallas = list(Territory.objects.filter(kind="mahalla", path__startswith=district.path).order_by("path"))
    neighbours = [_neighbour(number, mahallas[number % len(mahallas)]) for number in range(1, count + 1)]
    lines = [f"qoshni1..{count}@demo.test: verified residents of Yangiqoʻrgʻon (co-sponsor, sign)"]
    if Petition.objects.filter(title=demo["petitions"][0]["title"]).exists():
        return lines
    author = User.objects.get(email=demo["author"])
    moderator = User.objects.get(email=demo["moderator"])
    responder = User.objects.get(email=demo["responder"])
    today = timezone.now()
    for item in demo["petitions"]:
        state = item["state"]
        start = today - timedelta(days=item["age_days"])
        petition = svc.petition_draft(
            author=author,
            territory=district,
            title=item["title"],
            text=item["text"],
            tags=item["tags"],
            now=start,
            rate_limited=False,
        )
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
            rejection = item["rejection"]
            moderation_decide(
                item=_waiting_item(petition),
                moderator=moderator,
                outcome=ModerationOutcome.REJECT,
                now=start + timedelta(days=1),
                reason=ReasonCode.objects.get(code=rejection["reason"]),
                explanation=rejection["explanation"],
            )
            continue
        moderation_decide(
            item=_waiting_item(petition),
            moderator=moderator,
            outcome=ModerationOutcome.APPROVE,
            now=start + timedelta(days=1),
        )
        petition.refresh_from_db()
        for number, neighbour in enumerate(neighbours[: item["signers"]]):
            svc.petition_sign(petition=petition, user=neighbour, ip="", now=start + timedelta(days=1, hours=number + 1))
        for comment in item.get("comments", []):
            comment_post(
                petition,
                author=neighbours[comment["neighbour"] - 1],
                text=comment["text"],
                now=start + timedelta(days=comment["after_days"]),
            )
        if state == "answered":
            answer = item["answer"]
            if extension := item.get("extension"):
                svc.petition_extend(
                    petition=petition,
                    staff=responder,
                    days=extension["days"],
                    reason=extension["reason"],
                    now=start + timedelta(days=extension["after_days"]),
                )
            svc.petition_answer(
                petition=petition,
                responder=responder,
                answer=answer["text"],
                now=start + timedelta(days=answer["after_days"]),
            )
        if state == "closed":
            svc.petitions_close_expired(now=start + timedelta(days=item["closed_after_days"]))
    lines.append(_elsewhere(demo["elsewhere"], today))
    lines.append(f"District threshold lowered to {demo['district_threshold']} signatures for the demo")
    return lines


def _elsewhere(item: dict, today) -> str:
    """The petition of another district, waiting for its own moderator."""
    author = User.objects.get(email=item["author"])
    mahalla = Territory.objects.get(name_uz=item["mahalla"], kind="mahalla")
    start = today - timedelta(days=item["age_days"])
    petition = svc.petition_draft(
        author=author,
        territory=Territory.objects.get(name_uz=item["district"]),
        title=item["title"],
        text=item["text"],
        tags=item["tags"],
        now=start,
        rate_limited=False,
    )
    svc.petition_invite_cosponsors(petition=petition, author=author, now=start)
    prefix, count = item["cosponsor_prefix"], item["cosponsors"]
    for number in range(1, count + 1):
        svc.petition_cosponsor(
            petition=petition, user=_neighbour(number, mahalla, prefix=prefix), token=petition.invite_token, now=start
        )
    return f"{prefix}1..{count}@demo.test: residents of Zomin; their petition waits for Zomin's moderator"
