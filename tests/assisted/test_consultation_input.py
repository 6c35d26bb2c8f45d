"""Giving a consultation input for a resident at the desk: consent bound to the exact input,
her own input (channel assisted, her name on it, moderated like any other), one act per
consent, refused as her own would be, and counted as assisted in the report."""

import pytest
from django.db import IntegrityError, transaction

from meetings.consultations.assisted import consultations_open_for, input_give_assisted, inputs_described
from meetings.consultations.models import Input, InputChannel, InputStatus, InputTarget
from meetings.consultations.report import compute as consultations_section
from meetings.consultations.report import input_acts
from meetings.consultations.selectors import input_who
from meetings.consultations.services.inputs import input_give
from participation.assisted import services
from participation.assisted.models import AssistedAct, AssistedActKind, ConsentMethod
from participation.exceptions import ServiceError
from participation.models import Channel, VerificationLevel
from participation.transparency.periods import period_parse
from tests.assisted.conftest import PHONE, last_code, last_text
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

TEXT = "Navbahor koʻchasiga skameykalar va chiroqlar qoʻyilsin."
WHOLE = f"{InputTarget.DOCUMENT}:"


def url_for(resident, consultation) -> str:
    return f"/en/operator/consultations/{resident.pk}/{consultation.pk}/"


def paper_consent(operator, resident, form="PSC-1"):
    return services.consent_take(operator=operator, resident=resident, centre_id=None, reference="c", paper_form=form)


def test_the_input_is_hers_given_through_the_desk_with_her_consent(desk, elderly, make_consultation):
    consultation = make_consultation(title="Obodonlashtirish rejasi")
    url = url_for(elderly, consultation)
    form = {"place": WHOLE, "text": TEXT}
    desk.post(url, {**form, "action": "send"})
    assert "Obodonlashtirish rejasi" in last_text(PHONE)  # the message says what she agrees to
    response = desk.post(url, {**form, "action": "give", "code": last_code(PHONE)})
    assert response.url == f"/en/operator/resident/{elderly.pk}/"
    item = Input.objects.get()
    assert (item.author, item.channel, item.status, item.text) == (
        elderly,
        InputChannel.ASSISTED,
        InputStatus.MODERATION,
        TEXT,
    )
    act = AssistedAct.objects.get()
    assert (act.kind, act.target_id, act.resident) == (AssistedActKind.CONSULTATION_INPUT, str(item.pk), elderly)
    assert act.consent_method == ConsentMethod.PHONE_CODE
    assert input_who(item) == elderly.get_full_name()  # named as hers once published, never "said by" nobody


def test_a_double_submit_is_one_input_and_one_act(desk, elderly, make_consultation):
    consultation = make_consultation()
    url = url_for(elderly, consultation)
    form = {"place": WHOLE, "text": TEXT}
    desk.post(url, {**form, "action": "send"})
    given = {**form, "action": "give", "code": last_code(PHONE)}
    assert desk.post(url, given).status_code == 302
    again = desk.post(url, given)
    assert again.status_code == 200 and TEXT in again.content.decode()
    assert Input.objects.count() == AssistedAct.objects.count() == 1


def test_a_code_for_one_wording_does_not_send_another(desk, elderly, make_consultation):
    consultation = make_consultation()
    url = url_for(elderly, consultation)
    desk.post(url, {"place": WHOLE, "text": TEXT, "action": "send"})
    changed = TEXT + " Va hojatxona."
    response = desk.post(url, {"place": WHOLE, "text": changed, "action": "give", "code": last_code(PHONE)})
    assert response.status_code == 200 and changed in response.content.decode()  # the input is kept
    assert not Input.objects.exists() and not AssistedAct.objects.exists()


def test_without_consent_nothing_is_given(desk, elderly, make_consultation):
    consultation = make_consultation()
    response = desk.post(url_for(elderly, consultation), {"place": WHOLE, "text": TEXT, "action": "give"})
    assert response.status_code == 200 and TEXT in response.content.decode()
    assert "consent is needed" in response.content.decode()
    assert not Input.objects.exists() and not AssistedAct.objects.exists()


def test_a_paper_form_consents_to_one_act_only(operator, elderly, make_consultation):
    elderly.phone = None
    elderly.save()
    consultation = make_consultation()
    assistance = paper_consent(operator, elderly)
    act, item = input_give_assisted(
        assistance=assistance, consultation=consultation, text=TEXT, target=InputTarget.DOCUMENT
    )
    assert (act.consent_method, act.consent_reference, item.channel) == (
        ConsentMethod.PAPER_FORM,
        "PSC-1",
        InputChannel.ASSISTED,
    )
    with pytest.raises(ServiceError):
        paper_consent(operator, elderly)  # the same form again


def test_a_closed_consultation_refuses_as_her_own_input_would(operator, elderly, make_consultation, wag):
    elderly.phone = None
    elderly.save()
    closed = make_consultation(phase="analysis")
    invited_only = make_consultation(audience="invited", invite=(wag,))
    for consultation in (closed, invited_only):
        with pytest.raises(ServiceError):
            input_give_assisted(
                assistance=paper_consent(operator, elderly, form=f"F{consultation.pk}"),
                consultation=consultation,
                text=TEXT,
                target=InputTarget.DOCUMENT,
            )
    assert not Input.objects.exists() and not AssistedAct.objects.exists()
    assert consultations_open_for(elderly) == []


def test_the_desk_page_tells_why_and_offers_no_form(desk, elderly, make_consultation):
    closed = make_consultation(phase="analysis")
    page = desk.get(url_for(elderly, closed)).content.decode()
    assert "not open for input now" in page and "Send the input" not in page


def test_the_list_is_the_open_consultations_where_she_lives(
    desk, elderly, make_consultation, tree, people, django_assert_num_queries
):
    here = [make_consultation(title=f"Reja {number}") for number in range(3)]
    make_consultation(territory=tree.zomin, staff=people.zomin_manager, title="Zomin rejasi")
    make_consultation(phase="analysis", title="Yopilgan")
    with django_assert_num_queries(1):
        found = consultations_open_for(elderly)
    assert {consultation.pk for consultation in found} == {consultation.pk for consultation in here}
    page = desk.get(f"/en/operator/consultations/{elderly.pk}/").content.decode()
    assert "Reja 2" in page and "Zomin rejasi" not in page and "Yopilgan" not in page
    resident_page = desk.get(f"/en/operator/resident/{elderly.pk}/").content.decode()
    assert "Give input to a consultation" in resident_page


def test_done_for_you_names_the_consultation(operator, elderly, make_consultation, django_assert_num_queries):
    elderly.phone = None
    elderly.save()
    consultation = make_consultation(title="Obodonlashtirish rejasi")
    _act, item = input_give_assisted(
        assistance=paper_consent(operator, elderly), consultation=consultation, text=TEXT, target="document"
    )
    with django_assert_num_queries(1):
        described = inputs_described([str(item.pk), "not-a-number"])
    assert described[item.pk].title == "Obodonlashtirish rejasi"
    assert described[item.pk].url == f"/en/consultations/{consultation.pk}/"  # not published yet


def test_assisted_inputs_count_as_assisted_and_the_section_adds_up(operator, make_consultation, tree):
    """Enough inputs that no cell is hidden as small: six typed at the desk, five online."""
    consultation = make_consultation()
    for number in range(11):
        person = UserFactory(home_territory=tree.navbahor, verification_level=VerificationLevel.IN_PERSON, phone=None)
        if number < 6:
            input_give_assisted(
                assistance=paper_consent(operator, person, form=f"PSC-{number}"),
                consultation=consultation,
                text=TEXT,
                target=InputTarget.DOCUMENT,
            )
        else:
            input_give(consultation=consultation, user=person, text=TEXT, target=InputTarget.DOCUMENT)
    given = Input.objects.first().created_at
    period = period_parse(f"{given.year}-{given.month:02d}")
    channels = {channel: acts for channel, _gender, _band, acts in input_acts(tree.yangiqorgon, period)}
    assert channels == {Channel.ASSISTED: 6, Channel.WEB: 5}
    section = consultations_section(tree.yangiqorgon, period)
    figures = {row["key"]: row["value"] for row in section["figures"]}
    by_participant = next(item for item in section["tables"] if item["key"] == "inputs_by_participant")
    assert figures["inputs"] == sum(channels.values()) == by_participant["total"] == 11


def test_an_assisted_input_always_has_its_author(elderly, make_consultation):
    consultation = make_consultation()
    with pytest.raises(IntegrityError), transaction.atomic():
        Input.objects.create(
            consultation=consultation,
            version=consultation.versions.get(),
            target="document",
            text=TEXT,
            channel=InputChannel.ASSISTED,
            created_at=consultation.created_at,
        )


def test_the_api_and_open_data_publish_an_assisted_input_as_online(client, operator, make_consultation, tree):
    """Her name is on her published input: "assisted" beside it would tell everyone she needed
    help. Only the report's aggregate counts assisted inputs."""
    import json

    from django.utils import timezone

    from meetings.consultations.models import InputStatus
    from meetings.consultations.opendata import _input_rows

    consultation = make_consultation()
    person = UserFactory(home_territory=tree.navbahor, verification_level=VerificationLevel.IN_PERSON, phone=None)
    input_give_assisted(
        assistance=paper_consent(operator, person), consultation=consultation, text=TEXT, target=InputTarget.DOCUMENT
    )
    Input.objects.update(status=InputStatus.PUBLISHED, published_at=timezone.now())
    item = Input.objects.get()
    assert item.channel == InputChannel.ASSISTED
    listed = json.loads(client.get(f"/api/v1/inputs/{item.pk}/").content)
    assert listed["channel"] == InputChannel.ONLINE
    assert [row[4] for row in _input_rows()] == [InputChannel.ONLINE]
