"""Submitting a participatory-budgeting project for a resident at the desk: the budget's own
submission, as the resident, with consent bound to the exact project."""

import pytest
from django.utils import timezone
from django.utils.html import escape

from participation.assisted import services
from participation.assisted.desk import desk_acts
from participation.assisted.models import AssistedAct, AssistedActKind, ConsentMethod
from participation.exceptions import ServiceError
from participation.models import Channel, VerificationLevel
from proposals.budgeting.assisted import (
    cycles_submitting_for,
    project_consent_reference,
    project_submit_assisted,
)
from proposals.budgeting.models import PBCategory, Project, ProjectStatus
from proposals.budgeting.services import projects as project_services
from tests.assisted.conftest import PHONE, last_code, last_text

pytestmark = pytest.mark.django_db

TITLE = "Navbahor maktabi oldida yoʻlak"
DESCRIPTION = "Maktab oldidagi yoʻlakni asfaltlash: bolalar loyda yurishadi."


@pytest.fixture
def submitting(make_cycle):
    return make_cycle("submission", at=timezone.now())


def project_form(cycle, tree, **changes):
    return {
        "title": TITLE,
        "description": DESCRIPTION,
        "category": cycle.categories.order_by("pk").first().pk,
        "mahalla": tree.navbahor.pk,
        "estimated_cost": "25 000 000",
        **changes,
    }


def paper(operator, resident, form):
    resident.phone = None
    resident.save()
    return services.consent_take(operator=operator, resident=resident, centre_id=None, reference="p", paper_form=form)


def submit(assistance, cycle, tree, **changes):
    fields = {
        "title": TITLE,
        "description": DESCRIPTION,
        "category": cycle.categories.order_by("pk").first(),
        "mahalla": tree.navbahor,
        "estimated_cost": 25_000_000,
        **changes,
    }
    return project_submit_assisted(assistance=assistance, cycle=cycle, **fields)


def test_the_project_is_the_residents_into_moderation_and_the_act_points_at_it(operator, elderly, submitting, tree):
    act, project = submit(paper(operator, elderly, "PSC-P1"), submitting, tree)
    project.refresh_from_db()
    assert (project.author, project.channel, project.status) == (elderly, Channel.ASSISTED, ProjectStatus.MODERATION)
    assert project.estimated_cost == 25_000_000 and not project.photos.exists()
    assert (act.kind, act.target_id, act.operator, act.resident) == (
        AssistedActKind.PROJECT,
        str(project.pk),
        operator,
        elderly,
    )
    assert (act.consent_method, act.consent_reference) == (ConsentMethod.PAPER_FORM, "PSC-P1")


@pytest.mark.parametrize(
    ("phase", "options", "message"),
    [
        ("review", {}, project_services.SUBMIT_CLOSED),
        ("submission", {"verification_level": VerificationLevel.NATIONAL_EID}, project_services.SUBMIT_NOT_VERIFIED),
    ],
)
def test_refused_with_the_residents_own_message_and_nothing_written(
    operator, elderly, make_cycle, tree, phase, options, message
):
    cycle = make_cycle(phase, at=timezone.now(), **options)
    with pytest.raises(ServiceError) as refused:
        submit(paper(operator, elderly, "PSC-P2"), cycle, tree)
    assert refused.value.message == message
    assert not Project.objects.exists() and not AssistedAct.objects.exists()


def test_another_districts_cycle_refuses_her_as_not_a_resident(operator, elderly, make_cycle, tree):
    cycle = make_cycle("submission", territory=tree.chortoq, at=timezone.now())
    with pytest.raises(ServiceError) as refused:
        submit(paper(operator, elderly, "PSC-P3"), cycle, tree, mahalla=tree.bogʻishamol)
    assert refused.value.message == project_services.SUBMIT_NOT_RESIDENT
    assert not Project.objects.exists() and not AssistedAct.objects.exists()
    assert cycles_submitting_for(elderly) == []


def test_a_cost_above_the_cycles_maximum_is_refused_as_hers_would_be(operator, elderly, submitting, tree):
    with pytest.raises(ServiceError):
        submit(paper(operator, elderly, "PSC-P4"), submitting, tree, estimated_cost=submitting.max_project_cost + 1)
    assert not Project.objects.exists() and not AssistedAct.objects.exists()


def test_only_cycles_taking_projects_where_she_lives_are_offered(elderly, make_cycle, tree, submitting):
    make_cycle("voting", at=timezone.now(), title="Ovoz berish")
    make_cycle("submission", territory=tree.zomin, at=timezone.now(), title="Zomin")
    assert cycles_submitting_for(elderly) == [submitting]


def test_the_reference_binds_the_cycle_and_every_field(submitting, tree):
    category = PBCategory.objects.order_by("pk").first()
    fields = {
        "title": TITLE,
        "description": DESCRIPTION,
        "category": category,
        "mahalla": tree.navbahor,
        "estimated_cost": 25_000_000,
    }
    same = project_consent_reference(submitting, **fields)
    assert same == project_consent_reference(submitting, **fields)
    assert same != project_consent_reference(submitting, **{**fields, "estimated_cost": 26_000_000})
    assert same != project_consent_reference(submitting, **{**fields, "mahalla": tree.istiqlol})


# --- the desk page ----------------------------------------------------------------------------


def test_the_desk_offers_the_act(desk, elderly, submitting):
    assert "operator_budgeting:projects" in [act.url_name for act in desk_acts()]
    page = desk.get(f"/en/operator/resident/{elderly.pk}/").content.decode()
    assert f"/en/operator/budget/{elderly.pk}/projects/" in page
    listing = desk.get(f"/en/operator/budget/{elderly.pk}/projects/").content.decode()
    assert submitting.title in listing


def test_submitted_through_the_desk_with_the_code_for_this_project(desk, elderly, submitting, tree):
    url = f"/en/operator/budget/{elderly.pk}/projects/{submitting.pk}/"
    page = desk.get(url).content.decode()
    assert 'name="photos"' not in page and 'name="title"' in page
    form = project_form(submitting, tree)
    desk.post(url, {**form, "action": "send"})
    assert TITLE in last_text(PHONE)
    response = desk.post(url, {**form, "action": "submit", "code": last_code(PHONE)})
    assert response.url == f"/en/operator/resident/{elderly.pk}/"
    project = Project.objects.get()
    assert (project.author, project.channel, project.estimated_cost) == (elderly, Channel.ASSISTED, 25_000_000)
    assert AssistedAct.objects.get().target_id == str(project.pk)


def test_a_double_submit_is_one_project_and_one_act(desk, elderly, submitting, tree):
    url = f"/en/operator/budget/{elderly.pk}/projects/{submitting.pk}/"
    form = project_form(submitting, tree)
    desk.post(url, {**form, "action": "send"})
    posted = {**form, "action": "submit", "code": last_code(PHONE)}
    first, second = desk.post(url, posted), desk.post(url, posted)
    assert first.url == second.url == f"/en/operator/resident/{elderly.pk}/"
    assert Project.objects.count() == 1 and AssistedAct.objects.count() == 1


def test_a_double_submit_on_paper_is_one_project_and_one_act(desk, elderly, submitting, tree):
    elderly.phone = None
    elderly.save()
    url = f"/en/operator/budget/{elderly.pk}/projects/{submitting.pk}/"
    posted = {**project_form(submitting, tree), "action": "submit", "paper_form": "PSC-77"}
    desk.post(url, posted)
    desk.post(url, posted)
    assert Project.objects.count() == 1 and AssistedAct.objects.count() == 1


def test_a_code_for_one_project_does_not_submit_another_and_the_input_stays(desk, elderly, submitting, tree):
    url = f"/en/operator/budget/{elderly.pk}/projects/{submitting.pk}/"
    desk.post(url, {**project_form(submitting, tree), "action": "send"})
    changed = project_form(submitting, tree, estimated_cost="90 000 000")
    response = desk.post(url, {**changed, "action": "submit", "code": last_code(PHONE)})
    assert response.status_code == 200
    assert DESCRIPTION in response.content.decode() and "90 000 000" in response.content.decode()
    assert not Project.objects.exists() and not AssistedAct.objects.exists()


def test_no_consent_no_project(desk, elderly, submitting, tree):
    url = f"/en/operator/budget/{elderly.pk}/projects/{submitting.pk}/"
    response = desk.post(url, {**project_form(submitting, tree), "action": "submit", "code": ""})
    assert response.status_code == 200 and escape(str(services.CONSENT_NEEDED)) in response.content.decode()
    assert not Project.objects.exists() and not AssistedAct.objects.exists()


def test_a_resident_below_the_cycles_level_is_told_up_front(desk, elderly, make_cycle, tree):
    cycle = make_cycle("submission", at=timezone.now(), verification_level=VerificationLevel.NATIONAL_EID)
    url = f"/en/operator/budget/{elderly.pk}/projects/{cycle.pk}/"
    assert str(project_services.SUBMIT_NOT_VERIFIED) in desk.get(url).content.decode()
    response = desk.post(url, {**project_form(cycle, tree), "action": "send"})
    assert str(project_services.SUBMIT_NOT_VERIFIED) in response.content.decode() and TITLE in response.content.decode()
    assert not Project.objects.exists()


def test_her_project_is_in_her_done_for_you_list(client, operator, elderly, submitting, tree):
    _act, project = submit(paper(operator, elderly, "PSC-P5"), submitting, tree)
    client.force_login(elderly)
    page = client.get("/en/accounts/profile/").content.decode()
    assert project.title in page


def test_the_cycles_offered_cost_two_queries_however_many(elderly, make_cycle, django_assert_max_num_queries):
    for number in range(4):
        make_cycle("submission", at=timezone.now(), title=f"Sikl {number}")
    with django_assert_max_num_queries(2):
        assert len(cycles_submitting_for(elderly)) == 4
