import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from participation.exceptions import TerritoryImportError
from participation.models import Territory, TerritoryKind
from participation.selectors import (
    regions_with_khokimiyats,
    territory_ancestors,
    territory_contains,
    territory_descendants,
)
from participation.services.territories import mahallas_import_csv, territories_load_reference

ISO_CODES = {
    "UZ-AN",
    "UZ-BU",
    "UZ-FA",
    "UZ-JI",
    "UZ-NG",
    "UZ-NW",
    "UZ-QA",
    "UZ-QR",
    "UZ-SA",
    "UZ-SI",
    "UZ-SU",
    "UZ-TK",
    "UZ-TO",
    "UZ-XO",
}


@pytest.fixture
def reference(db):
    territories_load_reference()


def test_reference_load_builds_the_country_tree(reference):
    country = Territory.objects.get(kind=TerritoryKind.COUNTRY)
    regions = Territory.objects.filter(kind=TerritoryKind.REGION)
    assert country.code == "UZ"
    assert set(regions.values_list("code", flat=True)) == ISO_CODES
    assert all(region.depth == 2 for region in regions)
    local = Territory.objects.filter(kind__in=[TerritoryKind.DISTRICT, TerritoryKind.CITY])
    assert local.count() == 209
    assert local.filter(kind=TerritoryKind.CITY).count() == 33
    zomin = Territory.objects.get(name_uz="Zomin tumani")
    assert zomin.get_parent().code == "UZ-JI"
    assert (zomin.name_uz_cyrl, zomin.name_ru) == ("Зомин тумани", "Зааминский район")
    # Names are stored with the official apostrophe, whatever the source typed.
    assert Territory.objects.filter(name_uz="Yangiqoʻrgʻon tumani").exists()


def test_reference_load_is_idempotent(reference):
    before = list(Territory.objects.order_by("path").values_list("path", "name_uz"))
    result = territories_load_reference()
    assert (result.created, result.updated, result.unchanged) == (0, 0, 224)
    assert list(Territory.objects.order_by("path").values_list("path", "name_uz")) == before


def test_load_command_reports_counts(db):
    out = io.StringIO()
    call_command("load_territories", stdout=out, stderr=io.StringIO())
    assert "224 created" in out.getvalue()


def test_descendants_and_ancestors_are_single_queries(tree):
    with CaptureQueriesContext(connection) as queries:
        inside_namangan = set(territory_descendants(tree.namangan))
        above_navbahor = list(territory_ancestors(tree.navbahor))
    assert len(queries) == 2
    assert inside_namangan == {tree.yangiqorgon, tree.navbahor, tree.istiqlol, tree.chortoq, tree.bogʻishamol}
    assert above_navbahor == [tree.country, tree.namangan, tree.yangiqorgon]
    assert list(territory_ancestors(tree.navbahor, include_self=True))[-1] == tree.navbahor
    assert territory_contains(tree.namangan, tree.navbahor)
    assert not territory_contains(tree.jizzakh, tree.navbahor)


def test_names_follow_the_active_language(tree):
    with translation.override("ru"):
        assert tree.namangan.name == "Наманганская область"
    with translation.override("uz-cyrl"):
        # No Cyrillic spelling was loaded for this mahalla: it is derived from the Latin one.
        assert tree.oʻrikli.name == "Ўрикли"
    with translation.override("en"):
        assert tree.oʻrikli.name == "Oʻrikli"  # falls back to the official Uzbek name


def test_home_listing_has_a_constant_query_count(tree):
    with CaptureQueriesContext(connection) as small:
        listing = regions_with_khokimiyats()
    assert [(item.region.code, [t.name_uz for t in item.khokimiyats]) for item in listing] == [
        ("UZ-JI", ["Zomin tumani"]),
        ("UZ-NG", ["Chortoq tumani", "Yangiqoʻrgʻon tumani"]),
    ]
    for index in range(20):
        tree.namangan.add_child(kind=TerritoryKind.DISTRICT, name_uz=f"Tuman {index}")
    tree.country.add_child(kind=TerritoryKind.REGION, code="UZ-SA", name_uz="Samarqand viloyati")
    with CaptureQueriesContext(connection) as large:
        listing = regions_with_khokimiyats()
    assert len(large) == len(small) == 2
    assert sum(len(item.khokimiyats) for item in listing) == 23  # Zomin, Chortoq, Yangiqoʻrgʻon and 20 more


GOOD_CSV = """region,district,name_uz,code,name_ru,valid_from
UZ-NG,Yangiqo'rg'on tumani,Navbahor,1714236001,Навбахор,2020-01-01
UZ-NG,Yangiqo‘rg‘on tumani,Bog'bon,1714236002,Богбон,
UZ-JI,Zomin tumani,Duoba,,,
"""


def test_mahalla_import_creates_and_then_updates(reference):
    result = mahallas_import_csv(io.StringIO(GOOD_CSV))
    assert (result.created, result.updated) == (3, 0)
    bogbon = Territory.objects.get(code="1714236002")
    assert bogbon.name_uz == "Bogʻbon"  # the apostrophe is normalised
    assert bogbon.get_parent().name_uz == "Yangiqoʻrgʻon tumani"
    again = mahallas_import_csv(io.StringIO(GOOD_CSV.replace("Навбахор", "Навбаҳор")))
    assert (again.created, again.updated, again.unchanged) == (0, 1, 2)
    assert Territory.objects.filter(kind=TerritoryKind.MAHALLA).count() == 3


BAD_CSV = """region,district,name_uz,code,valid_from,valid_to
UZ-NG,Yangiqoʻrgʻon tumani,Navbahor,1,,
UZ-XX,Zomin tumani,Duoba,2,,
UZ-JI,Nowhere tumani,Duoba,3,,
UZ-JI,Zomin tumani,,4,,
UZ-JI,Zomin tumani,Oʻrikli,5,2020-13-01,
UZ-JI,Zomin tumani,Qoʻshtepa,6,2024-01-01,2023-01-01
UZ-NG,Yangiqoʻrgʻon tumani,Navbahor,1,,
"""


def test_bad_rows_are_reported_by_line_and_nothing_is_imported(reference):
    with pytest.raises(TerritoryImportError) as caught:
        mahallas_import_csv(io.StringIO(BAD_CSV))
    lines = [line for line, _message in caught.value.errors]
    assert lines == [3, 4, 5, 6, 7, 8]
    messages = dict(caught.value.errors)
    assert "UZ-XX" in messages[3]
    assert "Nowhere" in messages[4]
    assert "name_uz" in messages[5]
    assert "YYYY-MM-DD" in messages[6]
    assert "line 2" in messages[8]
    assert not Territory.objects.filter(kind=TerritoryKind.MAHALLA).exists()


def test_import_command_prints_line_numbers_and_fails(reference, tmp_path):
    path = tmp_path / "mahallas.csv"
    path.write_text(BAD_CSV, encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="6 bad row"):
        call_command("import_mahallas", str(path), stdout=io.StringIO(), stderr=err)
    assert f"{path}:3:" in err.getvalue()
    assert not Territory.objects.filter(kind=TerritoryKind.MAHALLA).exists()


def test_missing_columns_are_named(reference):
    with pytest.raises(TerritoryImportError, match="district"):
        mahallas_import_csv(io.StringIO("region,name_uz\nUZ-NG,Navbahor\n"))


def test_abolished_units_drop_out_of_current_listings(tree):
    from datetime import date

    merged = tree.namangan.add_child(
        kind=TerritoryKind.DISTRICT, name_uz="Eski tuman", valid_from=date(1990, 1, 1), valid_to=date(2020, 1, 1)
    )
    future = tree.namangan.add_child(kind=TerritoryKind.DISTRICT, name_uz="Yangi tuman", valid_from=date(2099, 1, 1))
    names = {t.name_uz for item in regions_with_khokimiyats() for t in item.khokimiyats}
    assert "Yangiqoʻrgʻon tumani" in names
    assert merged.name_uz not in names and future.name_uz not in names
