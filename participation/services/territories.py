"""Loading the territory tree: reference data from the ``uzbekistan`` package, mahallas
from a CSV. Both are idempotent (re-running updates in place) and all-or-nothing."""

import csv
import importlib.resources
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

import yaml
from django.db import transaction
from django.utils.translation import gettext as _

from participation.exceptions import TerritoryImportError
from participation.models import Territory, TerritoryKind
from participation.translit import normalize_apostrophes, search_key

Progress = Callable[..., Iterable]


def _no_progress(iterable, **_kwargs):
    return iterable


# The package has names but no codes; ISO 3166-2 codes are keyed by its English name.
ISO_3166_2_BY_PACKAGE_NAME = {
    "Republic of Karakalpakstan": "UZ-QR",
    "Andijan Region": "UZ-AN",
    "Bukhara Region": "UZ-BU",
    "Jizzakh Region": "UZ-JI",
    "Kashkadarya Region": "UZ-QA",
    "Navoiy Region": "UZ-NW",
    "Namangan Region": "UZ-NG",
    "Samarkand Region": "UZ-SA",
    "Surkhandarya Region": "UZ-SU",
    "Syrdarya Region": "UZ-SI",
    "Tashkent Region": "UZ-TO",
    "Fergana Region": "UZ-FA",
    "Khorezm Region": "UZ-XO",
    "Tashkent": "UZ-TK",
}

COUNTRY = {
    "code": "UZ",
    "source_key": "country:UZ",
    "kind": TerritoryKind.COUNTRY,
    "name_uz": "Oʻzbekiston Respublikasi",
    "name_uz_cyrl": "Ўзбекистон Республикаси",
    "name_ru": "Республика Узбекистан",
    "name_en": "Republic of Uzbekistan",
    "name_kaa": "Ózbekstan Respublikası",
}

NAME_FIELDS = ("name_uz", "name_uz_cyrl", "name_ru", "name_en", "name_kaa")


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _package_fixture(name: str) -> list[dict]:
    text = importlib.resources.files("uzbekistan").joinpath("fixtures", name).read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _upsert_child(parent: Territory | None, source_key: str, fields: dict, result: LoadResult) -> Territory:
    existing = Territory.objects.filter(source_key=source_key).first()
    if existing is None:
        result.created += 1
        if parent is None:
            return Territory.add_root(source_key=source_key, **fields)
        return parent.add_child(source_key=source_key, **fields)
    changed = [name for name, value in fields.items() if getattr(existing, name) != value]
    if changed:
        for name in changed:
            setattr(existing, name, fields[name])
        existing.save(update_fields=changed)
        result.updated += 1
    else:
        result.unchanged += 1
    return existing


@transaction.atomic
def territories_load_reference(*, progress: Progress = _no_progress) -> LoadResult:
    """Create or update the country, its 14 first-level units and ~209 districts and cities.

    The names come from the ``uzbekistan`` package (not retyped here); regions get their
    ISO 3166-2 codes from the table above.
    """
    result = LoadResult()
    country_fields = {key: value for key, value in COUNTRY.items() if key != "source_key"}
    country = _upsert_child(None, COUNTRY["source_key"], country_fields, result)

    regions = _package_fixture("regions.yaml")
    districts = _package_fixture("districts.yaml")
    unknown = [
        row["fields"]["name_en"] for row in regions if row["fields"]["name_en"] not in ISO_3166_2_BY_PACKAGE_NAME
    ]
    if unknown:
        raise TerritoryImportError([(0, f"No ISO 3166-2 code known for region {name!r}") for name in unknown])

    region_by_pk: dict[int, Territory] = {}
    for row in progress(regions, desc="regions", unit="region"):
        names = row["fields"]
        region_by_pk[row["pk"]] = _upsert_child(
            country,
            f"uzbekistan-pkg:region:{row['pk']}",
            {
                "kind": TerritoryKind.REGION,
                "code": ISO_3166_2_BY_PACKAGE_NAME[names["name_en"]],
                "name_uz": normalize_apostrophes(names["name_uz"]),
                "name_uz_cyrl": names["name_oz"],
                "name_ru": names["name_ru"],
                "name_en": names["name_en"],
            },
            result,
        )

    for row in progress(districts, desc="districts and cities", unit="district"):
        names = row["fields"]
        region = region_by_pk[names["region"]]
        _upsert_child(
            region,
            f"uzbekistan-pkg:district:{row['pk']}",
            {
                # The package does not say which units are cities; their Uzbek names do.
                "kind": TerritoryKind.CITY if names["name_uz"].endswith(" shahri") else TerritoryKind.DISTRICT,
                "name_uz": normalize_apostrophes(names["name_uz"]),
                "name_uz_cyrl": names["name_oz"],
                "name_ru": names["name_ru"],
                "name_en": names["name_en"],
            },
            result,
        )
    return result


# --- Mahallas from CSV ----------------------------------------------------------------------

MAHALLA_COLUMNS_REQUIRED = ("region", "district", "name_uz")
MAHALLA_COLUMNS_OPTIONAL = ("code", "name_uz_cyrl", "name_ru", "name_en", "name_kaa", "valid_from", "valid_to")


@dataclass
class _MahallaRow:
    line: int
    district: Territory
    source_key: str
    fields: dict


def _parse_date(value: str) -> date | None:
    value = value.strip()
    return date.fromisoformat(value) if value else None


def _read_mahalla_rows(lines: Iterable[str]) -> list[_MahallaRow]:
    reader = csv.DictReader(lines)
    header = [column.strip() for column in (reader.fieldnames or [])]
    missing = [column for column in MAHALLA_COLUMNS_REQUIRED if column not in header]
    if missing:
        raise TerritoryImportError([(1, _("missing column(s): %(columns)s") % {"columns": ", ".join(missing)})])
    reader.fieldnames = header

    regions = {t.code: t for t in Territory.objects.filter(kind=TerritoryKind.REGION)}
    districts: dict[tuple[str, str], Territory] = {}
    for territory in Territory.objects.filter(kind__in=[TerritoryKind.DISTRICT, TerritoryKind.CITY]):
        districts[(territory.path[: -territory.steplen], search_key(territory.name_uz))] = territory
        if territory.code:
            districts[(territory.path[: -territory.steplen], territory.code)] = territory
    codes_elsewhere = set(
        Territory.objects.exclude(kind=TerritoryKind.MAHALLA).exclude(code=None).values_list("code", flat=True)
    )

    errors: list[tuple[int, str]] = []
    rows: list[_MahallaRow] = []
    seen_keys: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        values = {key: (value or "").strip() for key, value in row.items() if key}
        problems = []
        for column in MAHALLA_COLUMNS_REQUIRED:
            if not values.get(column):
                problems.append(_("%(column)s is empty") % {"column": column})
        region = regions.get(values.get("region", "").upper())
        if values.get("region") and region is None:
            problems.append(_("unknown region code %(code)r") % {"code": values["region"]})
        district = None
        if region is not None and values.get("district"):
            district = districts.get((region.path, search_key(values["district"]))) or districts.get(
                (region.path, values["district"])
            )
            if district is None:
                problems.append(
                    _("no district or city %(name)r in %(region)s")
                    % {"name": values["district"], "region": region.code}
                )
        try:
            valid_from = _parse_date(values.get("valid_from", ""))
            valid_to = _parse_date(values.get("valid_to", ""))
        except ValueError:
            problems.append(_("dates must be written YYYY-MM-DD"))
            valid_from = valid_to = None
        if valid_from and valid_to and valid_to <= valid_from:
            problems.append(_("valid_to must be after valid_from"))
        code = values.get("code") or None
        if code and code in codes_elsewhere:
            problems.append(_("code %(code)s already belongs to a region, district or city") % {"code": code})
        if problems:
            errors.append((line, "; ".join(problems)))
            continue
        source_key = f"mahalla:{code}" if code else f"mahalla:{district.pk}:{search_key(values['name_uz'])}"
        if source_key in seen_keys:
            errors.append((line, _("same mahalla as line %(line)d") % {"line": seen_keys[source_key]}))
            continue
        seen_keys[source_key] = line
        fields = {"kind": TerritoryKind.MAHALLA, "code": code, "valid_from": valid_from, "valid_to": valid_to}
        fields.update({name: values.get(name, "") for name in NAME_FIELDS})
        fields["name_uz"] = normalize_apostrophes(fields["name_uz"])
        fields["name_kaa"] = normalize_apostrophes(fields["name_kaa"])
        rows.append(_MahallaRow(line=line, district=district, source_key=source_key, fields=fields))
    if errors:
        raise TerritoryImportError(errors)
    return rows


def mahallas_import_csv(lines: Iterable[str], *, progress: Progress = _no_progress) -> LoadResult:
    """Import mahallas; every row is checked before anything is written.

    A bad row raises ``TerritoryImportError`` listing every bad line, and the database is
    left exactly as it was, so an operator fixes the file and runs the same command again.
    """
    rows = _read_mahalla_rows(lines)
    result = LoadResult()
    with transaction.atomic():
        # One object per district, so treebeard's in-memory child count stays right.
        districts: dict[int, Territory] = {}
        for row in progress(rows, desc="mahallas", unit="mahalla"):
            district = districts.setdefault(row.district.pk, row.district)
            _upsert_child(district, row.source_key, row.fields, result)
    return result
