"""Petition fixtures, shared by the proposals tests and the moderation-core tests (which use
petitions as their content). Registered as a plugin in tests/conftest.py."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from participation.models import StaffRoleKind, VerificationLevel
from participation.selectors import territory_contains
from proposals.petitions.models import PetitionStatus
from proposals.petitions.services import lifecycle as svc
from tests.factories import UserFactory

TASHKENT = ZoneInfo("Asia/Tashkent")
# A Monday, so five working days is the next Monday.
T0 = datetime(2026, 11, 2, 10, 0, tzinfo=TASHKENT)


@pytest.fixture
def resident(tree):
    """A factory of residents of Yangiqoʻrgʻon, verified by e-mail, living in Navbahor by default."""

    def make(mahalla=None, **fields):
        fields.setdefault("verification_level", VerificationLevel.EMAIL)
        return UserFactory(home_territory=mahalla or tree.navbahor, **fields)

    return make


@pytest.fixture
def petition_staff(tree, make_staff):
    """Staff of Yangiqoʻrgʻon and of Zomin, one per role."""

    class Staff:
        moderator = make_staff(StaffRoleKind.MODERATOR, tree.yangiqorgon)
        moderator2 = make_staff(StaffRoleKind.MODERATOR, tree.yangiqorgon)
        responder = make_staff(StaffRoleKind.RESPONDER, tree.yangiqorgon)
        manager = make_staff(StaffRoleKind.MANAGER, tree.yangiqorgon)
        zomin_moderator = make_staff(StaffRoleKind.MODERATOR, tree.zomin)
        zomin_responder = make_staff(StaffRoleKind.RESPONDER, tree.zomin)

    return Staff


@pytest.fixture
def make_petition(tree, resident):
    """Bring a petition to Yangiqoʻrgʻon to the requested status through the services."""
    from participation.models import ModerationItem, ModerationOutcome
    from participation.services.moderation import moderation_decide

    def make(status=PetitionStatus.DRAFT, *, author=None, territory=None, moderator=None, now=T0, **text):
        author = author or resident()
        petition = svc.petition_draft(
            author=author,
            territory=territory or tree.yangiqorgon,
            title=text.get("title", "Navbahor mahallasidagi yoʻlni taʼmirlash"),
            text=text.get("text", "Navbahor mahallasidagi asosiy yoʻl ikki yildan beri buzilgan, bolalar maktabga loy kechib boradi."),
            tags=text.get("tags", ["yoʻllar"]),
            now=now,
        )
        if status == PetitionStatus.DRAFT:
            return petition
        # Co-sponsors and signers live where the author lives when that is inside the
        # addressed territory, else in the territory itself.
        lives_inside = author.home_territory and territory_contains(petition.territory, author.home_territory)
        home = author.home_territory if lives_inside else petition.territory
        svc.petition_invite_cosponsors(petition=petition, author=author, now=now)
        if status == PetitionStatus.GATHERING:
            return petition
        for _ in range(petition.cosponsors_needed):
            svc.petition_cosponsor(petition=petition, user=resident(mahalla=home), token=petition.invite_token, now=now)
        if status == PetitionStatus.MODERATION:
            return petition
        from tests.factories import UserFactory as _U

        if moderator is None:
            from participation.services.roles import staff_role_grant

            moderator = _U()
            staff_role_grant(user=moderator, territory=petition.territory, role="moderator", granted_by=None)
        item = ModerationItem.objects.get(object_id=petition.pk, decided_at__isnull=True)
        if status == PetitionStatus.REJECTED:
            from participation.models import ReasonCode

            moderation_decide(item=item, moderator=moderator, outcome=ModerationOutcome.REJECT,
                              reason=ReasonCode.objects.get(code="duplicate"), explanation="Bunday petitsiya bor.", now=now)
            petition.refresh_from_db()
            return petition
        moderation_decide(item=item, moderator=moderator, outcome=ModerationOutcome.APPROVE, now=now)
        petition.refresh_from_db()
        if status == PetitionStatus.COLLECTING:
            return petition
        if status == PetitionStatus.THRESHOLD_REACHED:
            for _ in range(petition.signatures_needed - petition.signature_count):
                svc.petition_sign(petition=petition, user=resident(mahalla=home), now=now)
            petition.refresh_from_db()
            return petition
        raise ValueError(status)

    return make
