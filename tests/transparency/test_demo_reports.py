"""After ``seed_demo`` both demo districts have closed monthly and yearly reports frozen, and
their pages serve the snapshot; seeding twice adds nothing."""

import pytest
from django.utils import timezone

from participation.models import Territory
from participation.transparency.demo import demo_reports_seed
from participation.transparency.models import ReportSnapshot
from participation.transparency.periods import PeriodKind, period_containing

pytestmark = pytest.mark.django_db


def test_both_demo_districts_have_frozen_months_and_last_year(seeded, client):
    now = timezone.now()
    last_month = period_containing(PeriodKind.MONTH, now).previous
    last_year = period_containing(PeriodKind.YEAR, now).previous
    for name in ("Yangiqoʻrgʻon tumani", "Zomin tumani"):
        district = Territory.objects.get(name_uz=name)
        frozen = set(ReportSnapshot.objects.filter(territory=district).values_list("period_kind", "period_start"))
        assert (PeriodKind.MONTH.value, last_month.start) in frozen
        assert (PeriodKind.YEAR.value, last_year.start) in frozen
    page = client.get(f"/en/namangan-viloyati/yangiqorgon-tumani/report/{last_month.slug}/")
    assert page.status_code == 200
    assert "Live:" not in page.content.decode()
    assert (
        ReportSnapshot.objects.get(
            territory__name_uz="Yangiqoʻrgʻon tumani", period_kind="month", period_start=last_month.start
        ).sha256
        in page.content.decode()
    )


def test_seeding_the_reports_again_adds_nothing(seeded):
    territories = Territory.objects.filter(khokimiyat_pages__isnull=False).distinct()
    before = ReportSnapshot.objects.count()
    demo_reports_seed(territories)
    assert ReportSnapshot.objects.count() == before
