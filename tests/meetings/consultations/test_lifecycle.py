"""A consultation through its services: input on a paragraph on behalf of an organisation,
moderation, a new version that keeps the paragraph's anchor, dispositions, the conclusion
refused while an input lacks one, then concluded and everyone concerned told."""

import pytest
from django.core import mail
from django.utils import timezone, translation

from meetings.consultations.models import (
    ConsultationStatus,
    Disposition,
    Input,
    InputStatus,
    InputTarget,
    PhaseExtension,
    PhaseKind,
)
from meetings.consultations.selectors import (
    consultation_phase,
    paragraph_get,
    summary_rows,
    version_first,
    version_latest,
    version_sections,
)
from meetings.consultations.services import consultations as services
from meetings.consultations.services import documents, notifications
from meetings.consultations.services import inputs as input_services
from participation.comments.selectors import comments_public
from participation.comments.services import comment_post
from participation.exceptions import ServiceError
from participation.follows.services import follow_set
from participation.models import ModerationItem, ModerationOutcome, OrganisationKind
from participation.moderation.services import moderation_decide

pytestmark = pytest.mark.django_db

NEW_TEXT = """# Mahalla obodonlashtirish rejasi

## Umumiy qoidalar

Reja mahalla fuqarolar yigʻini hududidagi koʻchalar, maydonlar va ariqlarni obodonlashtirishni belgilaydi.

Ishlar 2027-yil davomida bosqichma-bosqich bajariladi.

## Koʻkalamzorlashtirish

Har bir koʻchaga kamida 30 tup manzarali va mevali daraxt ekiladi.

Daraxtlarni sugʻorish uchun tomchilatib sugʻorish tizimi oʻrnatiladi.

Bolalar maydonchasi atrofiga butalar ekiladi.
"""


def third_paragraph(consultation):
    sections = version_sections(version_latest(consultation))
    return [p for s in sections for p in s.paragraph_list][2]


def publish(item, moderator):
    moderation_item = ModerationItem.objects.get(object_id=item.pk, content_type__model="input", decided_at=None)
    moderation_decide(item=moderation_item, moderator=moderator, outcome=ModerationOutcome.APPROVE)


def test_the_whole_life_of_a_consultation(
    tree, people, make_consultation, wag, make_representative, consultation_staff, django_capture_on_commit_callbacks
):
    consultation = make_consultation(audience="invited", invite_kinds=[(OrganisationKind.WAG, tree.yangiqorgon)])
    leader = make_representative(wag, full_name="Malika Karimova", preferred_language="uz")
    follower = people.resident
    follow_set(consultation, user=follower)
    paragraph = third_paragraph(consultation)

    item = input_services.input_give(
        consultation=consultation,
        user=leader,
        organisation=wag,
        text="Mevali daraxtlar ham ekilsin.",
        target=InputTarget.PARAGRAPH,
        anchor=paragraph.anchor,
    )
    assert (item.status, item.participant_kind, item.organisation) == (InputStatus.MODERATION, "wag", wag)
    publish(item, people.moderator)
    item.refresh_from_db()
    assert item.status == InputStatus.PUBLISHED
    comment = comment_post(item, author=people.author, text="Qoʻllab-quvvatlayman.")
    publish_comment = ModerationItem.objects.get(object_id=comment.pk, content_type__model="comment")
    moderation_decide(item=publish_comment, moderator=people.moderator, outcome=ModerationOutcome.APPROVE)
    assert [c.text for c in comments_public(item)] == ["Qoʻllab-quvvatlayman."]

    # A new version: the edited paragraph keeps its anchor, the inserted one gets a new one.
    version = documents.version_from_text(consultation=consultation, staff=consultation_staff, text=NEW_TEXT)
    assert version.number == 2
    moved = paragraph_get(version, paragraph.anchor)
    assert moved is not None and "30 tup" in moved.text and moved.position == 3
    assert version.paragraphs.count() == 5

    services.consultation_close_input(consultation=consultation, staff=consultation_staff, note="Muddat tugadi.")
    assert consultation_phase(consultation_fresh(consultation)).kind == PhaseKind.ANALYSIS

    with pytest.raises(ServiceError) as refused:
        services.consultation_conclude(consultation=consultation, staff=consultation_staff, outcome_summary="Bajardik.")
    assert "1 published input has no disposition" in str(refused.value.message)
    assert consultation_fresh(consultation).status == ConsultationStatus.PUBLISHED

    with pytest.raises(ServiceError) as refused:
        input_services.inputs_dispose(
            consultation=consultation, staff=consultation_staff, inputs=[item.pk], disposition=Disposition.PARTLY
        )
    assert refused.value.message == input_services.DISPOSITION_REASON_REQUIRED
    input_services.inputs_dispose(
        consultation=consultation,
        staff=consultation_staff,
        inputs=[item.pk],
        disposition=Disposition.PARTLY,
        reason="Mevali daraxtlar qoʻshildi, soni 30 ta.",
        paragraph_anchor=paragraph.anchor,
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.consultation_conclude(consultation=consultation, staff=consultation_staff, outcome_summary="Bajardik.")
    consultation = consultation_fresh(consultation)
    assert consultation.status == ConsultationStatus.CONCLUDED
    told = sorted(message.to[0] for message in mail.outbox)
    assert told == sorted([leader.email, follower.email])
    rows = summary_rows(consultation)
    assert [(r.who, r.place, r.disposition) for r in rows] == [
        ("Navbahor faol ayollari (Malika Karimova)", "Paragraph 3", "Partly accepted")
    ]
    assert version_first(consultation).number == 1


def consultation_fresh(consultation):
    from meetings.consultations.models import Consultation

    return Consultation.objects.get(pk=consultation.pk)


def test_the_invited_representatives_are_emailed_in_their_language(
    tree, make_consultation, wag, make_representative, make_staff, django_capture_on_commit_callbacks
):
    leader = make_representative(wag, preferred_language="ru")
    make_representative(wag, ended=timezone.localdate())  # a membership that ended today
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        make_consultation(audience="invited", invite=[wag], title="Obodonlashtirish")
    assert [message.to for message in mail.outbox] == [[leader.email]]
    with translation.override("ru"):
        expected = str(notifications.INVITED_SUBJECT) % {"title": "Obodonlashtirish"}
    assert mail.outbox[0].subject == expected


def test_the_open_phase_is_extended_once_with_a_public_note(make_consultation, consultation_staff):
    consultation = make_consultation()
    due = consultation.outcome_due_at
    services.consultation_extend_open(consultation=consultation, staff=consultation_staff, days=5, note="Iltimoslar.")
    consultation = consultation_fresh(consultation)
    assert (consultation.outcome_due_at - due).days == 5
    with pytest.raises(ServiceError) as refused:
        services.consultation_extend_open(consultation=consultation, staff=consultation_staff, days=2, note="Yana.")
    assert refused.value.message == services.EXTEND_ONCE
    assert PhaseExtension.objects.filter(lengthens=True).count() == 1


def test_open_for_less_than_ten_days_is_refused(tree, consultation_staff):
    with pytest.raises(ServiceError) as refused:
        services.consultation_create(
            staff=consultation_staff, territory=tree.yangiqorgon, title="T", summary="S", open_days=9
        )
    assert refused.value.message == services.OPEN_TOO_SHORT % {"days": 10}


def test_staff_record_a_paper_input_attributed_and_published(make_consultation, consultation_staff):
    consultation = make_consultation()
    item = input_services.input_record_offline(
        consultation=consultation,
        staff=consultation_staff,
        channel="paper",
        attributed_to="Olim Rahimov",
        text="Yoritish ham kerak.",
    )
    assert (item.status, item.channel, item.attributed_to, item.author) == ("published", "paper", "Olim Rahimov", None)
    assert Input.objects.filter(consultation=consultation).count() == 1


def test_figures_are_kept_as_they_were_when_the_input_was_given(make_consultation, resident):
    consultation = make_consultation()
    person = resident(gender="female", birth_year=1990, demographics_consent_at=timezone.now())
    item = input_services.input_give(consultation=consultation, user=person, text="Fikr", target=InputTarget.DOCUMENT)
    person.gender, person.birth_year = "", None
    person.save()
    item.refresh_from_db()
    assert (item.participant_kind, item.gender, item.age_band) == ("individual", "female", "30-44")


def test_no_disposition_while_input_is_open_and_no_conclusion_while_an_input_awaits_its_moderator(
    make_consultation, resident, people, consultation_staff
):
    """Dispositions answer what was said once everyone could say it; and an input a moderator
    publishes after the conclusion would stand without the disposition nobody can give then."""
    consultation = make_consultation()
    published = input_services.input_give(
        consultation=consultation, user=resident(), text="Yoritish kerak.", target=InputTarget.DOCUMENT
    )
    publish(published, people.moderator)
    with pytest.raises(ServiceError) as refused:
        input_services.inputs_dispose(
            consultation=consultation, staff=consultation_staff, inputs=[published.pk], disposition=Disposition.ACCEPTED
        )
    assert refused.value.message == input_services.DISPOSITION_NOT_NOW
    assert Input.objects.get(pk=published.pk).disposition == ""

    waiting = input_services.input_give(
        consultation=consultation, user=resident(), text="Ariqlar tozalansin.", target=InputTarget.DOCUMENT
    )
    services.consultation_close_input(consultation=consultation, staff=consultation_staff, note="Muddat tugadi.")
    input_services.inputs_dispose(
        consultation=consultation, staff=consultation_staff, inputs=[published.pk], disposition=Disposition.ACCEPTED
    )
    with pytest.raises(ServiceError) as refused:
        services.consultation_conclude(consultation=consultation, staff=consultation_staff, outcome_summary="Bajardik.")
    assert "1 input is still waiting for a moderator" in str(refused.value.message)
    assert consultation_fresh(consultation).status == ConsultationStatus.PUBLISHED

    publish(waiting, people.moderator)
    input_services.inputs_dispose(
        consultation=consultation,
        staff=consultation_staff,
        inputs=[waiting.pk],
        disposition=Disposition.OUT_OF_SCOPE,
        reason="Bu boshqa dastur.",
    )
    services.consultation_conclude(consultation=consultation, staff=consultation_staff, outcome_summary="Bajardik.")
    assert consultation_fresh(consultation).status == ConsultationStatus.CONCLUDED
