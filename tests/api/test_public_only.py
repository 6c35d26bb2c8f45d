"""The API shows only what the site shows: hidden, draft and moderated-out rows are absent from
lists and details, and no resident is ever named or reachable by e-mail or phone."""

import json
from datetime import timedelta

import pytest

from meetings.consultations.models import ConsultationStatus, Input, InputStatus
from meetings.meetings.models import ActionItem, MeetingStatus
from participation.models import OrganisationStatus
from proposals.budgeting.models import ProjectStatus
from proposals.petitions.models import PetitionStatus
from proposals.questions.models import Question, QuestionStatus
from tests.api.conftest import ENDPOINTS
from tests.factories.organisations import OrganisationFactory
from tests.factories.petitions import PetitionFactory
from tests.fixtures.clock import T0

pytestmark = pytest.mark.django_db


def ids(client, endpoint: str) -> set[int]:
    return {row["id"] for row in client.get(f"/api/v1/{endpoint}/?page_size=100").json()["results"]}


def absent(client, endpoint: str, pk: int) -> bool:
    return pk not in ids(client, endpoint) and client.get(f"/api/v1/{endpoint}/{pk}/").status_code == 404


@pytest.mark.parametrize(
    "status",
    [
        PetitionStatus.DRAFT,
        PetitionStatus.GATHERING,
        PetitionStatus.MODERATION,
        PetitionStatus.REJECTED,
        PetitionStatus.WITHDRAWN,
    ],
)
def test_petitions_not_yet_or_no_longer_public_are_absent(client, tree, status):
    shown = PetitionFactory(territory=tree.yangiqorgon, published_at=T0)
    hidden = PetitionFactory(territory=tree.yangiqorgon, status=status)
    assert shown.pk in ids(client, "petitions")
    assert absent(client, "petitions", hidden.pk)


def test_questions_awaiting_moderation_or_rejected_are_absent(client, api_rows, tree):
    shown = api_rows.make("questions", 1)
    for status in (QuestionStatus.PENDING, QuestionStatus.REJECTED):
        hidden = Question.objects.create(
            territory=tree.yangiqorgon,
            author=api_rows.author,
            title="Yashirin",
            text="Matn",
            topic="roads",
            status=status,
            rejection_reason="Mavzudan tashqari" if status == QuestionStatus.REJECTED else "",
        )
        assert absent(client, "questions", hidden.pk)
    assert shown.pk in ids(client, "questions")


def test_projects_in_moderation_rejected_or_withdrawn_are_absent(client, api_rows):
    shown = api_rows.make("projects", 1)
    for status in (ProjectStatus.MODERATION, ProjectStatus.REJECTED, ProjectStatus.WITHDRAWN):
        hidden = api_rows.make_project(api_rows.cycle, status=status, title=f"Yashirin {status}")
        assert absent(client, "projects", hidden.pk)
    assert shown.pk in ids(client, "projects")


def test_a_count_is_absent_until_its_results_are_published(client, api_rows):
    result = api_rows.make("results", 1)
    result.cycle.results_published_at = None
    result.cycle.save(update_fields=["results_published_at"])
    assert absent(client, "results", result.pk)


def test_draft_consultations_and_unpublished_inputs_are_absent(client, api_rows):
    shown = api_rows.make("inputs", 1)
    for status in (InputStatus.MODERATION, InputStatus.REJECTED):
        hidden = Input.objects.create(
            consultation=shown.consultation,
            version=shown.version,
            target="document",
            text="Yashirin",
            status=status,
            created_at=T0,
            author=api_rows.author,
        )
        assert absent(client, "inputs", hidden.pk)
    draft = api_rows.make("consultations", 1)
    draft.status = ConsultationStatus.DRAFT
    draft.save(update_fields=["status"])
    assert absent(client, "consultations", draft.pk)
    assert shown.pk in ids(client, "inputs")


def test_draft_meetings_and_their_action_items_are_absent(client, api_rows):
    draft = api_rows.meeting_made(status=MeetingStatus.DRAFT)
    item = ActionItem.objects.create(
        meeting=draft,
        text="Yashirin",
        owner_department="Boʻlim",
        due_at=T0 + timedelta(days=9),
        created_at=T0,
        created_by=api_rows.meeting_staff,
    )
    assert absent(client, "meetings", draft.pk)
    assert absent(client, "action-items", item.pk)


def test_organisations_not_verified_are_absent(client, tree):
    for status in (OrganisationStatus.REQUESTED, OrganisationStatus.REJECTED, OrganisationStatus.SUSPENDED):
        hidden = OrganisationFactory(territory=tree.yangiqorgon, status=status)
        assert absent(client, "organisations", hidden.pk)


def test_unpublished_pages_are_absent(client, api_rows):
    decision = api_rows.make("decisions", 1)
    assert decision.pk in ids(client, "decisions")
    decision.unpublish()
    assert absent(client, "decisions", decision.pk)


def test_no_resident_is_named_or_reachable_in_any_list_or_detail(client, api_rows):
    api_rows.author.full_name = "Dilnoza Karimova"
    api_rows.author.email = "dilnoza@example.uz"
    api_rows.author.save()
    rows = {endpoint: api_rows.make(endpoint, 1) for endpoint in ENDPOINTS}
    for endpoint, row in rows.items():
        for url in (f"/api/v1/{endpoint}/", f"/api/v1/{endpoint}/{row.pk}/"):
            body = client.get(url).content.decode()
            for personal in ("Dilnoza", "dilnoza@example.uz", '"author"', '"gender"', '"age_band"'):
                assert personal not in body, (url, personal)
    # The input is an individual's: its text is public, who gave it is not.
    assert json.loads(client.get(f"/api/v1/inputs/{rows['inputs'].pk}/").content)["organisation"] is None


def test_an_organisations_contacts_are_not_in_the_api_or_its_schema(client, tree):
    # Free text that may be a representative's own phone: the page shows it, bulk outputs never.
    organisation = OrganisationFactory(territory=tree.yangiqorgon, contacts="+998 90 555 12 34, rep@example.uz")
    for url in ("/api/v1/organisations/", f"/api/v1/organisations/{organisation.pk}/"):
        body = client.get(url).content.decode()
        assert organisation.name_uz in body
        assert '"contacts"' not in body and "555 12 34" not in body and "rep@example.uz" not in body, url
    schema = json.loads(client.get("/api/schema/", HTTP_ACCEPT="application/json").content)
    for name in ("Organisation", "OrganisationDetail"):
        assert "contacts" not in schema["components"]["schemas"][name]["properties"], name
