"""A database with a few public items of every open-data kind, plus hidden ones (drafts, items
in moderation, unverified organisations) and residents whose name, e-mail and address are easy
to find in a file. Rows are written directly (the open data reads rows; how they got there is
the features' own tests' business), and ``seed`` can be called again to add more of each."""

from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from django.utils import timezone

from meetings.consultations.models import Input, InputStatus
from meetings.meetings.models import ActionItem
from participation.models import MembershipRole, OrganisationStatus, StaffRoleKind
from participation.transparency.periods import Period, PeriodKind
from participation.transparency.services import report_snapshot_freeze
from proposals.budgeting.models import CycleResult, CycleResultFile, ProjectStatus
from proposals.petitions.models import MahallaSignatureCount, PetitionStatus, Signature
from proposals.questions.models import Question, QuestionStatus
from tests.factories.accounts import UserFactory
from tests.factories.consultations import consultation_made
from tests.factories.meetings import meeting_made
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.pages import centre, decision, khokimiyat, sections, service
from tests.factories.petitions import PetitionFactory
from tests.fixtures.clock import T0

# Text that breaks careless CSV, JSON or HTML: Cyrillic, quotes, a line break, a leading "="
# and "-" (formula guard), markup.
AWKWARD = [
    '=HYPERLINK("http://evil.example","click")',
    '-5 daraxt: «кавычки» and "quotes"',
    "Yoʻl\nikki qator, <script>alert(1)</script> & <b>bold</b>",
    "Мактаб ёнидаги йўл, 'single' quotes, comma, here",
]
HIDDEN = "HIDDEN-ITEM-MUST-NOT-BE-PUBLISHED"
RESIDENT_NAME = "Zulfiya Recognisable-Resident"
RESIDENT_EMAIL = "zulfiya.private@resident.example"
RESIDENT_IP = "203.0.113.77"
PRIVATE_PHONE = "+998 90 555 12 34"
REPRESENTATIVE_NAME = "Bahodir Unnamed-Representative"


@dataclass
class Seeded:
    rounds: int = 0
    hidden_ids: dict[str, list[int]] = field(default_factory=dict)


def _awkward(i: int) -> str:
    return f"{AWKWARD[i % len(AWKWARD)]} #{i}"


@pytest.fixture
def seed(tree, home_page, make_cycle, make_project, make_staff):
    """``seed(n)`` adds ``n`` public items of every kind (and one hidden item of each kind the
    first time); returns what it made."""
    state = Seeded()
    manager = make_staff(StaffRoleKind.MANAGER, tree.yangiqorgon)
    page = khokimiyat(home_page, tree.yangiqorgon, "yangiqorgon")
    _news, decisions, services, centres = sections(page)
    cycle = make_cycle("results")
    consultation = consultation_made(staff=manager, territory=tree.yangiqorgon, phase="analysis")
    meeting = meeting_made(staff=manager, territory=tree.yangiqorgon, starts_in=timedelta(days=-3))

    def resident(i):
        return UserFactory(
            full_name=f"{RESIDENT_NAME} {i}", email=f"{i}.{RESIDENT_EMAIL}", home_territory=tree.navbahor
        )

    def add(n: int) -> Seeded:
        now = timezone.now()
        for _ in range(n):
            i = state.rounds = state.rounds + 1
            person = resident(i)
            organisation = OrganisationFactory(
                territory=tree.yangiqorgon, contacts=PRIVATE_PHONE, description=_awkward(i)
            )
            MembershipFactory(
                organisation=organisation,
                user=UserFactory(full_name=f"{REPRESENTATIVE_NAME} {i}"),
                role=MembershipRole.REPRESENTATIVE,
            )
            status = PetitionStatus.ANSWERED if i % 2 else PetitionStatus.COLLECTING
            petition = PetitionFactory(
                territory=tree.yangiqorgon,
                author=person,
                title=_awkward(i),
                text=_awkward(i + 1),
                status=status,
                published_at=T0,
                answer="Javob: " + _awkward(i + 2) if i % 2 else "",
                signature_count=21,
            )
            Signature.objects.create(
                petition=petition, user=resident(f"s{i}"), mahalla=tree.navbahor, created_at=T0, ip=RESIDENT_IP
            )
            # 12 shown, 2 "< 5" and 7 "hidden" beside it (the total 21 is published).
            MahallaSignatureCount.objects.create(petition=petition, mahalla=tree.navbahor, count=12)
            MahallaSignatureCount.objects.create(petition=petition, mahalla=tree.istiqlol, count=7)
            MahallaSignatureCount.objects.create(petition=petition, mahalla=None, count=2)
            Question.objects.create(
                territory=tree.yangiqorgon,
                author=person,
                title=_awkward(i),
                text=_awkward(i + 3),
                topic="roads",
                status=QuestionStatus.PUBLISHED,
                published_at=T0,
                due_at=T0 + timedelta(days=15),
            )
            make_project(
                cycle,
                author=person,
                title=_awkward(i),
                status=ProjectStatus.SELECTED if i % 2 else ProjectStatus.NOT_SELECTED,
            )
            Input.objects.create(
                consultation=consultation,
                version=consultation.versions.first(),
                target="document",
                text=_awkward(i),
                author=person,
                attributed_to=f"{RESIDENT_NAME} said {i}",
                status=InputStatus.PUBLISHED,
                organisation=organisation if i % 2 else None,
                participant_kind="wag" if i % 2 else "individual",
                created_at=now,
                published_at=now,
                disposition="accepted" if i % 2 else "",
                gender="female",
                age_band="30-44",
            )
            extra = meeting_made(staff=manager, territory=tree.yangiqorgon, title=_awkward(i), address="Hokimlik zali")
            ActionItem.objects.create(
                meeting=extra,
                kind="action",
                text=_awkward(i),
                owner_user=None if i % 2 else person,
                owner_organisation=organisation if i % 2 else None,
                due_at=now + timedelta(days=30),
                created_at=now,
                created_by=manager,
            )
            decision(decisions, _awkward(i), f"{i}-Q")
            service(services, f"Xizmat {i}: {_awkward(i)}", fee=1000 * i, days=i)
            centre(centres, f"Markaz {i}", tree.navbahor, phone="+998 69 227 00 00")
            # A frozen report of a closed month (report-snapshots), computed from the rows above.
            month = Period(PeriodKind.MONTH, date(2025 - (i - 1) // 12, (i - 1) % 12 + 1, 1))
            report_snapshot_freeze(territory=tree.yangiqorgon, period=month, now=now)
        _results(cycle)
        return state

    # Hidden: a draft and a rejected petition, a question awaiting moderation, a project in
    # moderation, an unverified organisation, a draft consultation and meeting, an input in moderation.
    def hide():
        person = resident("hidden")
        hidden_petitions = [
            PetitionFactory(territory=tree.yangiqorgon, author=person, title=HIDDEN, status=PetitionStatus.DRAFT),
            PetitionFactory(territory=tree.yangiqorgon, author=person, title=HIDDEN, status=PetitionStatus.REJECTED),
        ]
        Question.objects.create(territory=tree.yangiqorgon, author=person, title=HIDDEN, text=HIDDEN, topic="roads")
        make_project(cycle, author=person, title=HIDDEN, status=ProjectStatus.MODERATION)
        OrganisationFactory(territory=tree.yangiqorgon, name_uz=HIDDEN, status=OrganisationStatus.REQUESTED)
        consultation_made(staff=manager, territory=tree.yangiqorgon, title=HIDDEN, publish=False)
        Input.objects.create(
            consultation=consultation,
            version=consultation.versions.first(),
            target="document",
            text=HIDDEN,
            author=person,
            status=InputStatus.MODERATION,
            created_at=timezone.now(),
        )
        meeting_made(staff=manager, territory=tree.yangiqorgon, title=HIDDEN, status="draft")
        state.hidden_ids["petitions"] = [p.pk for p in hidden_petitions]

    hide()
    ActionItem.objects.create(
        meeting=meeting,
        kind="decision",
        text="Yoʻlni taʼmirlash",
        owner_department="Obodonlashtirish boʻlimi",
        due_at=timezone.now(),
        created_at=timezone.now(),
        created_by=manager,
    )
    return add


def _results(cycle):
    """The cycle's count as publication stores it: a result with the votes per project, and
    its ``.pb`` file."""
    projects = list(cycle.projects.filter(status__in=[ProjectStatus.SELECTED, ProjectStatus.NOT_SELECTED]))
    now = timezone.now()
    result, _created = CycleResult.objects.update_or_create(
        cycle=cycle,
        defaults={
            "rule": cycle.winner_rule,
            "selected": [p.pk for p in projects if p.status == ProjectStatus.SELECTED],
            # The first project nobody chose: the count may leave it out of ``votes``.
            "votes": {str(p.pk): 10 + p.pk % 7 for p in projects[1:]},
            "ballots_counted": 40,
            "ballots_annulled": 1,
            "participants": 41,
            "computed_at": now,
        },
    )
    CycleResultFile.objects.update_or_create(
        result=result,
        kind="pb",
        language="",
        defaults={"content": "META\nkey;value\ndescription;test\n", "etag": "x", "created_at": now},
    )
    type(cycle).objects.filter(pk=cycle.pk).update(results_published_at=now)
