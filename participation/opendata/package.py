"""Reads for the open-data catalogue: the datasets' figures, their rows as published cells and
the Frictionless data package (https://datapackage.org/) that describes them all.

Every address in the package is absolute and has no language prefix (``/open-data/<name>.csv``),
so a program that stored it keeps reaching the same table whatever language the site shows.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.db.models import Count, Max
from django.urls import reverse

from participation.opendata.registry import Column, Dataset, datasets, file_resources

LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
PACKAGE_NAME = "participation-open-data"
# Rows a download reads at a time: its memory stays the same whatever the length of the table.
CHUNK = 2000


@dataclass(frozen=True)
class DatasetFigures:
    dataset: Dataset
    rows: int
    last_modified: datetime | None


def dataset_figures(dataset: Dataset) -> DatasetFigures:
    """Row count and latest change of one table: one aggregate query."""
    aggregates = {"rows": Count("*")}
    if dataset.modified:
        aggregates["last"] = Max(dataset.modified)
    found = dataset.rows().order_by().aggregate(**aggregates)
    return DatasetFigures(dataset, found["rows"], found.get("last"))


def catalogue() -> list[DatasetFigures]:
    """Every table with its figures: one query per table, whatever the number of rows."""
    return [dataset_figures(dataset) for dataset in datasets()]


def cell(value):
    """A value as the CSV writes it for Table Schema: ISO 8601 dates, UTC times with ``Z``,
    ``true``/``false``, empty for nothing, other values (UUIDs) as text; numbers stay numbers
    (never formula-guarded)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float | str):
        return value
    return str(value)  # a UUID (a page's translation key)


def json_value(value):
    """A value as the JSON download writes it: the CSV's dates, but real booleans and nulls."""
    if value is None or isinstance(value, bool):
        return value
    return cell(value)


def dataset_rows(dataset: Dataset) -> Iterator[list]:
    """The table's rows as CSV cells, read ``CHUNK`` at a time (one server-side cursor)."""
    for row in dataset.rows().iterator(chunk_size=CHUNK):
        yield [cell(value) for value in row]


def dataset_items(dataset: Dataset) -> Iterator[dict]:
    """The table's rows as JSON objects keyed by column name."""
    header = dataset.header
    for row in dataset.rows().iterator(chunk_size=CHUNK):
        yield {name: json_value(value) for name, value in zip(header, row, strict=True)}


def _field(column: Column) -> dict:
    field = {
        "name": column.name,
        "type": column.type,
        "description": column.description.en,
        "descriptions": column.description.as_dict(),
    }
    if column.type == "datetime":
        field["format"] = "%Y-%m-%dT%H:%M:%SZ"
    constraints = {}
    if column.required:
        constraints["required"] = True
    if column.unique:
        constraints["unique"] = True
    if column.enum:
        constraints["enum"] = list(column.enum)
    if column.minimum is not None:
        constraints["minimum"] = column.minimum
    if constraints:
        field["constraints"] = constraints
    return field


def _iso(moment: datetime | None) -> str | None:
    return cell(moment) if moment is not None else None


def _resource(figures: DatasetFigures, absolute) -> dict:
    dataset = figures.dataset
    schema = {"fields": [_field(column) for column in dataset.columns]}
    if dataset.primary_key:
        schema["primaryKey"] = list(dataset.primary_key)
    if dataset.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": list(key.columns), "reference": {"resource": key.resource, "fields": list(key.reference)}}
            for key in dataset.foreign_keys
        ]
    resource = {
        "name": dataset.name,
        "type": "table",
        "title": dataset.title.en,
        "titles": dataset.title.as_dict(),
        "description": dataset.description.en,
        "descriptions": dataset.description.as_dict(),
        "path": absolute(reverse("opendata_csv", kwargs={"name": dataset.name})),
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8-sig",
        "licenses": [LICENCE],
        "schema": schema,
        "rows": figures.rows,
    }
    if figures.last_modified is not None:
        resource["last_modified"] = _iso(figures.last_modified)
    return resource


def data_package(absolute) -> dict:
    """The whole catalogue as a Frictionless data package; ``absolute`` turns a site path into
    an absolute address (``request.build_absolute_uri``)."""
    figures = catalogue()
    resources = [_resource(item, absolute) for item in figures]
    for file in file_resources():
        resource = {
            "name": file.name,
            "type": "file",
            "title": file.title.en,
            "titles": file.title.as_dict(),
            "description": file.description.en,
            "descriptions": file.description.as_dict(),
            "path": absolute(file.path),
            "format": file.format,
            "mediatype": file.mediatype,
            "licenses": [LICENCE],
            **file.extra,
        }
        if file.last_modified is not None:
            resource["last_modified"] = _iso(file.last_modified)
        resources.append(resource)
    changes = [item.last_modified for item in figures if item.last_modified is not None]
    package = {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": PACKAGE_NAME,
        "title": "Open data of the local-governance participation platform",
        "description": (
            "Every public dataset of the platform: petitions, questions, decisions, services, "
            "participatory budgeting, organisations, consultations and meetings. Descriptions in "
            "Uzbek, Russian and English are in each item's `descriptions` property."
        ),
        "licenses": [LICENCE],
        "resources": resources,
    }
    if changes:
        package["last_modified"] = _iso(max(changes))
    return package


def csv_filename(dataset: Dataset) -> str:
    return f"{dataset.name}.csv"
