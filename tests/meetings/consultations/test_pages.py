"""The public pages and the staff screen as a reader uses them: the list and its filters, the
document with the inputs by paragraph, the input form's refusals (message shown, text kept,
nothing written), the outcome with its summary table, the staff screen's import errors, and
the query budget of every list as rows grow."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from meetings.consultations.models import Consultation, Disposition, Input, InputTarget
from meetings.consultations.selectors import version_latest, version_sections
from meetings.consultations.services import consultations as services
from meetings.consultations.services import inputs as input_services
from meetings.consultations.services.inputs import (
    INPUT_NOT_INVITED,
    INPUT_NOT_OPEN,
    INPUT_NOT_REPRESENTATIVE,
    INPUT_NOT_RESIDENT,
)
from participation.exceptions import ServiceError
from participation.models import OrganisationKind
from participation.organisations.registry import organisation_sections
from tests.factories.organisations import OrganisationFactory

pytestmark = pytest.mark.django_db
EVIL = "<script>alert(1)</script>"


def paragraphs(consultation):
    return [p for s in version_sections(version_latest(consultation)) for p in s.paragraph_list]


def give(consultation, person, text="Fikrim", *, paragraph=None, organisation=None):
    item = input_services.input_give(
        consultation=consultation,
        user=person,
        text=text,
        organisation=organisation,
        target=InputTarget.PARAGRAPH if paragraph else InputTarget.DOCUMENT,
        anchor=paragraph.anchor if paragraph else "",
    )
    Input.objects.filter(pk=item.pk).update(status="published")
    return item


def detail(consultation):
    return reverse("consultations:detail", args=[consultation.pk])


def test_the_list_filters_by_territory_stage_topic_and_audience(client, tree, make_consultation, make_staff):
    open_one = make_consultation(title="Ochiq", tags=["obodonlashtirish"])
    make_consultation(title="Eʼlon qilingan", phase="announced", audience="public")
    draft = make_consultation(title="Qoralama", publish=False)
    zomin = make_consultation(
        title="Zomin bogʻlari", territory=tree.zomin, staff=make_staff("manager", tree.zomin), phase="analysis"
    )
    url = reverse("consultations:list")
    page = client.get(url).content.decode()
    assert "Ochiq" in page and "Zomin bogʻlari" in page and draft.title not in page
    assert "Zomin bogʻlari" not in client.get(url, {"territory": tree.yangiqorgon.pk}).content.decode()
    by_stage = client.get(url, {"status": "open"}).content.decode()
    assert "Ochiq" in by_stage and "Eʼlon qilingan" not in by_stage and zomin.title not in by_stage
    by_topic = client.get(url, {"topic": "obodonlashtirish"}).content.decode()
    assert "Ochiq" in by_topic and "Zomin bogʻlari" not in by_topic
    by_audience = client.get(url, {"audience": "public"}).content.decode()
    assert "Eʼlon qilingan" in by_audience and "Ochiq" not in by_audience
    assert client.get(detail(open_one)).status_code == 200
    assert client.get(detail(draft)).status_code == 404


def test_the_document_shows_the_inputs_under_their_paragraph_escaped(client, make_consultation, resident):
    consultation = make_consultation()
    third = paragraphs(consultation)[2]
    give(consultation, resident(full_name="Dilnoza"), EVIL, paragraph=third)
    page = client.get(detail(consultation)).content.decode()
    block = page.split(f'id="p-{third.anchor}"')[1].split('class="consultation-paragraph"')[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in block and EVIL not in page
    assert "Dilnoza" in block


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("closed", INPUT_NOT_OPEN),
        ("other_district", "resident"),
        ("not_invited", INPUT_NOT_INVITED),
        ("membership_ended", INPUT_NOT_REPRESENTATIVE),
    ],
)
def test_a_refused_input_keeps_the_text_and_writes_nothing(
    case, message, client, tree, people, make_consultation, wag, make_representative, resident
):
    invited_only = case in ("not_invited", "membership_ended")
    consultation = make_consultation(
        phase="analysis" if case == "closed" else "open",
        audience="invited" if invited_only else "both",
        invite=[wag] if invited_only else [],
    )
    if case == "not_invited":
        other = OrganisationFactory(territory=tree.yangiqorgon, kind=OrganisationKind.YOUTH)
        person, on_behalf = make_representative(other), other
    elif case == "membership_ended":
        from django.utils import timezone

        person, on_behalf = make_representative(wag, ended=timezone.localdate()), wag
    elif case == "other_district":
        person, on_behalf = people.zomin_resident, None
    else:
        person, on_behalf = resident(), None
    client.force_login(person)
    url = reverse("consultations:give_input", args=[consultation.pk])
    form_page = client.get(url).content.decode()
    data = {"place": "document:", "text": "Mening taklifim: daraxtlar.", "on_behalf": "self"}
    if on_behalf is not None:
        # Offered or not, a forged choice of organisation is refused by the service too.
        data["on_behalf"] = str(on_behalf.pk)
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Mening taklifim: daraxtlar." in page
    expected = str(INPUT_NOT_RESIDENT % {"territory": tree.yangiqorgon.name}) if message == "resident" else str(message)
    assert expected in form_page and expected in page
    assert not Input.objects.exists()


def test_a_representative_gives_input_on_behalf_of_the_group(client, tree, make_consultation, wag, make_representative):
    consultation = make_consultation(audience="invited", invite_kinds=[(OrganisationKind.WAG, tree.yangiqorgon)])
    leader = make_representative(wag, full_name="Malika Karimova")
    third = paragraphs(consultation)[2]
    client.force_login(leader)
    url = reverse("consultations:give_input", args=[consultation.pk])
    page = client.get(url, {"paragraph": third.anchor}).content.decode()
    assert f'value="paragraph:{third.anchor}" selected' in page
    response = client.post(url, {"place": f"paragraph:{third.anchor}", "on_behalf": str(wag.pk), "text": "Taklif"})
    item = Input.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/inputs/{item.pk}/")
    assert (item.organisation, item.author, item.paragraph_anchor) == (wag, leader, third.anchor)


def concluded(make_consultation, staff, people, resident):
    consultation = make_consultation()
    first, third = paragraphs(consultation)[0], paragraphs(consultation)[2]
    accepted = give(consultation, resident(full_name="Akmal"), "=HYPERLINK(1)", paragraph=first)
    refused = give(consultation, resident(full_name="Gulnora"), "Boshqa reja", paragraph=third)
    services.consultation_close_input(consultation=consultation, staff=staff, note="Yopildi")
    input_services.inputs_dispose(
        consultation=consultation, staff=staff, inputs=[accepted.pk], disposition=Disposition.ACCEPTED
    )
    input_services.inputs_dispose(
        consultation=consultation,
        staff=staff,
        inputs=[refused.pk],
        disposition=Disposition.NOT_ACCEPTED,
        reason="Mablagʻ yetarli emas",
    )
    services.consultation_conclude(consultation=consultation, staff=staff, outcome_summary="Natija")
    return Consultation.objects.get(pk=consultation.pk)


def test_the_outcome_page_and_its_summary_table(client, people, resident, make_consultation, consultation_staff):
    consultation = concluded(make_consultation, consultation_staff, people, resident)
    page = client.get(reverse("consultations:outcome", args=[consultation.pk])).content.decode()
    assert "Mablagʻ yetarli emas" in page and "Not accepted" in page and "Accepted" in page
    csv = client.get(reverse("consultations:summary_csv", args=[consultation.pk])).content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in csv and "Gulnora,Paragraph 3,Boshqa reja,Not accepted,Mablagʻ yetarli emas" in csv
    xlsx = client.get(reverse("consultations:summary_xlsx", args=[consultation.pk])).content
    sheet = load_workbook(io.BytesIO(xlsx)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == ["Author or organisation", "Paragraph", "Proposal", "Disposition", "Reason"]
    assert ["Gulnora", "Paragraph 3", "Boshqa reja", "Not accepted", "Mablagʻ yetarli emas"] in values


def test_staff_see_the_import_errors_and_nothing_is_half_imported(client, make_consultation, consultation_staff):
    consultation = make_consultation()
    client.force_login(consultation_staff)
    url = reverse("consultations_admin:consultation", args=[consultation.pk])
    bad = io.BytesIO(b"## Bo'lim\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    bad.name = "reja.md"
    response = client.post(url, {"action": "version", "version-file": bad, "version-note": "Yangi"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "nothing was changed" in page and "line 3" in page
    assert consultation.versions.count() == 1


def test_concluding_with_a_missing_disposition_is_refused_on_the_staff_screen(
    client, make_consultation, consultation_staff, resident
):
    consultation = make_consultation()
    give(consultation, resident())
    services.consultation_close_input(consultation=consultation, staff=consultation_staff, note="Yopildi")
    client.force_login(consultation_staff)
    url = reverse("consultations_admin:consultation", args=[consultation.pk])
    response = client.post(url, {"action": "conclude", "conclude-outcome_summary": "Natija matni"})
    page = response.content.decode()
    assert "1 published input has no disposition yet" in page and "Natija matni" in page
    assert Consultation.objects.get(pk=consultation.pk).status == "published"


def _counts(client, url, grow, marker):
    client.get(url)
    counts = []
    for total in (3, 12):
        grow(total)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert response.content.decode().count(marker) >= total, marker
        counts.append(len(queries))
    return counts


def test_the_public_list_costs_the_same_with_more_consultations(client, make_consultation):
    def grow(total):
        while Consultation.objects.count() < total:
            make_consultation(title=f"Reja {Consultation.objects.count()}", tags=["obod"])

    counts = _counts(client, reverse("consultations:list"), grow, 'class="card"')
    assert counts[0] == counts[1], counts


def test_the_document_and_outcome_cost_the_same_with_more_inputs(
    client, make_consultation, resident, consultation_staff, wag, make_representative
):
    consultation = make_consultation(invite=[wag])
    spots = paragraphs(consultation)
    leader = make_representative(wag)

    def grow(total):
        while Input.objects.count() < total:
            number = Input.objects.count()
            organisation = wag if number % 2 else None
            give(
                consultation,
                leader if organisation else resident(),
                f"Fikr {number}",
                paragraph=spots[number % 4],
                organisation=organisation,
            )

    client.force_login(leader)
    counts = _counts(client, detail(consultation), grow, 'class="consultation-input"')
    assert counts[0] == counts[1], counts
    client.logout()
    staff_url = reverse("consultations_admin:consultation", args=[consultation.pk])
    client.force_login(consultation_staff)
    counts = _counts(client, staff_url, lambda total: grow(total + 12), 'class="consultation-staff-input')
    assert counts[0] == counts[1], counts
    services.consultation_close_input(consultation=consultation, staff=consultation_staff, note="Yopildi")
    input_services.inputs_dispose(
        consultation=consultation,
        staff=consultation_staff,
        inputs=Input.objects.values_list("pk", flat=True),
        disposition=Disposition.OUT_OF_SCOPE,
        reason="Boshqa masala",
    )
    services.consultation_conclude(consultation=consultation, staff=consultation_staff, outcome_summary="Natija")
    outcome = reverse("consultations:outcome", args=[consultation.pk])
    template = Input.objects.filter(consultation=consultation).order_by("pk").first()

    def more_answered(total):
        # A concluded consultation takes no input through the services: rows are copied.
        while Input.objects.count() < total + 24:
            template.pk = None
            template.save()

    counts = _counts(client, outcome, more_answered, "Boshqa masala")
    assert counts[0] == counts[1], counts


def test_the_staff_list_and_the_organisation_sections_cost_the_same_with_more_rows(
    client, make_consultation, consultation_staff, wag, make_representative
):
    leader = make_representative(wag)

    def grow(total):
        while Consultation.objects.count() < total:
            consultation = make_consultation(invite=[wag], title=f"Reja {Consultation.objects.count()}")
            give(consultation, leader, "Fikr", organisation=wag)

    client.force_login(consultation_staff)
    counts = _counts(client, reverse("consultations_admin:index"), grow, "/admin/consultations/")
    assert counts[0] == counts[1], counts
    sections = {section.key: section for section in organisation_sections()}
    for key in ("consultations", "consultation_inputs"):
        with CaptureQueriesContext(connection) as many:
            assert len(sections[key].rows(wag)) == 10  # bounded: twelve rows, a preview of ten
        assert len(many) == 1


def test_a_resident_answers_a_question_and_the_answer_shows_under_it(client, make_consultation, resident):
    consultation = make_consultation(questions=["Qaysi koʻcha birinchi?"])
    question = consultation.questions.get()
    person = resident(full_name="Nodira")
    client.force_login(person)
    url = reverse("consultations:give_input", args=[consultation.pk])
    client.post(url, {"place": f"question:{question.pk}", "on_behalf": "self", "text": "Mustaqillik koʻchasi"})
    item = Input.objects.get()
    assert (item.target, item.question) == ("question", question)
    item.status = "published"
    item.save()
    page = client.get(detail(consultation)).content.decode()
    block = page.split("Qaysi koʻcha birinchi?")[1]
    assert "Mustaqillik koʻchasi" in block and "Nodira" in block


def test_staff_of_another_district_do_not_find_the_staff_screen(client, tree, people, make_consultation):
    consultation = make_consultation()
    client.force_login(people.zomin_manager)
    url = reverse("consultations_admin:consultation", args=[consultation.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "publish"}).status_code == 404
    client.force_login(people.resident)
    assert client.get(reverse("consultations_admin:index")).status_code in (302, 403)


def test_staff_attach_a_document_and_readers_find_it(
    client, tree, pages, make_consultation, consultation_staff, settings, tmp_path
):
    """From their khokimiyat's collection only: another khokimiyat's unpublished file is
    neither offered nor accepted."""
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    from cms.services.access import khokimiyat_collection

    settings.MEDIA_ROOT = str(tmp_path)
    documents = get_document_model().objects

    def uploaded(title, territory):
        file = ContentFile(b"%PDF-1.4", name=f"{title}.pdf")
        return documents.create(title=title, file=file, collection=khokimiyat_collection(territory))

    document, elsewhere = uploaded("Xarita", tree.yangiqorgon), uploaded("Zomin loyihasi", tree.zomin)
    consultation = make_consultation()
    client.force_login(consultation_staff)
    url = reverse("consultations_admin:consultation", args=[consultation.pk])
    screen = client.get(url).content.decode()
    assert "Xarita" in screen and "Zomin loyihasi" not in screen
    refused = client.post(url, {"action": "attach", "attach-document": document.pk, "attach-title": " "})
    assert refused.status_code == 200 and not consultation.attachments.exists()
    client.post(url, {"action": "attach", "attach-document": elsewhere.pk, "attach-title": "Loyiha"})
    with pytest.raises(ServiceError) as not_theirs:
        services.consultation_attach(consultation=consultation, staff=consultation_staff, document=elsewhere, title="L")
    assert not_theirs.value.message == services.ATTACH_NOT_CHOOSABLE and not consultation.attachments.exists()
    client.post(url, {"action": "attach", "attach-document": document.pk, "attach-title": "Obodonlashtirish xaritasi"})
    page = client.get(detail(consultation)).content.decode()
    assert "Obodonlashtirish xaritasi" in page and document.url in page


def test_staff_change_the_wording_and_a_concluded_consultation_stays_as_it_was(
    client, people, resident, make_consultation, consultation_staff
):
    consultation = make_consultation()
    client.force_login(consultation_staff)
    url = reverse("consultations_admin:edit", args=[consultation.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"title": "Yangi nom", "summary": "Yangi mazmun", "tags": "suv, yoʻl"})
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert (consultation.title, sorted(t.name for t in consultation.tags.all())) == ("Yangi nom", ["suv", "yoʻl"])
    done = concluded(make_consultation, consultation_staff, people, resident)
    response = client.post(reverse("consultations_admin:edit", args=[done.pk]), {"title": "X", "summary": "Y"})
    assert response.status_code == 200 and Consultation.objects.get(pk=done.pk).title != "X"


def test_an_input_in_russian_on_the_uzbek_page_says_it_is_russian(client, make_consultation, resident):
    """Screen readers read a resident's words in their own language, whatever the page's."""
    consultation = make_consultation()
    item = give(
        consultation,
        resident(),
        "Нужно посадить больше фруктовых деревьев у школы.",
        paragraph=paragraphs(consultation)[2],
    )
    uzbek = client.get("/uz" + detail(consultation)[3:]).content.decode()
    card = uzbek.split(f'id="input-{item.pk}"')[1].split("</article>")[0]
    assert '<div lang="ru">' in card
    # The document itself is Uzbek, as the page: nothing to declare.
    paragraph = uzbek.split(f'id="p-{paragraphs(consultation)[2].anchor}"')[1].split("</p>")[0]
    assert 'lang="' not in paragraph
    russian = client.get("/ru" + detail(consultation)[3:]).content.decode()
    assert '<div lang="ru">' not in russian.split(f'id="input-{item.pk}"')[1].split("</article>")[0]
