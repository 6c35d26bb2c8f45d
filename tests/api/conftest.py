"""Rows of every kind the API lists, written straight to the database in a public state (or in a
hidden one, to check it stays out), so a test can grow any list from 3 rows to 30 quickly.

``api_rows`` holds, for each endpoint, a function making its ``n``-th public row; each row
belongs to Yangiqoʻrgʻon (or a mahalla of it) unless told otherwise.
"""

from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.consultations.models import Consultation, ConsultationStatus, Input, InputStatus
from meetings.meetings.models import ActionItem, Meeting, MeetingStatus
from participation.transparency.periods import Period, PeriodKind
from participation.transparency.services import report_snapshot_freeze
from proposals.budgeting.models import Cycle, CycleResult
from proposals.questions.models import Question, QuestionStatus
from tests.factories.accounts import UserFactory
from tests.factories.consultations import consultation_made
from tests.factories.organisations import OrganisationFactory
from tests.factories.pages import centre, decision, khokimiyat, sections, service
from tests.factories.petitions import PetitionFactory
from tests.factories.territories import district as district_of
from tests.factories.territories import mahalla
from tests.fixtures.clock import T0


def api_queries(client, url: str) -> int:
    """The queries one GET of ``url`` costs (it must answer 200)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        assert response.status_code == 200, response.content[:300]
    return len(captured)


@pytest.fixture(autouse=True)
def fresh_counters():
    """Each test starts with the API's per-address counter at zero."""
    cache.clear()


class Rows:
    """Makers of public rows, one per endpoint; ``make(endpoint, n)`` makes its n-th row."""

    def __init__(self, tree, home_page, consultation_staff, meeting_staff, make_cycle, make_project):
        self.tree = tree
        self.home_page = home_page
        self.consultation_staff = consultation_staff
        self.meeting_staff = meeting_staff
        self.make_cycle = make_cycle
        self.make_project = make_project
        self.author = UserFactory()
        self._cycle = None
        self._consultation = None
        self._meeting = None
        self._sections = None

    # --- shared parents, made once ------------------------------------------------------------
    @property
    def cycle(self):
        if self._cycle is None:
            self._cycle = self.make_cycle("voting")
        return self._cycle

    @property
    def consultation(self):
        if self._consultation is None:
            self._consultation = consultation_made(staff=self.consultation_staff, territory=self.tree.yangiqorgon)
        return self._consultation

    @property
    def meeting(self):
        if self._meeting is None:
            self._meeting = self.meeting_made()
        return self._meeting

    @property
    def khokimiyat_sections(self):
        if self._sections is None:
            region = khokimiyat(self.home_page, self.tree.namangan, "namangan")
            district = khokimiyat(region, self.tree.yangiqorgon, "yangiqorgon")
            self._sections = sections(district)
        return self._sections

    # --- one row of each kind ---------------------------------------------------------------
    def make(self, endpoint: str, n: int):
        return getattr(self, endpoint.replace("-", "_"))(n)

    def territories(self, n):
        return mahalla(self.tree.yangiqorgon, f"Mahalla {n}")

    def khokimiyats(self, n):
        district = district_of(self.tree.namangan, f"Tuman {n}")  # a territory has at most one page
        return khokimiyat(self.home_page, district, f"tuman-{n}")

    def decisions(self, n):
        return decision(self.khokimiyat_sections[1], f"Qaror {n}", f"{n}-Q", day=1 + n % 28)

    def services(self, n):
        return service(self.khokimiyat_sections[2], f"Xizmat {n}")

    def centres(self, n):
        return centre(self.khokimiyat_sections[3], f"Markaz {n}", self.tree.navbahor)

    def petitions(self, n):
        return PetitionFactory(territory=self.tree.yangiqorgon, published_at=T0 - timedelta(days=n), author=self.author)

    def questions(self, n):
        return Question.objects.create(
            territory=self.tree.yangiqorgon,
            author=self.author,
            title=f"Savol {n}",
            text="Matn",
            topic="roads",
            status=QuestionStatus.PUBLISHED,
            published_at=T0 - timedelta(days=n),
            due_at=T0 + timedelta(days=15),
        )

    def cycles(self, n):
        return self.make_cycle("voting", title=f"Budjet {n}")

    def projects(self, n):
        return self.make_project(self.cycle, title=f"Loyiha {n}")

    def results(self, n):
        cycle = self.make_cycle("voting", title=f"Natija {n}")
        Cycle.objects.filter(pk=cycle.pk).update(results_published_at=T0)
        return CycleResult.objects.create(
            cycle=cycle,
            rule="greedy",
            selected=[],
            votes={},
            ballots_counted=10,
            ballots_annulled=0,
            participants=10,
            computed_at=T0,
        )

    def organisations(self, n):
        return OrganisationFactory(territory=self.tree.yangiqorgon)

    def consultations(self, n):
        return Consultation.objects.create(
            territory=self.tree.yangiqorgon,
            title=f"Muhokama {n}",
            summary="Qisqacha",
            status=ConsultationStatus.PUBLISHED,
            created_at=T0 - timedelta(days=2),
            published_at=T0 - timedelta(days=1),
        )

    def inputs(self, n):
        consultation = self.consultation
        return Input.objects.create(
            consultation=consultation,
            version=consultation.versions.first(),
            target="document",
            text=f"Taklif {n}",
            author=self.author,
            status=InputStatus.PUBLISHED,
            created_at=T0,
            published_at=T0,
            gender="female",
            age_band="30-44",
        )

    def meeting_made(self, status=MeetingStatus.ANNOUNCED, **fields):
        return Meeting.objects.create(
            territory=fields.pop("territory", self.tree.yangiqorgon),
            title=fields.pop("title", "Ochiq eshituv"),
            purpose="Muhokama",
            address="Hokimlik majlislar zali",
            starts_at=T0 + timedelta(days=3),
            ends_at=T0 + timedelta(days=3, hours=2),
            status=status,
            created_at=T0,
            updated_at=T0,
            announced_at=T0 if status != MeetingStatus.DRAFT else None,
            **fields,
        )

    def meetings(self, n):
        return self.meeting_made(title=f"Yigʻilish {n}")

    def action_items(self, n):
        return ActionItem.objects.create(
            meeting=self.meeting,
            text=f"Vazifa {n}",
            owner_department="Obodonlashtirish boʻlimi",
            due_at=T0 + timedelta(days=30 + n),
            created_at=T0,
            created_by=self.meeting_staff,
        )

    def reports(self, n):
        # Frozen snapshots of Yangiqoʻrgʻon, whose khokimiyat page publishes its reports: the
        # n-th month from January 2020, long closed by T0.
        self.khokimiyat_sections  # noqa: B018  (the pages of Namangan and Yangiqoʻrgʻon)
        period = Period(PeriodKind.MONTH, date(2020 + n // 12, n % 12 + 1, 1))
        return report_snapshot_freeze(territory=self.tree.yangiqorgon, period=period, now=T0)


ENDPOINTS = (
    "territories",
    "khokimiyats",
    "decisions",
    "services",
    "centres",
    "petitions",
    "questions",
    "cycles",
    "projects",
    "results",
    "organisations",
    "consultations",
    "inputs",
    "meetings",
    "action-items",
    "reports",
)


@pytest.fixture
def api_rows(tree, home_page, consultation_staff, meeting_staff, make_cycle, make_project) -> Rows:
    return Rows(tree, home_page, consultation_staff, meeting_staff, make_cycle, make_project)
