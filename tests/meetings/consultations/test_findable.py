"""A consultation is found where residents look: the sitemap, the site search, the khokimiyat
page (when its outcome is overdue); anonymous readers see a newly published input at once, the
kept copy of the page being dropped when the moderator decides."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.consultations.models import Consultation, InputTarget
from meetings.consultations.services import inputs as input_services
from participation.models import ModerationItem, ModerationOutcome
from participation.moderation.services import moderation_decide
from tests.fixtures.pages import sitemap_crawl

pytestmark = pytest.mark.django_db


def test_published_consultations_are_in_the_sitemap_and_the_search(client, make_consultation):
    published = make_consultation(title="Obodonlashtirish rejasi")
    draft = make_consultation(title="Yashirin qoralama", publish=False)
    crawl = sitemap_crawl(client)
    assert f"/consultations/{published.pk}/" in crawl and f"/consultations/{draft.pk}/" not in crawl
    page = client.get(reverse("site_search"), {"q": "obodonlashtirish"}).content.decode()
    assert reverse("consultations:detail", args=[published.pk]) in page
    assert "Yashirin" not in client.get(reverse("site_search"), {"q": "yashirin"}).content.decode()


def test_an_overdue_outcome_shows_on_the_khokimiyat_page_and_the_staff_list(
    client, pages, make_consultation, consultation_staff
):
    consultation = make_consultation(phase="analysis", title="Kechikkan natija")
    Consultation.objects.filter(pk=consultation.pk).update(outcome_due_at=timezone.now() - timedelta(days=2))
    page = client.get(pages.yangiqorgon.url).content.decode()
    assert "Kechikkan natija" in page and "overdue-consultations-title" in page
    client.force_login(consultation_staff)
    staff = client.get(reverse("consultations_admin:index")).content.decode()
    assert "Kechikkan natija" in staff and staff.count("consultation-overdue") == 1
    detail = client.get(reverse("consultations:detail", args=[consultation.pk])).content.decode()
    assert "badge-overdue" in detail


def test_a_published_input_shows_at_once_to_anonymous_readers(
    client, make_consultation, resident, people, django_capture_on_commit_callbacks
):
    consultation = make_consultation()
    url = reverse("consultations:detail", args=[consultation.pk])
    assert "Koʻprik kerak" not in client.get(url).content.decode()  # kept for the next reader
    item = input_services.input_give(
        consultation=consultation, user=resident(), text="Koʻprik kerak", target=InputTarget.DOCUMENT
    )
    waiting = ModerationItem.objects.get(object_id=item.pk, content_type__model="input")
    with django_capture_on_commit_callbacks(execute=True):
        moderation_decide(item=waiting, moderator=people.moderator, outcome=ModerationOutcome.APPROVE)
    assert "Koʻprik kerak" in client.get(url).content.decode()
